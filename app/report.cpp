#include "wakesim/app/report.h"

#include <algorithm>
#include <array>
#include <functional>

#include <fmt/format.h>

#include "wakesim/app/csv_field.h"
#include "wakesim/app/fabric_report.h"
#include "wakesim/app/flat_metrics.h"
#include "wakesim/app/run_safety.h"
#include "wakesim/core/version.h"
#include "wakesim/platforms/scenario.h"
#include "wakesim/power/device_link.h"

namespace wakesim {
namespace {

using nlohmann::ordered_json;

// Modules live under "scenario.soc."; reports name them as the platform file does.
std::string short_name(const std::string& full_name) {
  for (const char* prefix : {"scenario.soc.", "scenario."})
    if (full_name.rfind(prefix, 0) == 0) return full_name.substr(std::string(prefix).size());
  return full_name;
}

double us(double picoseconds) { return picoseconds * 1e-6; }

ordered_json latency_json(const LatencyHistogram& histogram) {
  const LatencyHistogram::Summary s = histogram.summary();
  return ordered_json{{"count", s.count},      {"mean_us", us(s.mean)},      {"min_us", us(double(s.min))},
                      {"p50_us", us(s.p50)},   {"p90_us", us(s.p90)},        {"p99_us", us(s.p99)},
                      {"p999_us", us(s.p999)}, {"max_us", us(double(s.max))}};
}

// The latency distribution as [upper edge in us, fraction of jobs at or below]
// for every non-empty histogram bucket (edges clamped to the largest sample):
// what a CDF plot needs, exact to the histogram's bucket width.
ordered_json latency_cdf_json(const LatencyHistogram& histogram) {
  ordered_json points = ordered_json::array();
  if (histogram.empty()) return points;
  std::uint64_t below = 0;
  for (std::size_t i = 0; i < LatencyHistogram::bucket_count(); ++i) {
    const std::uint64_t samples = histogram.bucket_samples(i);
    if (samples == 0) continue;
    below += samples;
    const std::uint64_t edge = std::min(LatencyHistogram::bucket_upper(i), histogram.max());
    points.push_back({us(double(edge)), double(below) / double(histogram.count())});
  }
  return points;
}

ordered_json client_json(const DmaengineClient& client, bool with_cpus) {
  const DmaengineClientStats& s = client.stats();
  ordered_json json{{"policy", to_string(client.policy())},
                    {"requests", s.requests},
                    {"completed", s.completed},
                    {"errors", s.errors},
                    {"deadline_misses", s.deadline_misses},
                    {"bytes", s.bytes},
                    {"might_sleep_violations", s.might_sleep_violations},
                    {"maps", s.maps},
                    {"unmaps", s.unmaps},
                    {"map_errors", s.map_errors},
                    {"latency", latency_json(s.latency)},
                    {"latency_cdf", latency_cdf_json(s.latency)},
                    {"breakdown_mean_us",
                     {{"prepare", us(s.prepare.mean())},
                      {"pm_wait", us(s.pm_wait.mean())},
                      {"queue", us(s.queue.mean())},
                      {"translation", us(s.translation.mean())},
                      {"transfer", us(s.transfer.mean())}}},
                    {"caller_blocked", latency_json(s.caller_blocked)}};
  // With CPUs only, so a platform without them keeps its report byte for byte.
  if (with_cpus) json["breakdown_mean_us"]["interrupt"] = us(s.interrupt.mean());
  return json;
}

// A client's throughput over the measured time (duration - warmup): the bytes
// and jobs of the jobs that completed ok in it, per second (docs/reading-a-report.md).
ordered_json client_throughput_json(const DmaengineClientStats& s, const sc_core::sc_time& measured) {
  const double seconds = measured.to_seconds();
  return ordered_json{{"bytes_per_second", static_cast<double>(s.bytes) / seconds},
                      {"jobs_per_second", static_cast<double>(s.completed) / seconds}};
}

// --- the CPU side (docs/cpu.md) ----------------------------------------------

double us_of(const sc_core::sc_time& t) { return t.to_seconds() * 1e6; }

// Joules of the ledger's accounts of `component` whose detail starts with `prefix`.
double account_joules(const std::vector<EnergyLedger::AccountReport>& accounts, const std::string& component,
                      const std::string& prefix) {
  double joules = 0.0;
  for (const EnergyLedger::AccountReport& a : accounts)
    if (a.component == component && a.detail.rfind(prefix, 0) == 0) joules += a.energy.joules;
  return joules;
}

ordered_json by_cause(const std::function<double(CpuCause)>& value) {
  ordered_json json = ordered_json::object();
  for (CpuCause cause : kCpuCauses) json[to_string(cause)] = value(cause);
  return json;
}

ordered_json cpu_json(const Cpu& cpu) {
  const CpuStats& s = cpu.stats();
  ordered_json residency = ordered_json::object();
  ordered_json entries = ordered_json::object();
  for (std::size_t i = 0; i < cpu.params().idle_states.size(); ++i) {
    residency[cpu.params().idle_states[i].name] = us_of(s.residency[i]);
    entries[cpu.params().idle_states[i].name] = s.entries[i];
  }
  return ordered_json{{"cluster", cpu.cluster() ? cpu.cluster()->basename() : ""},
                      {"busy_us", by_cause([&](CpuCause c) { return us_of(s.busy[index_of(c)]); })},
                      {"wakeups", by_cause([&](CpuCause c) { return double(s.wakeups[index_of(c)]); })},
                      {"waking_us", us_of(s.waking)},
                      {"residency_us", residency},
                      {"entries", entries}};
}

ordered_json cluster_json(const CpuCluster& cluster) {
  ordered_json residency = ordered_json::object();
  ordered_json entries = ordered_json::object();
  for (std::size_t i = 0; i < cluster.params().idle_states.size(); ++i) {
    residency[cluster.params().idle_states[i].name] = us_of(cluster.residency()[i]);
    entries[cluster.params().idle_states[i].name] = cluster.entries()[i];
  }
  return ordered_json{{"on_us", us_of(cluster.on_time())}, {"residency_us", residency}, {"entries", entries}};
}

// Energy, busy time and wakeups by cause over every CPU, then each CPU and cluster.
ordered_json cpus_json(const CpuSystem& cpus, const EnergyLedger& ledger, const sc_core::sc_time& duration) {
  const std::vector<EnergyLedger::AccountReport> accounts = ledger.accounts();
  double total = 0.0, idle = 0.0;
  std::array<double, kCpuCauseCount> busy_us{}, energy{}, wakeups{};
  ordered_json per_cpu = ordered_json::object();
  for (unsigned i = 0; i < cpus.cpu_count(); ++i) {
    const Cpu& cpu = cpus.cpu(i);
    const std::string name = cpu.name();
    for (CpuCause cause : kCpuCauses) {
      const std::size_t c = index_of(cause);
      busy_us[c] += us_of(cpu.stats().busy[c]);
      wakeups[c] += double(cpu.stats().wakeups[c]);
      energy[c] += account_joules(accounts, name, std::string("busy:") + to_string(cause)) +
                   account_joules(accounts, name, std::string("wake:") + to_string(cause));
    }
    idle += account_joules(accounts, name, "state:") + account_joules(accounts, name, "idle_entry");
    total += account_joules(accounts, name, "");
    per_cpu[cpu.basename()] = cpu_json(cpu);
  }
  ordered_json per_cluster = ordered_json::object();
  for (const auto& cluster : cpus.clusters()) {
    const double joules = account_joules(accounts, cluster->name(), "");
    idle += joules;
    total += joules;
    per_cluster[cluster->basename()] = cluster_json(*cluster);
  }
  const double seconds = duration.to_seconds();
  return ordered_json{{"energy_J", total},
                      {"idle_J", idle},
                      {"energy_by_cause_J", by_cause([&](CpuCause c) { return energy[index_of(c)]; })},
                      {"busy_us", by_cause([&](CpuCause c) { return busy_us[index_of(c)]; })},
                      {"wakeups", by_cause([&](CpuCause c) { return wakeups[index_of(c)]; })},
                      {"wakeups_per_s", by_cause([&](CpuCause c) { return wakeups[index_of(c)] / seconds; })},
                      {"cpus", per_cpu},
                      {"clusters", per_cluster}};
}

bool pm_runtime_linked(const IommuPowerManager& power, const RpmDevice& master) {
  for (const DeviceLink* link : power.links())
    if (link->pm_runtime() && &link->consumer() == &master) return true;
  return false;
}

// What the client's DMA met at an IOMMU port that was not resumed for it.
std::string suspended_iommu_outcome(const IommuPortStats& s) {
  if (s.isolation_bytes > 0) return fmt::format("{} bytes bypassed translation", s.isolation_bytes);
  if (s.faults() > 0) return fmt::format("{} accesses faulted", s.faults());
  if (s.stalls > 0) return fmt::format("{} accesses stalled until it resumed", s.stalls);
  return "no access met it suspended";
}

// Behaviour a reader would not guess from the numbers, in words. An irq-safe
// controller never resumes its PM_RUNTIME suppliers: rpm_resume() calls
// rpm_get_suppliers() only on its non-irq-safe path (drivers/base/power/runtime.c).
ordered_json client_notes(Platform& platform, const ClientSpec& spec) {
  ordered_json notes = ordered_json::array();
  const RpmDevice& master = platform.device(spec.dma);
  if (!master.is_irq_safe()) return notes;
  const unsigned port = platform.dma(spec.dma).channel(spec.channel).port();
  const Platform::IommuPath* path = platform.iommu_path(spec.dma, port);
  if (path == nullptr || !pm_runtime_linked(platform.iommu_power(path->iommu), master)) return notes;
  const RpmDevice& iommu = platform.iommu_power(path->iommu).device();
  const std::string state =
      iommu.resumes() == 0 ? "stayed suspended" : fmt::format("was resumed {} times, never for it", iommu.resumes());
  notes.push_back(
      fmt::format("client {}: {} is irq-safe, so the runtime PM core never resumes its PM_RUNTIME suppliers "
                  "(rpm_resume skips rpm_get_suppliers for irq-safe devices): {} {} and {}",
                  spec.name, spec.dma, path->iommu, state,
                  suspended_iommu_outcome(platform.iommu(path->iommu).port_stats(path->iommu_port))));
  return notes;
}

ordered_json energy_json(const EnergyLedger& ledger, const sc_core::sc_time& duration) {
  ordered_json components = ordered_json::object();
  for (const EnergyLedger::ComponentReport& c : ledger.by_component())
    components[short_name(c.component)] = {{"static_J", c.static_energy.joules},
                                           {"dynamic_J", c.dynamic_energy.joules},
                                           {"transition_J", c.transition_energy.joules},
                                           {"total_J", c.total.joules}};
  const double total = ledger.total().joules;
  return ordered_json{
      {"total_J", total}, {"average_power_W", total / duration.to_seconds()}, {"components", components}};
}

ordered_json power_json(Platform& platform) {
  ordered_json devices = ordered_json::object();
  for (RpmDevice* device : platform.devices())
    devices[short_name(device->name())] = {{"resumes", device->resumes()},
                                           {"suspends", device->suspends()},
                                           {"might_sleep_violations", device->might_sleep_violations()}};
  ordered_json domains = ordered_json::object();
  for (PowerDomain* domain : platform.domains())
    domains[short_name(domain->name())] = {{"power_on_count", domain->power_on_count()},
                                           {"power_off_count", domain->power_off_count()},
                                           {"on_time_us", domain->on_time().to_seconds() * 1e6},
                                           {"pinned_by_irq_safe_device", domain->pinned_by_irq_safe_device()}};
  return ordered_json{
      {"devices", devices}, {"domains", domains}, {"might_sleep_violations", platform.pm().might_sleep_violations()}};
}

ordered_json iommu_json(Platform& platform) {
  ordered_json iommus = ordered_json::object();
  for (const IommuSpec& spec : platform.spec().iommus) {
    const IommuPortStats s = platform.iommu(spec.device.name).total_port_stats();
    const IommuPowerManager& power = platform.iommu_power(spec.device.name);
    const IommuPowerManagerStats& calls = power.stats();
    iommus[spec.device.name] = {{"power_binding", to_string(power.binding())},
                                {"resumes", power.device().resumes()},
                                {"suspends", power.device().suspends()},
                                {"maps", calls.maps},
                                {"unmaps", calls.unmaps},
                                {"invalidations", calls.invalidations},
                                {"invalidations_skipped", calls.invalidations_skipped},
                                {"binding_pm_gets", calls.pm_gets},
                                {"binding_pm_wait_us", calls.pm_wait.to_seconds() * 1e6},
                                {"transactions", s.transactions},
                                {"tlb_hits", s.tlb_hits},
                                {"tlb_misses", s.tlb_misses},
                                {"walks", s.walks},
                                {"walk_latency", latency_json(s.walk_latency)},
                                {"faults", s.faults()},
                                {"isolation_violations", s.isolation_violations},
                                {"isolation_bytes", s.isolation_bytes},
                                {"stalls", s.stalls},
                                {"stall_time_us", s.stall_time.to_seconds() * 1e6}};
  }
  return iommus;
}

std::string joined_overrides(const std::vector<std::string>& overrides) {
  std::string text;
  for (const std::string& o : overrides) text += (text.empty() ? "" : " ") + o;
  return text;
}

// One row: the run's identity (scenario, seed, duration, warm-up, overrides), its
// safety, energy (over the measured time, after the warm-up),
// then per client its policy and latency; the CPU side's columns last.
std::string summary_csv(const Scenario& scenario, const ordered_json& metrics, const RunSafety& safety,
                        const std::vector<std::string>& overrides) {
  std::string header = "scenario,seed,duration_s,warmup_s,overrides,safe,unsafe_reason,total_energy_J,average_power_W";
  std::string row =
      fmt::format("{},{},{},{},{},{},{},{},{}", csv_field(scenario.spec().name), scenario.spec().seed,
                  scenario.spec().duration.to_seconds(), scenario.spec().warmup.to_seconds(),
                  csv_field(joined_overrides(overrides)), safety.safe ? 1 : 0, csv_field(safety.reason_text()),
                  metrics["energy"]["total_J"].get<double>(), metrics["energy"]["average_power_W"].get<double>());
  for (const auto& [name, client] : metrics["clients"].items()) {
    header += "," + csv_field(name + ".policy");
    row += "," + csv_field(client["policy"].get<std::string>());
    for (const char* field : {"p50_us", "p99_us", "max_us"}) {
      header += "," + csv_field(fmt::format("{}.{}", name, field));
      row += fmt::format(",{}", client["latency"][field].get<double>());
    }
    header += "," + csv_field(name + ".deadline_misses") + "," + csv_field(name + ".might_sleep_violations");
    row += fmt::format(",{},{}", client["deadline_misses"].get<std::uint64_t>(),
                       client["might_sleep_violations"].get<std::uint64_t>());
  }
  // The CPU side's columns come last, and only with CPUs (docs/cpu.md).
  if (metrics.contains("cpus")) {
    header += ",cpu_energy_J";
    row += fmt::format(",{}", metrics["cpus"]["energy_J"].get<double>());
    for (const auto& [name, client] : metrics["clients"].items()) {
      header += "," + csv_field(name + ".caller_blocked_p50_us") + "," + csv_field(name + ".caller_blocked_p99_us");
      row += fmt::format(",{},{}", client["caller_blocked"]["p50_us"].get<double>(),
                         client["caller_blocked"]["p99_us"].get<double>());
    }
  }
  return header + "\n" + row + "\n";
}

// The CPU side in words: who was blocked, what the CPUs spent and why they woke.
std::string cpu_summary_text(const ordered_json& metrics) {
  std::string text = "\n";
  for (const auto& [name, c] : metrics["clients"].items())
    text += fmt::format("{}: caller blocked p50 {:.2f} us, p99 {:.2f} us; interrupt {:.2f} us per job\n", name,
                        c["caller_blocked"]["p50_us"].get<double>(), c["caller_blocked"]["p99_us"].get<double>(),
                        c["breakdown_mean_us"]["interrupt"].get<double>());
  const ordered_json& cpus = metrics["cpus"];
  double wakeups_per_s = 0.0;
  for (const auto& [cause, rate] : cpus["wakeups_per_s"].items()) wakeups_per_s += rate.get<double>();
  text += fmt::format("cpu energy {:.6g} J (idle {:.6g} J), {:.1f} wakeups/s\n", cpus["energy_J"].get<double>(),
                      cpus["idle_J"].get<double>(), wakeups_per_s);
  for (const auto& [cause, busy] : cpus["busy_us"].items()) {
    const double joules = cpus["energy_by_cause_J"][cause].get<double>();
    const double rate = cpus["wakeups_per_s"][cause].get<double>();
    if (busy.get<double>() == 0.0 && joules == 0.0 && rate == 0.0) continue;
    text += fmt::format("  {:<12} busy {:>12.2f} us {:>12.6g} J {:>9.1f} wakeups/s\n", cause, busy.get<double>(),
                        joules, rate);
  }
  const double duration_us =
      metrics["energy"]["total_J"].get<double>() / metrics["energy"]["average_power_W"].get<double>() * 1e6;
  for (const auto& [name, cpu] : cpus["cpus"].items()) {
    text += fmt::format("  {:<6}", name);
    for (const auto& [state, us] : cpu["residency_us"].items())
      text += fmt::format(" {} {:.1f} %", state, 100.0 * us.get<double>() / duration_us);
    text += "\n";
  }
  return text;
}

std::string safety_text(const RunSafety& safety) {
  if (safety.safe) return "\nsafety: safe (no isolation or might-sleep violation, fault or deadline miss)\n";
  return "\nsafety: UNSAFE, never to be recommended: " + safety.reason_text() + "\n";
}

// One line per client: its throughput (clients.NAME.throughput) in MB/s and jobs/s.
std::string throughput_summary_text(const ordered_json& metrics) {
  std::string text;
  for (const auto& [name, c] : metrics["clients"].items())
    text += fmt::format("{:<12} throughput {:>10.2f} MB/s {:>12.1f} jobs/s\n", name,
                        c["throughput"]["bytes_per_second"].get<double>() * 1e-6,
                        c["throughput"]["jobs_per_second"].get<double>());
  return text;
}

std::string summary_text(const Scenario& scenario, const ordered_json& metrics, const RunSafety& safety) {
  std::string text = fmt::format("scenario {} (seed {}), {:.6g} s simulated", scenario.spec().name,
                                 scenario.spec().seed, scenario.spec().duration.to_seconds());
  if (scenario.spec().warmup != sc_core::SC_ZERO_TIME)
    text += fmt::format(", the first {:.6g} s warm-up left out", scenario.spec().warmup.to_seconds());
  text += "\n\n";
  text += fmt::format("{:<12} {:<10} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>7}\n", "client", "policy", "jobs",
                      "p50 us", "p99 us", "max us", "pm_wait", "transfer", "missed");
  for (const auto& [name, c] : metrics["clients"].items())
    text += fmt::format("{:<12} {:<10} {:>6} {:>10.2f} {:>10.2f} {:>10.2f} {:>10.2f} {:>10.2f} {:>7}\n", name,
                        c["policy"].get<std::string>(), c["completed"].get<std::uint64_t>(),
                        c["latency"]["p50_us"].get<double>(), c["latency"]["p99_us"].get<double>(),
                        c["latency"]["max_us"].get<double>(), c["breakdown_mean_us"]["pm_wait"].get<double>(),
                        c["breakdown_mean_us"]["transfer"].get<double>(), c["deadline_misses"].get<std::uint64_t>());
  text += throughput_summary_text(metrics);
  for (const auto& [name, c] : metrics["clients"].items())
    for (const auto& note : c["notes"]) text += fmt::format("note: {}\n", note.get<std::string>());
  if (metrics.contains("cpus")) text += cpu_summary_text(metrics);
  text += fmt::format("\nenergy {:.6g} J, average power {:.6g} W\n", metrics["energy"]["total_J"].get<double>(),
                      metrics["energy"]["average_power_W"].get<double>());
  for (const auto& [name, c] : metrics["energy"]["components"].items())
    text += fmt::format("  {:<24} {:>12.6g} J\n", name, c["total_J"].get<double>());
  for (const auto& [name, m] : metrics["iommus"].items())
    text += fmt::format(
        "\niommu {} ({}): {} resumes, {} maps, {} unmaps, {} TLB hits, {} misses, {} walks, "
        "{} faults, {} isolation violations ({} bytes)",
        name, m["power_binding"].get<std::string>(), m["resumes"].get<unsigned long>(), m["maps"].get<std::uint64_t>(),
        m["unmaps"].get<std::uint64_t>(), m["tlb_hits"].get<std::uint64_t>(), m["tlb_misses"].get<std::uint64_t>(),
        m["walks"].get<std::uint64_t>(), m["faults"].get<std::uint64_t>(),
        m["isolation_violations"].get<std::uint64_t>(), m["isolation_bytes"].get<std::uint64_t>());
  text += fabric_summary_text(metrics);
  text += fmt::format("\nmight-sleep violations {}\n", metrics["power"]["might_sleep_violations"].get<unsigned long>());
  for (const auto& [name, d] : metrics["power"]["domains"].items())
    text += fmt::format("  domain {:<16} on {:>5} times, off {:>5} times{}\n", name,
                        d["power_on_count"].get<unsigned long>(), d["power_off_count"].get<unsigned long>(),
                        d["pinned_by_irq_safe_device"].get<bool>() ? " (pinned ON by an irq-safe device)" : "");
  return text + safety_text(safety);
}

ordered_json safety_json(const RunSafety& safety) {
  return ordered_json{{"safe", safety.safe}, {"unsafe_reasons", safety.reasons}};
}

}  // namespace

Report make_report(Scenario& scenario, const ordered_json& effective_configuration,
                   const std::vector<std::string>& overrides) {
  ordered_json metrics;
  ordered_json clients = ordered_json::object();
  const CpuSystem* cpus = scenario.platform().cpus();
  for (const auto& client : scenario.clients()) clients[client->basename()] = client_json(*client, cpus != nullptr);
  for (const auto& client : scenario.clients())
    clients[client->basename()]["throughput"] = client_throughput_json(client->stats(), scenario.measured_duration());
  for (const ClientSpec& spec : scenario.spec().clients)
    clients[spec.name]["notes"] = client_notes(scenario.platform(), spec);
  metrics["clients"] = clients;
  metrics["energy"] = energy_json(scenario.ledger(), scenario.measured_duration());
  metrics["power"] = power_json(scenario.platform());
  metrics["iommus"] = iommu_json(scenario.platform());
  metrics["bus"] = bus_json(scenario.platform(), scenario.measured_duration());
  metrics["memory"] = memory_json(scenario.platform(), scenario.measured_duration());
  if (cpus) metrics["cpus"] = cpus_json(*cpus, scenario.ledger(), scenario.measured_duration());
  const RunSafety safety = assess_safety(flatten_metrics(metrics));

  Report report;
  report.json = {{"schema_version", kReportSchemaVersion},
                 {"tool", {{"name", "wakesim"}, {"version", WAKESIM_VERSION}}},
                 {"scenario", scenario.spec().name},
                 {"seed", scenario.spec().seed},
                 {"overrides", overrides},
                 {"duration_s", scenario.spec().duration.to_seconds()},
                 {"warmup_s", scenario.spec().warmup.to_seconds()},
                 {"safety", safety_json(safety)},
                 {"configuration", effective_configuration},
                 {"metrics", metrics}};
  report.summary_csv = summary_csv(scenario, metrics, safety, overrides);
  report.text = summary_text(scenario, metrics, safety);
  return report;
}

}  // namespace wakesim

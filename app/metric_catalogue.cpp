#include "wakesim/app/metric_catalogue.h"

#include <fmt/format.h>

namespace wakesim {
namespace {

// The order is the order of results.csv's metric columns: what a reader looks
// at first (latency, energy) before the detail.
const std::vector<MetricInfo> kCatalogue = {
    {"clients.<client>.requests", "count", "jobs the client issued"},
    {"clients.<client>.completed", "count", "jobs completed ok"},
    {"clients.<client>.errors", "count",
     "jobs that failed: a DMA error completion or a failed runtime PM get (unsafe)"},
    {"clients.<client>.deadline_misses", "count",
     "jobs with a deadline that failed, were refused or finished late (unsafe)"},
    {"clients.<client>.bytes", "B", "bytes moved by the jobs that completed ok"},
    {"clients.<client>.might_sleep_violations", "count",
     "sleeping runtime PM calls the client made in atomic context (unsafe)"},
    {"clients.<client>.maps", "count", "dma_map calls (IOMMU mappings created)"},
    {"clients.<client>.unmaps", "count", "dma_unmap calls"},
    {"clients.<client>.map_errors", "count", "mappings that failed (unsafe)"},
    {"clients.<client>.throughput.bytes_per_second", "B/s",
     "bytes of the jobs completed ok per second of the measured time (duration - warmup)"},
    {"clients.<client>.throughput.jobs_per_second", "1/s", "jobs completed ok per second of the measured time"},
    {"clients.<client>.latency.count", "count", "jobs in the latency distribution (those completed ok)"},
    {"clients.<client>.latency.mean_us", "us", "job latency, arrival to completion seen by the client: mean"},
    {"clients.<client>.latency.min_us", "us", "job latency: minimum"},
    {"clients.<client>.latency.p50_us", "us", "job latency: median"},
    {"clients.<client>.latency.p90_us", "us", "job latency: 90th percentile"},
    {"clients.<client>.latency.p99_us", "us", "job latency: 99th percentile"},
    {"clients.<client>.latency.p999_us", "us", "job latency: 99.9th percentile"},
    {"clients.<client>.latency.max_us", "us", "job latency: maximum"},
    {"clients.<client>.breakdown_mean_us.prepare", "us", "mean time preparing the job (data_prepare, descriptors)"},
    {"clients.<client>.breakdown_mean_us.pm_wait", "us",
     "mean time the job waited for its devices to resume (runtime PM): part of the latency whichever "
     "context waited"},
    {"clients.<client>.breakdown_mean_us.queue", "us", "mean time the job waited for a busy DMA channel"},
    {"clients.<client>.breakdown_mean_us.translation", "us", "mean IOMMU translation time (TLB misses, walks)"},
    {"clients.<client>.breakdown_mean_us.transfer", "us", "mean time moving the data over the bus"},
    {"clients.<client>.breakdown_mean_us.interrupt", "us",
     "mean time from the transfer's end to the client's completion callback (IRQ CPU wakeup, handler, "
     "tasklet); with CPUs only"},
    {"clients.<client>.caller_blocked.count", "count", "calls measured for caller_blocked"},
    {"clients.<client>.caller_blocked.mean_us", "us",
     "time the client's own context was blocked in its pm_runtime_get call: mean (0 for async, whose "
     "resume runs in a kworker while the caller goes on)"},
    {"clients.<client>.caller_blocked.min_us", "us", "caller blocked: minimum"},
    {"clients.<client>.caller_blocked.p50_us", "us", "caller blocked: median"},
    {"clients.<client>.caller_blocked.p90_us", "us", "caller blocked: 90th percentile"},
    {"clients.<client>.caller_blocked.p99_us", "us", "caller blocked: 99th percentile"},
    {"clients.<client>.caller_blocked.p999_us", "us", "caller blocked: 99.9th percentile"},
    {"clients.<client>.caller_blocked.max_us", "us", "caller blocked: maximum"},
    {"energy.total_J", "J", "energy of the whole platform over the measured time"},
    {"energy.average_power_W", "W", "energy.total_J divided by the measured time"},
    {"energy.components.<component>.static_J", "J",
     "a component's energy of being in its power states (leakage, retention); a <name>_rpm component is "
     "the runtime PM device's states, a domain's is its rail, the plain name is the hardware model"},
    {"energy.components.<component>.dynamic_J", "J",
     "a component's energy of doing work (bus beats, DRAM accesses, TLB lookups, CPU code)"},
    {"energy.components.<component>.transition_J", "J",
     "a component's energy of changing state (domain power on/off, resume and suspend callbacks, CPU idle "
     "entry and exit)"},
    {"energy.components.<component>.total_J", "J", "static + dynamic + transition"},
    {"cpus.energy_J", "J", "energy of every CPU and cluster (part of energy.total_J); with CPUs only"},
    {"cpus.idle_J", "J", "the part of cpus.energy_J spent idle (states, idle entry, clusters)"},
    {"cpus.energy_by_cause_J.<cause>", "J", "CPU energy of running and waking for one cause"},
    {"cpus.busy_us.<cause>", "us", "CPU time spent running code for one cause, all CPUs"},
    {"cpus.wakeups.<cause>", "count", "CPU wakeups from idle for one cause, all CPUs"},
    {"cpus.wakeups_per_s.<cause>", "1/s", "cpus.wakeups per second of measured time"},
    {"cpus.cpus.<cpu>.busy_us.<cause>", "us", "one CPU's busy time for one cause"},
    {"cpus.cpus.<cpu>.wakeups.<cause>", "count", "one CPU's wakeups for one cause"},
    {"cpus.cpus.<cpu>.waking_us", "us", "time one CPU spent leaving idle states"},
    {"cpus.cpus.<cpu>.residency_us.<state>", "us", "time one CPU spent in an idle state"},
    {"cpus.cpus.<cpu>.entries.<state>", "count", "entries of one CPU into an idle state"},
    {"cpus.clusters.<cluster>.on_us", "us", "time a cluster was powered (not in a cluster state)"},
    {"cpus.clusters.<cluster>.residency_us.<state>", "us", "time a cluster spent in a cluster state"},
    {"cpus.clusters.<cluster>.entries.<state>", "count", "entries of a cluster into a cluster state"},
    {"power.might_sleep_violations", "count", "sleeping runtime PM calls in atomic context, all devices (unsafe)"},
    {"power.devices.<device>.resumes", "count", "runtime resumes of a device (its runtime_resume callback ran)"},
    {"power.devices.<device>.suspends", "count", "runtime suspends of a device"},
    {"power.devices.<device>.might_sleep_violations", "count", "might-sleep violations on one device"},
    {"power.domains.<domain>.power_on_count", "count", "times a power domain was switched on"},
    {"power.domains.<domain>.power_off_count", "count", "times a power domain was switched off"},
    {"power.domains.<domain>.on_time_us", "us", "time a power domain was on"},
    {"power.domains.<domain>.pinned_by_irq_safe_device", "0/1",
     "1 when an irq-safe device kept the domain on (genpd never powers it off)"},
    {"iommus.<iommu>.resumes", "count", "runtime resumes of the IOMMU"},
    {"iommus.<iommu>.suspends", "count", "runtime suspends of the IOMMU"},
    {"iommus.<iommu>.maps", "count", "iommu_map calls"},
    {"iommus.<iommu>.unmaps", "count", "iommu_unmap calls"},
    {"iommus.<iommu>.invalidations", "count", "TLB invalidations sent to the hardware"},
    {"iommus.<iommu>.invalidations_skipped", "count", "TLB invalidations skipped because the IOMMU was suspended"},
    {"iommus.<iommu>.binding_pm_gets", "count", "runtime PM gets the IOMMU driver made around its calls"},
    {"iommus.<iommu>.binding_pm_wait_us", "us", "time the IOMMU driver's calls waited for its resume"},
    {"iommus.<iommu>.transactions", "count", "DMA transactions that reached the IOMMU"},
    {"iommus.<iommu>.tlb_hits", "count", "IOTLB hits"},
    {"iommus.<iommu>.tlb_misses", "count", "IOTLB misses"},
    {"iommus.<iommu>.walks", "count", "page-table walks"},
    {"iommus.<iommu>.walk_latency.count", "count", "walks in the walk latency distribution"},
    {"iommus.<iommu>.walk_latency.mean_us", "us", "page-table walk latency: mean"},
    {"iommus.<iommu>.walk_latency.min_us", "us", "walk latency: minimum"},
    {"iommus.<iommu>.walk_latency.p50_us", "us", "walk latency: median"},
    {"iommus.<iommu>.walk_latency.p90_us", "us", "walk latency: 90th percentile"},
    {"iommus.<iommu>.walk_latency.p99_us", "us", "walk latency: 99th percentile"},
    {"iommus.<iommu>.walk_latency.p999_us", "us", "walk latency: 99.9th percentile"},
    {"iommus.<iommu>.walk_latency.max_us", "us", "walk latency: maximum"},
    {"iommus.<iommu>.faults", "count", "translation faults (unsafe)"},
    {"iommus.<iommu>.isolation_violations", "count",
     "DMA accesses that went through the suspended (pass-through) IOMMU untranslated (unsafe)"},
    {"iommus.<iommu>.isolation_bytes", "B", "bytes of those accesses"},
    {"iommus.<iommu>.stalls", "count", "accesses stalled until the IOMMU resumed"},
    {"iommus.<iommu>.stall_time_us", "us", "total time of those stalls"},
    {"bus.bytes", "B", "bytes the interconnect carried to targets that completed them ok"},
    {"bus.initiators.<port>.transactions", "count",
     "transactions an initiator port (DMA/portN, IOMMU/out, IOMMU/walker) forwarded to a target"},
    {"bus.initiators.<port>.bytes", "B", "bytes of those transactions the target completed ok"},
    {"bus.initiators.<port>.busy_us", "us",
     "transfer time of the port's transactions: ceil(length / data_width) clock cycles each"},
    {"bus.initiators.<port>.utilisation", "ratio",
     "busy_us over the measured time (transfers to different targets overlap unless "
     "initiator_port_contention, so it can exceed 1)"},
    {"bus.initiators.<port>.wait.count", "count", "transactions in the wait distribution"},
    {"bus.initiators.<port>.wait.mean_us", "us",
     "time a transaction waited for its ports to be free (arbitration, queueing): mean"},
    {"bus.initiators.<port>.wait.p50_us", "us", "bus wait: median"},
    {"bus.initiators.<port>.wait.p99_us", "us", "bus wait: 99th percentile"},
    {"bus.initiators.<port>.wait.max_us", "us", "bus wait: maximum"},
    {"bus.initiators.<port>.power_errors", "count",
     "transactions refused because the bus's or the target's domain was off"},
    {"bus.initiators.<port>.target_errors", "count", "transactions the target answered with an error"},
    {"bus.initiators.<port>.unmapped", "count", "transactions to an address no target is mapped at"},
    {"bus.targets.<port>.transactions", "count", "transactions forwarded to a target port (dram)"},
    {"bus.targets.<port>.bytes", "B", "bytes of those transactions the target completed ok"},
    {"bus.targets.<port>.busy_us", "us", "time the target port was booked for transfers"},
    {"bus.targets.<port>.utilisation", "ratio", "busy_us over the measured time: the port's utilisation"},
    {"bus.targets.<port>.wait.count", "count", "transactions in the wait distribution"},
    {"bus.targets.<port>.wait.mean_us", "us", "time a transaction waited for the target port: mean"},
    {"bus.targets.<port>.wait.p50_us", "us", "target port wait: median"},
    {"bus.targets.<port>.wait.p99_us", "us", "target port wait: 99th percentile"},
    {"bus.targets.<port>.wait.max_us", "us", "target port wait: maximum"},
    {"bus.targets.<port>.power_errors", "count", "transactions refused because the target's domain was off"},
    {"bus.targets.<port>.target_errors", "count", "transactions the target answered with an error"},
    {"bus.segments.<segment>.bytes", "B",
     "with several interconnect segments: bytes one segment carried to targets that completed them ok"},
    {"bus.segments.<segment>.initiators.<port>.<component>", "",
     "one initiator port of that segment, with the fields of bus.initiators.<port> (a bridge entering it is one)"},
    {"bus.segments.<segment>.targets.<port>.<component>", "",
     "one target port of that segment, with the fields of bus.targets.<port> (dram, or a bridge leaving it)"},
    {"bus.bridges.<bridge>.transactions", "count", "transactions a bridge forwarded to the segment beyond it"},
    {"bus.bridges.<bridge>.bytes", "B", "bytes of those completed ok"},
    {"bus.bridges.<bridge>.busy_us", "us", "time its link was booked: ceil(length / data_width) clock cycles each"},
    {"bus.bridges.<bridge>.utilisation", "ratio", "busy_us over the measured time"},
    {"bus.bridges.<bridge>.wait.<component>", "us",
     "time a transaction waited for the bridge's link: count, mean_us, p50_us, p99_us, max_us"},
    {"bus.bridges.<bridge>.power_errors", "count", "transactions refused because the bridge's domain was off"},
    {"bus.bridges.<bridge>.target_errors", "count", "transactions answered with an error beyond the bridge"},
    {"memory.reads", "count", "DRAM read accesses"},
    {"memory.writes", "count", "DRAM write accesses"},
    {"memory.bytes_read", "B", "bytes read from the DRAM"},
    {"memory.bytes_written", "B", "bytes written to the DRAM"},
    {"memory.row_hits", "count", "rows accessed that were already open (per row an access touches)"},
    {"memory.row_misses", "count", "rows activated in a precharged bank (ACT only)"},
    {"memory.row_conflicts", "count", "rows activated in a bank with another row open (PRE, then ACT)"},
    {"memory.row_hit_rate", "ratio", "row_hits / (row_hits + row_misses + row_conflicts); 0 without accesses"},
    {"memory.busy_us", "us", "time the DRAM data bus was booked: bytes / bandwidth per access"},
    {"memory.utilisation", "ratio", "memory.busy_us over the measured time"},
    {"memory.wait.count", "count", "accesses in the DRAM wait distribution"},
    {"memory.wait.mean_us", "us", "time an access, ready (row open, latency paid), waited for the DRAM data bus: mean"},
    {"memory.wait.p50_us", "us", "DRAM data-bus wait: median"},
    {"memory.wait.p99_us", "us", "DRAM data-bus wait: 99th percentile"},
    {"memory.wait.max_us", "us", "DRAM data-bus wait: maximum"},
    {"memory.banks.<bank>.row_hits", "count", "row hits in one bank (banks numbered from 0)"},
    {"memory.banks.<bank>.row_misses", "count", "activations into one precharged bank"},
    {"memory.banks.<bank>.row_conflicts", "count", "row conflicts in one bank"},
    {"memory.banks.<bank>.row_hit_rate", "ratio", "one bank's row hit rate"},
    {"memory.residency_us.<state>", "us",
     "time the DRAM spent in a power state: active_standby, precharge_standby, power_down, self_refresh"},
    {"memory.residency_fraction.<state>", "ratio",
     "that time over the time the residency covers (the fractions add up to 1)"},
    {"memory.entries.<state>", "count", "entries of the DRAM into a power state"},
    {"memory.low_power_us", "us", "time in power_down and self_refresh"},
    {"memory.low_power_fraction", "ratio", "that time over the time the residency covers"},
    {"memory.slc.hits", "count", "with a system-level cache: cacheable reads whose lines were all present"},
    {"memory.slc.misses", "count", "cacheable reads that went to the DRAM (their lines then filled)"},
    {"memory.slc.hit_rate", "ratio", "hits / (hits + misses), 0 without lookups"},
    {"memory.slc.fills", "count", "lines allocated"},
    {"memory.slc.evictions", "count", "valid lines replaced (LRU)"},
    {"memory.slc.bypassed", "count", "transactions not cached: writes, and DMA reads unless cache_dma"},
    {"memory.channels.<channel>.<component>", "",
     "with several DRAM channels: one channel (numbered from 0), with the fields of memory; memory then sums them"},
};

const std::vector<MetricInfo> kDerived = {
    {"safe", "0/1",
     "1 when the run has no isolation violation, might-sleep violation, fault, failed "
     "transfer or mapping, and no deadline miss; only safe runs are recommended"},
    {"unsafe_reason", "text", "why a run is unsafe, with the counts"},
    {"energy_J", "J", "energy.total_J"},
    {"worst_p99_us", "us", "the largest clients.<client>.latency.p99_us"},
    {"worst_caller_blocked_p99_us", "us", "the largest clients.<client>.caller_blocked.p99_us"},
    {"pareto", "0/1",
     "1 on the Pareto front of the sweep's objectives (over safe points unless "
     "--include-unsafe)"},
};

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
    parts.push_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(path.substr(start));
  return parts;
}

bool is_name(const std::string& segment) { return segment.size() > 2 && segment.front() == '<'; }

// A pattern's segments against a path's: a literal matches itself, <name> one
// segment, <component> one or more.
bool matches(const std::vector<std::string>& pattern, std::size_t p, const std::vector<std::string>& path,
             std::size_t q) {
  if (p == pattern.size()) return q == path.size();
  if (q == path.size()) return false;
  if (pattern[p] == "<component>") {
    for (std::size_t end = q + 1; end <= path.size(); ++end)
      if (matches(pattern, p + 1, path, end)) return true;
    return false;
  }
  if (!is_name(pattern[p]) && pattern[p] != path[q]) return false;
  return matches(pattern, p + 1, path, q + 1);
}

}  // namespace

const std::vector<MetricInfo>& metric_catalogue() { return kCatalogue; }
const std::vector<MetricInfo>& derived_columns() { return kDerived; }

std::optional<std::size_t> catalogue_index(const std::string& path) {
  static const std::vector<std::vector<std::string>> patterns = [] {
    std::vector<std::vector<std::string>> split;
    for (const MetricInfo& m : kCatalogue) split.push_back(segments(m.path));
    return split;
  }();
  const std::vector<std::string> parts = segments(path);
  for (std::size_t i = 0; i < patterns.size(); ++i)
    if (matches(patterns[i], 0, parts, 0)) return i;
  return std::nullopt;
}

std::string metric_catalogue_text() {
  std::string text;
  for (const MetricInfo& m : kCatalogue) text += fmt::format("{:<50} {:<6} {}\n", m.path, m.unit, m.meaning);
  text += "\nresults.csv and summary.csv also carry:\n";
  for (const MetricInfo& m : kDerived) text += fmt::format("{:<50} {:<6} {}\n", m.path, m.unit, m.meaning);
  return text;
}

std::string metric_catalogue_markdown() {
  std::string text =
      "# Metrics\n\n"
      "Every metric wakesim reports, with its unit and meaning. This page is made by\n"
      "`wakesim metrics --format markdown` (a test keeps the two equal). The paths are\n"
      "those of report.json's `metrics` object, which are also the metric columns of a\n"
      "sweep's results.csv (in this order) and the names `check`, `compare --budget`\n"
      "and `advise --budget` take. A segment in angle brackets is a name from the\n"
      "platform or scenario; `<component>` may hold dots (`cpus.cpu0`).\n\n"
      "Three latencies are easy to confuse. `latency` is what the client sees, from a\n"
      "job's arrival to its completion. `breakdown_mean_us.pm_wait` is the part of it\n"
      "spent waiting for runtime PM to resume the devices, whichever context waited;\n"
      "`breakdown_mean_us.queue` the part spent behind other jobs on a busy channel.\n"
      "`caller_blocked` is how long the client's own thread was blocked in its\n"
      "pm_runtime_get call: a synchronous get blocks it for the whole resume, an\n"
      "asynchronous one never (the resume runs in a kworker), which is async's benefit\n"
      "even when its latency is longer.\n\n"
      "Energy is split by ledger component. A device appears twice: `<name>_rpm` is\n"
      "its runtime PM device (the power of its runtime states, and its resume and\n"
      "suspend callbacks as transitions), `<name>` the hardware model's work (bus\n"
      "beats, DRAM accesses, TLB lookups). A power domain's component is its rail.\n"
      "See docs/reading-a-report.md for how to read them together.\n\n"
      "| metric | unit | meaning |\n|---|---|---|\n";
  for (const MetricInfo& m : kCatalogue) text += fmt::format("| `{}` | {} | {} |\n", m.path, m.unit, m.meaning);
  text += "\n## Columns results.csv and summary.csv add\n\n| column | unit | meaning |\n|---|---|---|\n";
  for (const MetricInfo& m : kDerived) text += fmt::format("| `{}` | {} | {} |\n", m.path, m.unit, m.meaning);
  return text;
}

}  // namespace wakesim

// wakesim_bench: simulation speed against the SystemC ceiling, in one run.
//
//   wakesim_bench [--repeat 5] [--transactions 2000000] [--quantum 0s] [--quick]
//
// The quantum is the global TLM quantum of every part (0 by default, as `wakesim
// run` uses).
//
// Each measurement runs in its own process (SystemC elaborates once per
// process), a child of this one that prints a JSON line:
//   raw   the ceiling: 4 initiators -> stub -> stub -> memory, quantum keeper, no modelling
//   raw_synced  the same chain with the bus stub waiting out the annotated delay before
//         forwarding when another process could act first, as the model's interconnect
//         does (sync_on_arrival): the ceiling of that synchronisation design, to tell
//         its cost from the modelling work
//   warm  platforms/exynos_like.yaml: 4 DMA channels copying through the SysMMU (warm TLB),
//         interconnect and LPDDR4, every device ACTIVE
//   warm_nocpus  the same without the platform's CPU side (docs/cpu.md): the CPU layer's
//         cost on the transaction path is warm against this
//   cold  the same with every access missing the TLB (a 2-level walk through the bus each)
//   pm    a PM-heavy scenario (pl330_periodic with a 3 ms period and no autosuspend delay:
//         every job resumes the DMA, its SysMMU and their domain, and suspends them again)
//   pm_nocpus  the same without the CPU side
// It prints DMA bus transactions per host second of raw, warm and cold (medians of
// --repeat runs), the ratio warm / raw (median of the per-run ratios, raw and warm
// run back to back), runtime-PM events per host second, and the peak memory
// (max RSS) of warm runs of 1e6 and 1e8 transactions. Not a test: run it on an
// idle machine, in a RelWithDebInfo or Release build.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <systemc>
#include <tlm>

#include "forwarding_stub.h"
#include "platform_copy_rig.h"
#include "raw_initiator.h"
#include "raw_memory.h"
#include "wakesim/app/run_command.h"
#include "wakesim/core/quiet_systemc_banner.h"

namespace {

using nlohmann::json;
using wakesim::bench::ForwardingStub;
using wakesim::bench::PlatformCopyRig;
using wakesim::bench::RawInitiator;
using wakesim::bench::RawMemory;
using wakesim::bench::TlbMode;

constexpr unsigned kChannels = 4;
const std::string kSource = WAKESIM_SOURCE_DIR;

double seconds_since(const std::chrono::steady_clock::time_point& start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// --- children ---------------------------------------------------------------------

json run_raw(std::uint64_t transactions, bool bus_syncs) {
  // Latencies of the same order as the model's hops (5 ns bus hop, ~60 ns DRAM).
  RawMemory memory("memory", 64 * 1024 * 1024, sc_core::sc_time(60, sc_core::SC_NS));
  ForwardingStub bus("bus", sc_core::sc_time(5, sc_core::SC_NS), bus_syncs);
  ForwardingStub iommu("iommu", sc_core::sc_time(5, sc_core::SC_NS));
  iommu.out.bind(bus.in);
  bus.out.bind(memory.socket);
  std::vector<std::unique_ptr<RawInitiator>> initiators;
  for (unsigned c = 0; c < kChannels; ++c) {
    RawInitiator::Params params;
    params.source = c * 0x100000;
    params.destination = params.source + 0x80000;
    params.span = 16 * 1024;
    params.transactions = transactions / kChannels;
    initiators.push_back(std::make_unique<RawInitiator>(fmt::format("initiator{}", c).c_str(), params));
    initiators.back()->socket.bind(iommu.in);
  }
  const auto start = std::chrono::steady_clock::now();
  sc_core::sc_start();
  const double host = seconds_since(start);
  std::uint64_t done = 0, errors = 0;
  for (auto& i : initiators) {
    done += i->transactions();
    errors += i->errors();
  }
  return {{"transactions", done}, {"errors", errors}, {"host_s", host}};
}

json run_platform(std::uint64_t transactions, TlbMode mode, bool with_cpus = true) {
  PlatformCopyRig rig("rig", kSource + "/platforms/exynos_like.yaml", kChannels, transactions, mode, with_cpus);
  const auto start = std::chrono::steady_clock::now();
  sc_core::sc_start();
  const double host = seconds_since(start);
  return {{"transactions", rig.transactions()},
          {"errors", rig.errors()},
          {"tlb_misses", rig.tlb_misses()},
          {"host_s", host}};
}

json run_pm_heavy(const std::string& duration, bool with_cpus = true) {
  const std::filesystem::path out = std::filesystem::temp_directory_path() / fmt::format("wakesim-bench-{}", getpid());
  wakesim::RunOptions options;
  options.scenario_file = kSource + "/scenarios/pl330_periodic.yaml";
  options.overrides = {"scenario.duration=" + duration, "scenario.clients.0.workload.period=3ms",
                       "scenario.clients.0.workload.deadline=1ms", "scenario.clients.0.autosuspend_delay=0s"};
  if (!with_cpus) options.overrides.push_back("platform.cpus=null");
  options.out_dir = out.string();
  options.quiet = true;
  std::ostringstream sink;
  const auto start = std::chrono::steady_clock::now();
  const int code = wakesim::run_scenario(options, sink, sink);
  const double host = seconds_since(start);
  if (code != 0) throw std::runtime_error("pm scenario failed: " + sink.str());
  std::ifstream in(out / "report.json");
  const json report = json::parse(in);
  std::filesystem::remove_all(out);
  std::uint64_t events = 0;
  for (const auto& [name, device] : report["metrics"]["power"]["devices"].items())
    events += device["resumes"].get<std::uint64_t>() + device["suspends"].get<std::uint64_t>();
  for (const auto& [name, domain] : report["metrics"]["power"]["domains"].items())
    events += domain["power_on_count"].get<std::uint64_t>() + domain["power_off_count"].get<std::uint64_t>();
  return {{"pm_events", events}, {"deltas", sc_core::sc_delta_count()}, {"host_s", host}};
}

int run_child(const std::string& part, std::uint64_t transactions, const std::string& quantum,
              const std::string& duration) {
  tlm::tlm_global_quantum::instance().set(sc_core::sc_time::from_value(wakesim::parse_duration(quantum).picoseconds));
  json result;
  if (part == "raw")
    result = run_raw(transactions, false);
  else if (part == "raw_synced")
    result = run_raw(transactions, true);
  else if (part == "warm")
    result = run_platform(transactions, TlbMode::warm);
  else if (part == "warm_nocpus")
    result = run_platform(transactions, TlbMode::warm, false);
  else if (part == "pm_nocpus")
    result = run_pm_heavy(duration, false);
  else if (part == "cold")
    result = run_platform(transactions, TlbMode::cold);
  else
    result = run_pm_heavy(duration);
  result["part"] = part;
  result["max_rss_kib"] = peak_rss_kib();
  std::cout << result.dump() << std::endl;
  return 0;
}

// --- the driver ---------------------------------------------------------------------

json spawn(const std::string& args) {
  const std::string command = fmt::format("'{}' {}", std::filesystem::read_symlink("/proc/self/exe").string(), args);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot start " + command);
  std::string text;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe.get())) text += buffer.data();
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    throw std::runtime_error(command + " printed no result: " + text);
  }
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double rate(const json& r, const char* count) { return r[count].get<double>() / r["host_s"].get<double>(); }

int run_driver(unsigned repeat, std::uint64_t transactions, const std::string& quantum, bool quick) {
  const std::string common = fmt::format("--transactions {} --quantum {}", transactions, quantum);
  std::vector<double> raw, synced, warm, warm_nocpus, cold, ratio, cpu_cost;
  for (unsigned r = 0; r < repeat; ++r) {
    const json a = spawn("--part raw " + common);
    synced.push_back(rate(spawn("--part raw_synced " + common), "transactions"));
    const json b = spawn("--part warm " + common);
    const json c = spawn("--part cold " + common);
    warm_nocpus.push_back(rate(spawn("--part warm_nocpus " + common), "transactions"));
    raw.push_back(rate(a, "transactions"));
    warm.push_back(rate(b, "transactions"));
    cold.push_back(rate(c, "transactions"));
    ratio.push_back(warm.back() / raw.back());
    cpu_cost.push_back(warm_nocpus.back() / warm.back() - 1.0);  // extra time per transaction
    std::cout << fmt::format(
        "run {}: raw {:.3f} M/s, warm {:.3f} M/s (ratio {:.3f}), cold {:.3f} M/s ({} TLB misses)\n", r + 1,
        raw.back() / 1e6, warm.back() / 1e6, ratio.back(), cold.back() / 1e6, c["tlb_misses"].get<std::uint64_t>());
  }
  std::cout << fmt::format("DMA bus transactions per host second, {} transactions, quantum {}, median of {}:\n",
                           transactions, quantum, repeat);
  std::cout << fmt::format("  raw SystemC LT chain (ceiling)  {:10.3f} M/s\n", median(raw) / 1e6);
  std::cout << fmt::format("  raw chain, bus syncs on arrival {:10.3f} M/s\n", median(synced) / 1e6);
  std::cout << fmt::format("  platform, warm TLB              {:10.3f} M/s\n", median(warm) / 1e6);
  std::cout << fmt::format("  platform, warm TLB, no CPU side {:10.3f} M/s\n", median(warm_nocpus) / 1e6);
  std::cout << fmt::format("  platform, cold TLB              {:10.3f} M/s\n", median(cold) / 1e6);
  std::cout << fmt::format("  ratio warm / raw                {:10.3f}   (target >= 0.5)\n", median(ratio));
  std::cout << fmt::format("  CPU layer's cost per warm transaction {:+.1f} %   (target < 15 %)\n",
                           100 * median(cpu_cost));
  for (const char* part : {"pm", "pm_nocpus"}) {
    const json pm = spawn(fmt::format("--part {} --duration 30s --quantum {}", part, quantum));
    std::cout << fmt::format(
        "PM-heavy scenario{}: {} runtime-PM events in {:.3f} s: {:.0f} events/s, {:.0f} delta cycles/s\n",
        std::string(part) == "pm" ? "" : " without the CPU side", pm["pm_events"].get<std::uint64_t>(),
        pm["host_s"].get<double>(), rate(pm, "pm_events"), rate(pm, "deltas"));
  }
  if (quick) return 0;
  const json small = spawn(fmt::format("--part warm --transactions 1000000 --quantum {}", quantum));
  const json large = spawn(fmt::format("--part warm --transactions 100000000 --quantum {}", quantum));
  const double a = small["max_rss_kib"].get<double>(), b = large["max_rss_kib"].get<double>();
  std::cout << fmt::format(
      "peak memory: 1e6 transactions {:.1f} MiB, 1e8 transactions {:.1f} MiB ({:+.1f} %), "
      "1e8 at {:.3f} M/s\n",
      a / 1024, b / 1024, 100 * (b - a) / a, rate(large, "transactions") / 1e6);
  return 0;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  CLI::App app{"wakesim_bench: simulation speed against a raw SystemC LT chain"};
  std::string part, quantum = "0s", duration = "30s";
  std::uint64_t transactions = 2000000;
  unsigned repeat = 5;
  bool quick = false;
  app.add_option("--part", part, "run one measurement and print it as JSON")
      ->check(CLI::IsMember({"raw", "raw_synced", "warm", "warm_nocpus", "cold", "pm", "pm_nocpus"}));
  app.add_option("--transactions", transactions, "DMA bus transactions per throughput run");
  app.add_option("--quantum", quantum, "global TLM quantum, with a unit");
  app.add_option("--duration", duration, "simulated time of the PM-heavy scenario");
  app.add_option("--repeat", repeat, "runs of each throughput measurement")->check(CLI::PositiveNumber);
  app.add_flag("--quick", quick, "skip the 1e6 / 1e8 memory runs");
  CLI11_PARSE(app, argc, argv);
  try {
    if (!part.empty()) return run_child(part, transactions, quantum, duration);
    return run_driver(repeat, transactions, quantum, quick);
  } catch (const std::exception& error) {
    std::cerr << "wakesim_bench: " << error.what() << "\n";
    return 1;
  }
}

// The CPU side in whole scenarios (docs/cpu.md): a platform without CPUs keeps
// the numbers it gave before the CPU side existed, and the two CPU scenarios show
// async winning and losing for the reasons their headers give.
#include <catch2/catch.hpp>

#include <fstream>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

json run_scenario(const std::string& scenario, const std::string& tag, const std::vector<std::string>& overrides) {
  return wakesim::test::run_report("scenarios/" + scenario, tag, overrides);
}

double cpu_energy(const json& report) {
  double joules = 0.0;
  for (const auto& [name, component] : report["metrics"]["energy"]["components"].items())
    if (name.rfind("cpus.", 0) == 0) joules += component["total_J"].get<double>();
  return joules;
}

}  // namespace

TEST_CASE("a platform without CPUs gives exactly the numbers it gave before the CPU side existed", "[app][cpu]") {
  // tests/data/no_cpus/*.metrics.json: the seed scenarios' metrics from the last
  // build without models/cpu, run on the same platforms (which had no cpus section).
  for (const char* seed :
       {"pl330_periodic", "sysmmu_follows_master", "msm_gpu_unmap", "omap_remoteproc", "multi_path_dma"}) {
    INFO(seed);
    const json report =
        run_scenario(std::string(seed) + ".yaml", std::string("nocpus-") + seed, {"platform.cpus=null"});
    std::ifstream file(source_path(std::string("tests/data/no_cpus/") + seed + ".metrics.json"));
    const json before = json::parse(file);
    // The files predate the bus and memory sections (docs/reading-a-report.md,
    // "Bus and memory"): every other number must be the same.
    json metrics = report["metrics"];
    metrics.erase("bus");
    metrics.erase("memory");
    CHECK(metrics == before);
    CHECK_FALSE(report["metrics"].contains("cpus"));
  }
}

TEST_CASE("async wins when the client's CPU latency QoS covers every CPU", "[app][cpu][seed]") {
  const json sync = run_scenario("cpu_async_wins.yaml", "wins-sync", {"scenario.clients.0.policy=sync"});
  const json async = run_scenario("cpu_async_wins.yaml", "wins-async", {"scenario.clients.0.policy=async"});
  const json& s = sync["metrics"]["clients"]["sensor"];
  const json& a = async["metrics"]["clients"]["sensor"];
  // sync's caller is blocked for the chain on its big core (WFI only): domain on
  // (100 us sleep + 1 us WFI exit) + SysMMU resume 40 + restore 1.8 + pl330
  // clk_prepare (50 us sleep + 1 us exit) + clk_enable 1 = 194.8 us.
  CHECK(s["caller_blocked"]["p99_us"].get<double>() == Approx(194.8).epsilon(1e-9));
  CHECK(a["caller_blocked"]["max_us"].get<double>() == 0.0);
  // The resume's code runs on a little core (62 mW) instead of the big one (485 mW).
  CHECK(cpu_energy(async) < cpu_energy(sync));
  CHECK(async["metrics"]["energy"]["total_J"].get<double>() < sync["metrics"]["energy"]["total_J"].get<double>());
  CHECK(s["deadline_misses"] == 0);
  CHECK(a["deadline_misses"] == 0);
}

TEST_CASE("async loses when only the client's own CPU is kept out of deep idle", "[app][cpu][seed]") {
  const json sync = run_scenario("cpu_async_loses.yaml", "loses-sync", {"scenario.clients.0.policy=sync"});
  const json async = run_scenario("cpu_async_loses.yaml", "loses-async", {"scenario.clients.0.policy=async"});
  const json& s = sync["metrics"]["clients"]["sensor"];
  const json& a = async["metrics"]["clients"]["sensor"];
  // The kworker's little cluster is off: its wake costs the cluster's 6562 us and
  // the core's 531 us exits before the 20 us dispatch.
  CHECK(a["latency"]["max_us"].get<double>() > 6562 + 531 + 20);
  CHECK(a["deadline_misses"].get<int>() > 0);
  CHECK(s["deadline_misses"] == 0);
  CHECK(s["latency"]["max_us"].get<double>() < 2000.0);
}

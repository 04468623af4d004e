// The runtime PM core's random timing (a pm_wq dispatch latency drawn per request,
// the autosuspend hrtimer firing uniformly within its rpm_suspend() slack) comes
// from the scenario's seed: the same scenario and seed give a byte-identical
// report, another seed other numbers.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

const std::vector<std::string> kRandomTiming = {
    "platform.runtime_pm.pm_wq_dispatch_latency={distribution: lognormal, median: 20us, p99: 200us}",
    "platform.runtime_pm.autosuspend_timer_slack=uniform", "scenario.clients.0.policy=async"};

std::string bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path run_with_seed(const fs::path& out, const std::string& seed) {
  std::vector<std::string> overrides = kRandomTiming;
  overrides.push_back("scenario.seed=" + seed);
  const auto outcome = run_wakesim(source_path("scenarios/pl330_periodic.yaml"), out, overrides);
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  return out / "report.json";
}

}  // namespace

TEST_CASE("a lognormal pm_wq dispatch and a uniform autosuspend slack replay exactly from the scenario seed",
          "[app][seed][pm_wq]") {
  const fs::path out = fresh_directory("pm-draws");
  const fs::path a = run_with_seed(out / "a", "5");
  const fs::path b = run_with_seed(out / "b", "5");
  const fs::path c = run_with_seed(out / "c", "6");
  CHECK(bytes(a) == bytes(b));
  const auto total = [](const fs::path& report) {
    return read_report(report.parent_path())["metrics"]["energy"]["total_J"].get<double>();
  };
  CHECK(total(a) != total(c));
  fs::remove_all(out);
}

// platform.runtime_pm: pm_wq's dispatch latency (a time, or a distribution),
// max_active and the autosuspend timer's slack mode, with their defaults and
// their errors at file:line.
#include <catch2/catch.hpp>

#include <string>

#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/platform_reader.h"

using namespace wakesim;
using Catch::Matchers::Contains;
using sc_core::sc_time;
using sc_core::SC_US;

namespace {

PlatformSpec read_with(const std::string& runtime_pm) {
  const std::string yaml = "platform:\n  name: tiny\n" + runtime_pm +
                           "  interconnect: {hop_latency: 5ns, data_width: 16, clock: 400MHz}\n"
                           "  dram: {base: 0x80000000, size: 64MiB}\n";
  ConfigDocument doc = ConfigDocument::load_string(yaml, "p.yaml");
  PlatformSpec spec = read_platform(doc.root().child("platform"));
  doc.finish();
  return spec;
}

}  // namespace

TEST_CASE("20 us fixed dispatch, max_active 256 (WQ_DFL_ACTIVE), the autosuspend timer at its range end",
          "[platforms][runtime_pm][runtime_pm_defaults]") {
  for (const char* block : {"", "  runtime_pm: {}\n"}) {
    const PlatformSpec spec = read_with(block);
    CHECK(spec.pm.pm_wq_dispatch_latency == LatencyDistribution::fixed(sc_time(20, SC_US)));
    CHECK(spec.pm.pm_wq_max_active == 256);
    CHECK(spec.pm.autosuspend_timer_slack == AutosuspendTimerSlack::range_end);
  }
}

TEST_CASE("runtime_pm reads a plain dispatch latency as fixed and a map as a distribution", "[platforms][runtime_pm]") {
  CHECK(read_with("  runtime_pm: {pm_wq_dispatch_latency: 7us}\n").pm.pm_wq_dispatch_latency ==
        LatencyDistribution::fixed(sc_time(7, SC_US)));
  CHECK(read_with("  runtime_pm: {pm_wq_dispatch_latency: {distribution: fixed, value: 9us}}\n")
            .pm.pm_wq_dispatch_latency == LatencyDistribution::fixed(sc_time(9, SC_US)));
  CHECK(read_with("  runtime_pm: {pm_wq_dispatch_latency: {distribution: uniform, min: 10us, max: 40us}}\n")
            .pm.pm_wq_dispatch_latency == LatencyDistribution::uniform(sc_time(10, SC_US), sc_time(40, SC_US)));
  const PlatformSpec spec = read_with(
      "  runtime_pm:\n"
      "    pm_wq_dispatch_latency: {distribution: lognormal, median: 20us, p99: 200us}\n"
      "    pm_wq_max_active: 1\n"
      "    autosuspend_timer_slack: uniform\n");
  CHECK(spec.pm.pm_wq_dispatch_latency == LatencyDistribution::lognormal(sc_time(20, SC_US), sc_time(200, SC_US)));
  CHECK(spec.pm.pm_wq_max_active == 1);
  CHECK(spec.pm.autosuspend_timer_slack == AutosuspendTimerSlack::uniform);
}

TEST_CASE("runtime_pm refuses a p99 below the median, min above max, a zero median and a bad max_active at their line",
          "[platforms][runtime_pm]") {
  CHECK_THROWS_WITH(
      read_with("  runtime_pm:\n    pm_wq_dispatch_latency: {distribution: lognormal, median: 20us, p99: 10us}\n"),
      Contains("p.yaml:4:") && Contains("runtime_pm.pm_wq_dispatch_latency.p99") &&
          Contains("must be at least the median"));
  CHECK_THROWS_WITH(
      read_with("  runtime_pm:\n    pm_wq_dispatch_latency: {distribution: uniform, min: 40us, max: 10us}\n"),
      Contains("p.yaml:4:") && Contains("pm_wq_dispatch_latency.max") && Contains("at least min"));
  CHECK_THROWS_WITH(
      read_with("  runtime_pm:\n    pm_wq_dispatch_latency: {distribution: lognormal, median: 0s, p99: 10us}\n"),
      Contains("pm_wq_dispatch_latency.median") && Contains("above 0s"));
  CHECK_THROWS_AS(read_with("  runtime_pm: {pm_wq_max_active: 0}\n"), ConfigError);
  CHECK_THROWS_AS(read_with("  runtime_pm: {pm_wq_max_active: 513}\n"), ConfigError);
  CHECK_THROWS_WITH(read_with("  runtime_pm: {autosuspend_timer_slack: late}\n"),
                    Contains("p.yaml:3:") && Contains("autosuspend_timer_slack"));
  CHECK_THROWS_WITH(read_with("  runtime_pm: {pm_wq_dispatch_latency: {distribution: poisson}}\n"),
                    Contains("distribution"));
}

TEST_CASE("runtime_pm refuses parameters of another distribution as unknown keys", "[platforms][runtime_pm]") {
  CHECK_THROWS_WITH(
      read_with("  runtime_pm: {pm_wq_dispatch_latency: {distribution: uniform, min: 1us, max: 2us, p99: 3us}}\n"),
      Contains("p99"));
}

// The metric catalogue (`wakesim metrics`, docs/metrics.md) names every metric a
// report holds, and docs/metrics.md is the command's own output.
#include <catch2/catch.hpp>

#include "support/wakesim_process.h"
#include "wakesim/app/flat_metrics.h"
#include "wakesim/app/metric_catalogue.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::file_text;
using wakesim::test::run_report;
using wakesim::test::run_wakesim_args;

TEST_CASE("every metric of every seed scenario's report is in the catalogue", "[app][metrics]") {
  // Between them: CPUs, two IOMMUs, device links, the CPU-less device chain.
  const std::vector<std::pair<std::string, std::vector<std::string>>> runs = {
      {"scenarios/multi_path_dma.yaml", {}},
      {"scenarios/cpu_async_wins.yaml", {}},
      {"scenarios/omap_remoteproc.yaml", {}},
      {"scenarios/msm_gpu_unmap.yaml", {}},
      {"scenarios/pl330_periodic.yaml", {"platform.cpus=null"}}};
  std::size_t checked = 0;
  for (const auto& [scenario, overrides] : runs) {
    const nlohmann::json report = run_report(scenario, "metrics-catalogue", overrides);
    for (const auto& [path, value] : wakesim::flatten_metrics(nlohmann::ordered_json(report["metrics"]))) {
      INFO(scenario << ": " << path);
      CHECK(wakesim::catalogue_index(path).has_value());
      ++checked;
    }
  }
  CHECK(checked > 500);
  CHECK_FALSE(wakesim::catalogue_index("clients.audio.latency.p98_us").has_value());
  // A component name may hold dots; a client name may not.
  CHECK(wakesim::catalogue_index("energy.components.cpus.cpu0.total_J").has_value());
  CHECK_FALSE(wakesim::catalogue_index("clients.a.b.latency.p99_us").has_value());
}

TEST_CASE("docs/metrics.md is what `wakesim metrics --format markdown` prints", "[app][metrics]") {
  const auto result = run_wakesim_args("metrics --format markdown");
  REQUIRE(result.exit_code == 0);
  CHECK(result.errors == file_text(wakesim::test::source_path("docs/metrics.md")));
}

TEST_CASE("the text listing explains the latencies and energy components users confuse", "[app][metrics]") {
  const auto result = run_wakesim_args("metrics");
  REQUIRE(result.exit_code == 0);
  for (const char* entry : {"clients.<client>.breakdown_mean_us.pm_wait", "clients.<client>.breakdown_mean_us.queue",
                            "clients.<client>.caller_blocked.p99_us", "energy.components.<component>.static_J",
                            "iommus.<iommu>.isolation_bytes", "cpus.energy_by_cause_J.<cause>", "safe"})
    CHECK_THAT(result.errors, Contains(entry));
  CHECK_THAT(result.errors, Contains("_rpm component is the runtime PM device's states"));
}

// `wakesim check`: the seed scenarios against their committed baselines
// (tests/baselines/, written with --write-baseline), and the gate failing with a
// table when the model's numbers move.
#include <catch2/catch.hpp>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

wakesim::test::WakesimOutcome check(const fs::path& run, const std::string& baseline,
                                    const std::string& extra = "") {
  return run_wakesim_args("check " + shell_quoted(run.string()) + " --baseline " +
                          shell_quoted(source_path("tests/baselines/" + baseline)) + extra);
}

}  // namespace

TEST_CASE("app: every seed scenario matches its committed baseline", "[app][check]") {
  for (const char* seed : {"pl330_periodic", "sysmmu_follows_master", "msm_gpu_unmap", "omap_remoteproc",
                           "multi_path_dma"}) {
    INFO(seed);
    const fs::path out = fresh_directory(std::string("baseline-") + seed);
    REQUIRE(run_wakesim(source_path(std::string("scenarios/") + seed + ".yaml"), out).exit_code == 0);
    const auto result = check(out, std::string(seed) + ".json");
    INFO(result.errors);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.errors, Contains("metrics within tolerance"));
    fs::remove_all(out);
  }
}

TEST_CASE("app: check fails with a table of what moved when a parameter changes", "[app][check]") {
  const fs::path out = fresh_directory("baseline-moved");
  REQUIRE(run_wakesim(source_path("scenarios/pl330_periodic.yaml"), out,
                      {"platform.dma.0.runtime_pm.resume_latency=11us"})
              .exit_code == 0);
  const auto result = check(out, "pl330_periodic.json");
  CHECK(result.exit_code == 1);
  // 10 us more on every job's resume chain: 143.8 -> 153.8 us at the median (the
  // device chain's 142.8 us plus the 1 us WFI exit of the caller's CPU after the
  // domain's sleeping power-on; the baseline holds the histogram's 144.17825,
  // within its 1 % bucket).
  CHECK_THAT(result.errors, Contains("metrics moved beyond tolerance"));
  CHECK_THAT(result.errors, Contains("clients.audio.caller_blocked.p50_us"));
  CHECK_THAT(result.errors, Contains("144.17825"));
  CHECK_THAT(result.errors, Contains("153.8"));
  CHECK_THAT(result.errors, Contains("+6.67%"));
  // A tolerance wide enough lets the same run through (the 10 us are CPU time too:
  // 34 jobs x 10 us = 340 us more pm_callback time on cpu0, +23.4 %).
  CHECK(check(out, "pl330_periodic.json", " --rtol 0.25").exit_code == 0);
  fs::remove_all(out);
}

TEST_CASE("app: check refuses a missing report or a file that is not a baseline with exit 2", "[app][check]") {
  const fs::path dir = fresh_directory("baseline-bad");
  fs::create_directories(dir);
  const auto missing = check(dir, "pl330_periodic.json");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.errors, Contains("report.json: cannot read"));
  REQUIRE(run_wakesim(source_path("scenarios/pl330_periodic.yaml"), dir / "run").exit_code == 0);
  std::ofstream(dir / "not_a_baseline.json") << "{\"metrics\": {}}";
  const auto wrong = run_wakesim_args("check " + shell_quoted((dir / "run").string()) + " --baseline " +
                                      shell_quoted((dir / "not_a_baseline.json").string()));
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.errors, Contains("not a wakesim baseline"));
  fs::remove_all(dir);
}

// Trace and bursty workloads from a scenario file, through `wakesim run`.
#include <catch2/catch.hpp>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

const std::string kScenario = source_path("tests/data/scenarios/trace_and_bursty.yaml");

}  // namespace

TEST_CASE("a trace workload replays its client's rows and a bursty one its fixed bursts", "[app][workload]") {
  const fs::path out = fresh_directory("workloads");
  const auto outcome = run_wakesim(kScenario, out);
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  const nlohmann::json report = read_report(out);
  const auto& replay = report["metrics"]["clients"]["replay"];
  const auto& camera = report["metrics"]["clients"]["camera"];
  // Client 0's rows: 4 + 8 + 4 KiB.
  CHECK(replay["completed"] == 3);
  CHECK(replay["bytes"] == 16 * 1024);
  // Bursts of 4 jobs 1 ms apart, the first one gap (60 ms) after 0, the next 60
  // ms after each burst's last job: at 60..63, 123..126, 186..189 ms: 12 jobs.
  CHECK(camera["completed"] == 12);
  CHECK(camera["bytes"] == 12 * 2048);
  fs::remove_all(out);
}

TEST_CASE("a trace workload may replay another client column", "[app][workload]") {
  const fs::path out = fresh_directory("workloads-column");
  const auto outcome = run_wakesim(kScenario, out, {"scenario.clients.0.workload.client=1"});
  REQUIRE(outcome.exit_code == 0);
  const nlohmann::json report = read_report(out);
  CHECK(report["metrics"]["clients"]["replay"]["completed"] == 2);
  CHECK(report["metrics"]["clients"]["replay"]["bytes"] == 2048);
  fs::remove_all(out);
}

TEST_CASE("a bad trace row or a trace without the client's rows exits 2 naming the place", "[app][workload]") {
  const fs::path dir = fresh_directory("bad-trace");
  fs::create_directories(dir);
  std::ofstream(dir / "bad.csv") << "timestamp,client,bytes,direction\n1ms,0,4KiB,copy\n2ms,0,4 parsecs,copy\n";
  {
    const auto outcome =
        run_wakesim(kScenario, dir / "out", {"scenario.clients.0.workload.file=" + (dir / "bad.csv").string()});
    CHECK(outcome.exit_code == 2);
    CHECK_THAT(outcome.errors, Contains("bad.csv:3:"));
    CHECK_THAT(outcome.errors, Contains("bytes"));
  }
  {
    const auto outcome = run_wakesim(kScenario, dir / "out", {"scenario.clients.0.workload.client=7"});
    CHECK(outcome.exit_code == 2);
    CHECK_THAT(outcome.errors, Contains("no rows for client 7"));
    CHECK_THAT(outcome.errors, Contains("trace_and_bursty.yaml:"));
  }
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

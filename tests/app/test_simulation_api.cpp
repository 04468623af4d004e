// The embedding API (wakesim/app/simulation.h, docs/embedding.md): a scenario
// loaded, simulated and reported in-process, without the command line, gives
// the report `wakesim run` writes; bad input throws before anything runs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/wakesim_process.h"
#include "wakesim/app/simulation.h"
#include "wakesim/core/config_error.h"

using Catch::Matchers::Contains;
using wakesim::test::source_path;

TEST_CASE("a scenario simulated in-process reports exactly what wakesim run writes", "[app][api]") {
  const std::string scenario = source_path("scenarios/pl330_periodic.yaml");
  const std::vector<std::string> overrides = {"scenario.duration=200ms"};
  const std::filesystem::path out = wakesim::test::fresh_directory("api-cli");
  REQUIRE(wakesim::test::run_wakesim(scenario, out, overrides).exit_code == 0);

  const wakesim::LoadedScenario loaded = wakesim::load_scenario(scenario, overrides);
  wakesim::Simulation simulation(loaded);
  simulation.run();
  const wakesim::Report report = simulation.report();
  CHECK(report.json.dump(2) + "\n" == wakesim::test::file_text(out / "report.json"));
  CHECK(report.summary_csv == wakesim::test::file_text(out / "summary.csv"));
  CHECK(report.json["metrics"]["clients"]["audio"]["completed"].get<int>() > 0);
  std::filesystem::remove_all(out);
}

TEST_CASE("bad input is refused at load, naming the override or the file, line and key", "[app][api]") {
  const std::string scenario = source_path("scenarios/pl330_periodic.yaml");
  REQUIRE_THROWS_AS(wakesim::load_scenario(scenario, {"scenario.clients.0.policy=lazy"}), wakesim::ConfigError);
  REQUIRE_THROWS_WITH(wakesim::load_scenario(scenario, {"scenario.clients.0.policy=lazy"}),
                      Contains("--set scenario.clients.0.policy=lazy") && Contains("'lazy' is not one of"));
  const std::filesystem::path dir = wakesim::test::fresh_directory("api-bad-file");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bad.yaml") << "scenario:\n  name: bad\n  platform: " << source_path("platforms/exynos_like.yaml")
                                  << "\n  duration: 1ms\n  clients: []\n";
  REQUIRE_THROWS_WITH(wakesim::load_scenario((dir / "bad.yaml").string()),
                      Contains("bad.yaml:5:12: scenario.clients: a scenario needs at least one client"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the production wakesim has no fault hook: WAKESIM_INJECT_ABORT changes nothing", "[app][api]") {
  const std::filesystem::path out = wakesim::test::fresh_directory("api-no-hook");
  const auto outcome = wakesim::test::run_wakesim_args(
      "run " + wakesim::test::shell_quoted(source_path("scenarios/pl330_periodic.yaml")) +
          " --quiet --set scenario.duration=50ms --set scenario.clients.0.policy=irq_safe --out " +
          wakesim::test::shell_quoted(out.string()),
      "WAKESIM_INJECT_ABORT=scenario.clients.0.policy=irq_safe ");
  INFO(outcome.errors);
  CHECK(outcome.exit_code == 0);
  CHECK(std::filesystem::exists(out / "report.json"));
  std::filesystem::remove_all(out);
}

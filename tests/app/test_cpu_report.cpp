// The CPU side of a report (docs/cpu.md) against the report's own parts and the
// platform's parameters: every figure is a sum, a product or a ratio a reader can
// redo by hand. scenarios/cpu_async_wins.yaml on platforms/exynos_big_little.yaml.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

struct Run {
  json report;
  std::string summary_csv;
  std::string text;
};

Run run(const std::string& tag, const std::vector<std::string>& overrides) {
  const fs::path out = fresh_directory(tag);
  std::string args =
      "run " + shell_quoted(source_path("scenarios/cpu_async_wins.yaml")) + " --out " + shell_quoted(out.string());
  for (const std::string& assignment : overrides) args += " --set " + shell_quoted(assignment);
  const auto outcome = run_wakesim_args(args);  // the text summary on stdout
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  Run result{read_report(out), "", outcome.errors};
  std::ifstream csv(out / "summary.csv");
  std::stringstream text;
  text << csv.rdbuf();
  result.summary_csv = text.str();
  fs::remove_all(out);
  return result;
}

double sum(const json& object) {
  double total = 0.0;
  for (const auto& [key, value] : object.items()) total += value.get<double>();
  return total;
}

}  // namespace

TEST_CASE("the CPU report's energy, time and wakeups add up to their parts", "[app][cpu][report]") {
  const Run sync = run("cpu-report", {"scenario.clients.0.policy=sync"});
  const json& m = sync.report["metrics"];
  const json& cpus = m["cpus"];
  const double duration = sync.report["duration_s"].get<double>();
  // The CPU energy is the ledger's CPU and cluster components, summed.
  double components = 0.0;
  for (const auto& [name, c] : m["energy"]["components"].items())
    if (name.rfind("cpus.", 0) == 0) components += c["total_J"].get<double>();
  CHECK(cpus["energy_J"].get<double>() == Approx(components).epsilon(1e-12));
  CHECK(cpus["idle_J"].get<double>() + sum(cpus["energy_by_cause_J"]) ==
        Approx(cpus["energy_J"].get<double>()).epsilon(1e-12));
  for (const auto& [name, cpu] : cpus["cpus"].items()) {
    INFO(name);
    // Every microsecond of a CPU is running code, waking, or resident in a state.
    CHECK(sum(cpu["busy_us"]) + cpu["waking_us"].get<double>() + sum(cpu["residency_us"]) ==
          Approx(duration * 1e6).epsilon(1e-9));
  }
  // Running code draws the active power: the client's big core at 485 mW.
  const double cpu4_busy_s = sum(cpus["cpus"]["cpu4"]["busy_us"]) * 1e-6;
  CHECK(m["energy"]["components"]["cpus.cpu4"]["dynamic_J"].get<double>() == Approx(cpu4_busy_s * 0.485).epsilon(1e-9));
  // 100 jobs: the client's thread wakes for each; its CPU idles in WFI (the QoS).
  CHECK(cpus["cpus"]["cpu4"]["wakeups"]["client"].get<double>() == Approx(100).margin(1));
  for (const auto& [cause, n] : cpus["wakeups"].items())
    CHECK(cpus["wakeups_per_s"][cause].get<double>() == Approx(n.get<double>() / duration));
  CHECK(cpus["cpus"]["cpu4"]["residency_us"]["core_off"].get<double>() == 0.0);
  CHECK(cpus["clusters"]["big"]["on_us"].get<double>() == Approx(duration * 1e6));
}

TEST_CASE("the summaries show the caller's blocked time and the CPU energy only with CPUs", "[app][cpu][report]") {
  const Run with = run("cpu-summary", {"scenario.clients.0.policy=sync"});
  CHECK_THAT(with.text, Catch::Contains("sensor: caller blocked p50 194."));
  CHECK_THAT(with.text, Catch::Contains("cpu energy"));
  CHECK_THAT(with.summary_csv, Catch::Contains(",cpu_energy_J,sensor.caller_blocked_p50_us,"));
  const Run without = run("cpu-summary-none", {"scenario.clients.0.policy=sync", "platform.cpus=null"});
  CHECK_THAT(without.text, !Catch::Contains("caller blocked"));
  CHECK_THAT(without.summary_csv, !Catch::Contains("cpu_energy_J"));
  CHECK_FALSE(without.report["metrics"]["clients"]["sensor"]["breakdown_mean_us"].contains("interrupt"));
}

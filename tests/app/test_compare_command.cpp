// `wakesim compare`: the table and the verdict are checked against the numbers
// of each policy's own report.json, recomputed here by the rules of
// docs/reading-a-report.md ("Safety"), not by the command's code.
#include <catch2/catch.hpp>

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::file_text;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

const std::vector<std::string> kPolicies = {"sync", "async", "irq_safe", "always_on", "early"};

wakesim::test::WakesimOutcome compare(const fs::path& out, const std::string& extra = "") {
  return run_wakesim_args("compare " + shell_quoted(source_path("scenarios/pl330_periodic.yaml")) + " -j 2 --out " +
                          shell_quoted(out.string()) + extra);
}

// What the verdict must be built from: each policy's report, judged here.
struct Judged {
  double energy_J = 0;
  double p99_us = 0;
  double blocked_p99_us = 0;
  bool safe = true;
  std::uint64_t isolation_violations = 0;
};

Judged judge(const nlohmann::json& report) {
  const nlohmann::json& m = report["metrics"];
  Judged j;
  j.energy_J = m["energy"]["total_J"].get<double>();
  for (const auto& [name, c] : m["clients"].items()) {
    j.p99_us = std::max(j.p99_us, c["latency"]["p99_us"].get<double>());
    j.blocked_p99_us = std::max(j.blocked_p99_us, c["caller_blocked"]["p99_us"].get<double>());
    if (c["deadline_misses"].get<int>() > 0 || c["errors"].get<int>() > 0 || c["map_errors"].get<int>() > 0 ||
        c["might_sleep_violations"].get<int>() > 0)
      j.safe = false;
  }
  for (const auto& [name, i] : m["iommus"].items()) {
    j.isolation_violations += i["isolation_violations"].get<std::uint64_t>();
    if (i["faults"].get<int>() > 0) j.safe = false;
  }
  if (j.isolation_violations > 0 || m["power"]["might_sleep_violations"].get<int>() > 0) j.safe = false;
  return j;
}

std::map<std::string, Judged> judge_runs(const fs::path& out) {
  std::map<std::string, Judged> runs;
  for (const std::string& policy : kPolicies) runs[policy] = judge(read_report(out / policy));
  return runs;
}

}  // namespace

TEST_CASE("prints one row per policy and a verdict naming the cheapest safe policy by its runs' numbers",
          "[app][compare]") {
  const fs::path out = fresh_directory("compare-pl330");
  const auto result = compare(out);
  INFO(result.errors);
  REQUIRE(result.exit_code == 0);
  const std::map<std::string, Judged> runs = judge_runs(out);
  std::string winner;
  for (const auto& [policy, j] : runs)
    if (j.safe && (winner.empty() || j.energy_J < runs.at(winner).energy_J)) winner = policy;
  REQUIRE(!winner.empty());
  const Judged& w = runs.at(winner);
  CHECK_THAT(result.errors, Contains(fmt::format("verdict: {} is the cheapest safe policy: {:.4f} mJ, p99 {:.1f} us",
                                                 winner, w.energy_J * 1e3, w.p99_us)));
  // irq_safe lets the pl330 DMA through the suspended SysMMU: unsafe, whatever it costs.
  REQUIRE_FALSE(runs.at("irq_safe").safe);
  CHECK(runs.at("irq_safe").isolation_violations > 0);
  CHECK_THAT(result.errors, Contains(fmt::format("irq_safe is unsafe: {} isolation violations",
                                                 runs.at("irq_safe").isolation_violations)));
  for (const auto& [policy, j] : runs) {
    if (!j.safe || policy == winner) continue;
    const double extra = j.energy_J - w.energy_J;
    CHECK_THAT(result.errors, Contains(fmt::format("{} costs {:.4f} mJ ({:.2f} %) more than {}", policy, extra * 1e3,
                                                   100.0 * extra / w.energy_J, winner)));
  }
  // sync blocks the caller for the resume chain; async never does: the trade-off is said.
  CHECK(runs.at("async").blocked_p99_us == 0.0);
  if (w.blocked_p99_us > 0)
    CHECK_THAT(result.errors,
               Contains(fmt::format("{} blocks its caller up to {:.1f} us (p99)", winner, w.blocked_p99_us)));
  const nlohmann::json json = nlohmann::json::parse(file_text(out / "compare.json"));
  CHECK(json["recommended"] == winner);
  CHECK(json["policies"].size() == kPolicies.size());
  CHECK(json["policies"][2]["safe"] == false);
  const std::string csv = file_text(out / "compare.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + long(kPolicies.size()));
  CHECK_THAT(csv, Contains(fmt::format("\n{},safe,1,,1,", winner)));
  fs::remove_all(out);
}

TEST_CASE("with a latency budget recommends the cheapest safe policy within it", "[app][compare]") {
  const fs::path out = fresh_directory("compare-budget");
  const auto result = compare(out, " --budget 'p99_us<=150'");
  INFO(result.errors);
  const std::map<std::string, Judged> runs = judge_runs(out);
  std::string winner;
  for (const auto& [policy, j] : runs)
    if (j.safe && j.p99_us <= 150 && (winner.empty() || j.energy_J < runs.at(winner).energy_J)) winner = policy;
  // The budget rules out the policies that resume on demand (their p99 is the resume chain).
  REQUIRE(runs.at("sync").p99_us > 150);
  REQUIRE(!winner.empty());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.errors,
             Contains(fmt::format("verdict: {} is the cheapest safe policy within p99_us<=150:", winner)));
  CHECK_THAT(result.errors, Contains("sync is over the budget: p99_us = "));
  fs::remove_all(out);
}

TEST_CASE("with a budget no safe policy meets says so and exits 1", "[app][compare]") {
  const fs::path out = fresh_directory("compare-impossible");
  const auto result = compare(out, " --budget 'p99_us<1' --policies sync,irq_safe");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.errors, Contains("verdict: no policy is safe within p99_us<1"));
  CHECK_THAT(result.errors, Contains("irq_safe is unsafe:"));
  CHECK(nlohmann::json::parse(file_text(out / "compare.json"))["recommended"].is_null());
  fs::remove_all(out);
}

TEST_CASE("refuses a bad policy, budget or budget metric with exit 2 before running", "[app][compare]") {
  const fs::path out = fresh_directory("compare-bad");
  const char* cases[][2] = {{" --policies sync,asynk", "'asynk' is not a policy"},
                            {" --budget 'p99_us<=fast'", "'fast' is not a finite number"},
                            {" --budget 'p99_us=5'", "is not METRIC<=VALUE"},
                            {" --budget 'p99_ms<=5'", "'p99_ms' is not a metric"}};
  for (const auto& [arguments, message] : cases) {
    fs::remove_all(out);
    const auto result = compare(out, arguments);
    INFO(arguments << "\n" << result.errors);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.errors, Contains(message));
    CHECK_FALSE(fs::exists(out));
  }
  const auto plot =
      run_wakesim_args("compare " + shell_quoted(source_path("scenarios/pl330_periodic.yaml")) + " --plot");
  CHECK(plot.exit_code == 2);
  CHECK_THAT(plot.errors, Contains("--plot writes into --out DIR"));
}

TEST_CASE("compare --plot draws the energy of each policy with the unsafe one marked, next to the table's files",
          "[app][compare]") {
  const fs::path out = fresh_directory("compare-plot");
  const auto result = compare(out, " --policies sync,irq_safe --plot");
  INFO(result.errors);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.errors, Contains((out / "compare.png").string()));
  REQUIRE(fs::exists(out / "compare.png"));
  const std::string svg = file_text(out / "compare.svg");
  CHECK_THAT(svg, Contains(">unsafe</text>"));
  CHECK_THAT(svg, Contains("sync is the cheapest safe policy"));
  fs::remove_all(out);
}

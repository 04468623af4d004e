// `wakesim check`: the seed scenarios against their committed baselines
// (tests/baselines/, written with --write-baseline), and the gate failing with a
// table when the model's numbers move.
#include <catch2/catch.hpp>

#include <map>
#include <utility>
#include <vector>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

wakesim::test::WakesimOutcome check(const fs::path& run, const std::string& baseline, const std::string& extra = "") {
  return run_wakesim_args("check " + shell_quoted(run.string()) + " --baseline " +
                          shell_quoted(source_path("tests/baselines/" + baseline)) + extra);
}

}  // namespace

TEST_CASE("every seed scenario matches its committed baseline", "[app][check][slow]") {
  for (const char* seed : {"pl330_periodic", "sysmmu_follows_master", "msm_gpu_unmap", "omap_remoteproc",
                           "multi_path_dma", "phone_video_playback"}) {
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

TEST_CASE("check fails with a table of what moved when a parameter changes", "[app][check]") {
  const fs::path out = fresh_directory("baseline-moved");
  REQUIRE(
      run_wakesim(source_path("scenarios/pl330_periodic.yaml"), out, {"platform.dma.0.runtime_pm.resume_latency=11us"})
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

TEST_CASE("check refuses a missing report or a file that is not a baseline with exit 2", "[app][check]") {
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

namespace {

// A run directory and a baseline written by hand (no simulation): the check's
// logic on metrics chosen to pass, drift, go missing and be new.
struct HandMade {
  fs::path dir;
  fs::path baseline;
};

HandMade hand_made(const std::string& tag, const nlohmann::json& report, const nlohmann::json& baseline) {
  const fs::path dir = fresh_directory(tag);
  fs::create_directories(dir / "run");
  std::ofstream(dir / "run" / "report.json") << report.dump();
  std::ofstream(dir / "baseline.json") << baseline.dump();
  return {dir, dir / "baseline.json"};
}

// report.json: a passes, b.c drifts beyond its own atol, gone is missing from
// the run, extra is new to it.
HandMade drifting(const std::string& tag, const std::string& scenario = "tiny") {
  return hand_made(tag, {{"scenario", scenario}, {"metrics", {{"a", 1.0}, {"b", {{"c", 2.5}}}, {"extra", 7}}}},
                   {{"schema_version", 1},
                    {"scenario", scenario},
                    {"tolerance", {{"rtol", 0.01}}},
                    {"metrics", {{"a", 1.0}, {"b.c", {{"value", 2.0}, {"atol", 0.1}}}, {"gone", 4}}}});
}

struct Streams {
  int exit_code;
  std::string out;
  std::string errors;
};

// `wakesim check RUN --baseline BASELINE EXTRA` with stdout and stderr apart
// (the json and junit documents are stdout alone).
Streams check_streams(const fs::path& run, const fs::path& baseline, const std::string& extra = "") {
  const fs::path out_file = fs::temp_directory_path() / ("wakesim-check-out-" + std::to_string(::getpid()));
  const fs::path errors_file = fs::temp_directory_path() / ("wakesim-check-err-" + std::to_string(::getpid()));
  const std::string command = std::string(WAKESIM_BINARY) + " check " + shell_quoted(run.string()) + " --baseline " +
                              shell_quoted(baseline.string()) + extra + " >" + shell_quoted(out_file.string()) + " 2>" +
                              shell_quoted(errors_file.string());
  const int status = std::system(command.c_str());
  const auto slurp = [](const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    fs::remove(file);
    return text.str();
  };
  const std::string out = slurp(out_file);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, slurp(errors_file)};
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("check lists metrics the baseline does not have as new rows, a failure only with --strict", "[app][check]") {
  const HandMade made = hand_made("check-new", {{"scenario", "tiny"}, {"metrics", {{"a", 1.0}, {"extra", 7}}}},
                                  {{"schema_version", 1}, {"scenario", "tiny"}, {"metrics", {{"a", 1.0}}}});
  const Streams lenient = check_streams(made.dir / "run", made.baseline);
  INFO(lenient.out + lenient.errors);
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.errors.empty());
  CHECK_THAT(lenient.out, Contains("check: 1 metrics within tolerance of"));
  CHECK_THAT(lenient.out,
             Contains("check: 1 metrics of the run are not in the baseline (not checked; --strict fails on them)\n"));
  CHECK_THAT(lenient.out, Contains("\nextra                                                                 -"
                                   "              7        new\n"));
  CHECK(occurrences(lenient.out, " new\n") == 1);

  const Streams strict = check_streams(made.dir / "run", made.baseline, " --strict");
  CHECK(strict.exit_code == 1);
  CHECK_THAT(strict.out, Contains("check: 1 metrics of the run are not in the baseline (a failure under --strict)"));
  CHECK_THAT(strict.out, Contains("\nextra "));
  fs::remove_all(made.dir);
}

TEST_CASE("check of a real run lists a metric taken out of its baseline as new", "[app][check]") {
  const fs::path dir = fresh_directory("check-new-real");
  REQUIRE(run_wakesim(source_path("scenarios/pl330_periodic.yaml"), dir / "run").exit_code == 0);
  nlohmann::json baseline = nlohmann::json::parse(std::ifstream(source_path("tests/baselines/pl330_periodic.json")));
  REQUIRE(baseline["metrics"].erase("clients.audio.caller_blocked.p50_us") == 1);
  std::ofstream(dir / "baseline.json") << baseline.dump();
  const Streams lenient = check_streams(dir / "run", dir / "baseline.json");
  INFO(lenient.out + lenient.errors);
  CHECK(lenient.exit_code == 0);
  CHECK_THAT(lenient.out, Contains("check: 1 metrics of the run are not in the baseline"));
  CHECK_THAT(lenient.out, Contains("\nclients.audio.caller_blocked.p50_us "));
  CHECK(check_streams(dir / "run", dir / "baseline.json", " --strict").exit_code == 1);
  fs::remove_all(dir);
}

TEST_CASE("check refuses a baseline of another scenario with one error and exit 2", "[app][check]") {
  const fs::path dir = fresh_directory("check-other-scenario");
  REQUIRE(run_wakesim(source_path("scenarios/pl330_periodic.yaml"), dir).exit_code == 0);
  const std::string baseline = source_path("tests/baselines/msm_gpu_unmap.json");
  for (const char* format : {"text", "json", "junit"}) {
    INFO(format);
    const Streams result = check_streams(dir, baseline, std::string(" --format ") + format);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.errors == "wakesim: " + baseline + ": baseline is of scenario 'msm-gpu-unmap', the run in " +
                               dir.string() + " is of scenario 'pl330-periodic'\n");
  }
  fs::remove_all(dir);
}

TEST_CASE("check --format json gives every metric with its numbers and status, and the text's exit code",
          "[app][check]") {
  const HandMade made = drifting("check-json");
  const Streams result = check_streams(made.dir / "run", made.baseline, " --format json");
  INFO(result.out + result.errors);
  CHECK(result.exit_code == 1);
  const nlohmann::json document = nlohmann::json::parse(result.out);
  CHECK(document["scenario"] == "tiny");
  CHECK(document["passed"] == false);
  REQUIRE(document["rows"].size() == 4);
  std::map<std::string, nlohmann::json> rows;
  for (const auto& row : document["rows"]) rows[row["metric"].get<std::string>()] = row;
  CHECK(rows.at("a")["status"] == "pass");
  CHECK(rows.at("b.c")["status"] == "drift");
  CHECK(rows.at("b.c")["baseline"] == 2.0);
  CHECK(rows.at("b.c")["value"] == 2.5);
  CHECK(rows.at("b.c")["rtol"] == 0.01);
  CHECK(rows.at("b.c")["atol"] == 0.1);
  CHECK(rows.at("gone")["status"] == "missing");
  CHECK(rows.at("gone")["value"].is_null());
  CHECK(rows.at("extra")["status"] == "new");
  CHECK(rows.at("extra")["baseline"].is_null());
  CHECK(rows.at("extra")["value"] == 7.0);

  // Wide enough tolerances pass everything but the missing metric; the new one
  // fails only under --strict.
  const HandMade passing = hand_made("check-json-pass", {{"scenario", "tiny"}, {"metrics", {{"a", 1.0}, {"extra", 7}}}},
                                     {{"schema_version", 1}, {"scenario", "tiny"}, {"metrics", {{"a", 1.0}}}});
  const Streams ok = check_streams(passing.dir / "run", passing.baseline, " --format json");
  CHECK(ok.exit_code == 0);
  CHECK(nlohmann::json::parse(ok.out)["passed"] == true);
  const Streams strict = check_streams(passing.dir / "run", passing.baseline, " --format json --strict");
  CHECK(strict.exit_code == 1);
  CHECK(nlohmann::json::parse(strict.out)["passed"] == false);
  fs::remove_all(made.dir);
  fs::remove_all(passing.dir);
}

TEST_CASE("check --format junit writes a testcase per metric and a failure per drift or missing metric",
          "[app][check]") {
  const HandMade made = drifting("check-junit", "a<b & \"c\"");
  const Streams result = check_streams(made.dir / "run", made.baseline, " --format junit");
  INFO(result.out + result.errors);
  CHECK(result.exit_code == 1);
  CHECK(result.out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0) == 0);
  CHECK_THAT(result.out, Contains("<testsuite name=\"a&lt;b &amp; &quot;c&quot;\" tests=\"4\" failures=\"2\""));
  CHECK(occurrences(result.out, "<testcase ") == 4);
  CHECK(occurrences(result.out, "<failure ") == 2);
  CHECK_THAT(result.out, Contains("<failure type=\"drift\""));
  CHECK_THAT(result.out, Contains("<failure type=\"missing\""));
  CHECK_THAT(result.out, Contains("|now - baseline| = 0.5 &gt; "));
  CHECK(occurrences(result.out, "<b &") == 0);  // the scenario's markup never raw

  const Streams strict = check_streams(made.dir / "run", made.baseline, " --format junit --strict");
  CHECK(strict.exit_code == 1);
  CHECK(occurrences(strict.out, "<testcase ") == 4);
  CHECK(occurrences(strict.out, "<failure ") == 3);
  CHECK_THAT(strict.out, Contains("<failure type=\"new\""));
  fs::remove_all(made.dir);

  // A metric name with every markup character, and a control character XML
  // cannot hold, comes out escaped (and the control character dropped).
  const HandMade odd = hand_made("check-junit-odd", {{"scenario", "tiny"}, {"metrics", {{"m<&>\"'\x01", 3}}}},
                                 {{"schema_version", 1}, {"scenario", "tiny"}, {"metrics", {{"m<&>\"'\x01", 3}}}});
  const Streams escaped = check_streams(odd.dir / "run", odd.baseline, " --format junit");
  CHECK(escaped.exit_code == 0);
  CHECK_THAT(escaped.out, Contains("name=\"m&lt;&amp;&gt;&quot;&apos;\"/>"));
  CHECK(occurrences(escaped.out, "\x01") == 0);
  fs::remove_all(odd.dir);
}

TEST_CASE("check refuses a non-finite or negative tolerance on the command line or in the baseline with exit 2",
          "[app][check]") {
  const HandMade made = drifting("check-tolerance");
  const fs::path run = made.dir / "run";
  for (const auto& [option, message] : std::vector<std::pair<std::string, std::string>>{
           {" --rtol -1", "wakesim: --rtol must be a finite number >= 0 (got -1)\n"},
           {" --atol=-0.5", "wakesim: --atol must be a finite number >= 0 (got -0.5)\n"},
           {" --rtol nan", "wakesim: --rtol must be a finite number >= 0 (got nan)\n"},
           {" --atol inf", "wakesim: --atol must be a finite number >= 0 (got inf)\n"},
           {" --rtol -1 --write-baseline", "wakesim: --rtol must be a finite number >= 0 (got -1)\n"}}) {
    INFO(option);
    const Streams result = check_streams(run, made.baseline, option);
    CHECK(result.exit_code == 2);
    CHECK(result.errors == message);
  }
  CHECK(check_streams(run, made.baseline, " --format xml").exit_code == 2);

  const auto refused = [&](const nlohmann::json& baseline) {
    std::ofstream(made.baseline) << baseline.dump();
    return check_streams(run, made.baseline);
  };
  const std::string file = made.baseline.string();
  const Streams top = refused({{"schema_version", 1}, {"tolerance", {{"rtol", -0.01}}}, {"metrics", {{"a", 1}}}});
  CHECK(top.exit_code == 2);
  CHECK(top.errors == "wakesim: " + file + ": tolerance: 'rtol' must be a finite number >= 0 (got -0.01)\n");
  // JSON has no infinity; the nearest, a number beyond a double, is refused
  // as the file's, on one line.
  std::ofstream(made.baseline) << R"({"schema_version": 1, "metrics": {"b.c": {"value": 2, "atol": 1e999}}})";
  const Streams infinite = check_streams(run, made.baseline);
  CHECK(infinite.exit_code == 2);
  CHECK_THAT(infinite.errors, Contains("wakesim: " + file + ": not valid JSON: "));
  CHECK_THAT(infinite.errors, Contains("number overflow parsing '1e999'"));
  CHECK(occurrences(infinite.errors, "\n") == 1);
  const Streams negative = refused({{"schema_version", 1}, {"metrics", {{"a", {{"value", 1}, {"rtol", -1}}}}}});
  CHECK(negative.exit_code == 2);
  CHECK(negative.errors == "wakesim: " + file + ": metric 'a': 'rtol' must be a finite number >= 0 (got -1)\n");
  const Streams text = refused({{"schema_version", 1}, {"metrics", {{"a", {{"value", 1}, {"rtol", "0.1"}}}}}});
  CHECK(text.exit_code == 2);
  CHECK(text.errors == "wakesim: " + file + ": metric 'a': 'rtol' must be a finite number >= 0 (got \"0.1\")\n");
  fs::remove_all(made.dir);
}

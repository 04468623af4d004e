// `wakesim advise` against a brute-force search of the sweep's own results.csv,
// and the pl330 policy sweep's Pareto set: safe points only, unless asked.
#include <catch2/catch.hpp>

#include <fstream>
#include <optional>

#include <nlohmann/json.hpp>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::file_text;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

// A CSV table as RFC 4180 writes it (quoted fields may hold commas and quotes).
std::vector<std::vector<std::string>> read_csv(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  const std::string text = file_text(path);
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += text[++i];
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return std::size_t(it - header.begin());
}

struct Choice {
  std::size_t point;
  double energy;
};

// The least-energy ok, safe point with worst p99 within the limit, and the next.
std::vector<Choice> brute_force(const fs::path& results, double p99_limit) {
  const auto rows = read_csv(results);
  const auto& h = rows.at(0);
  std::vector<Choice> eligible;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r[column(h, "status")] != "ok" || r[column(h, "safe")] != "1") continue;
    if (std::stod(r[column(h, "worst_p99_us")]) > p99_limit) continue;
    eligible.push_back({std::stoul(r[column(h, "point")]), std::stod(r[column(h, "energy_J")])});
  }
  std::stable_sort(eligible.begin(), eligible.end(),
                   [](const Choice& a, const Choice& b) { return a.energy < b.energy; });
  return eligible;
}

// The pl330 policy sweep (5 policies x 40 autosuspend delays), once per test process.
fs::path pl330_sweep(const std::string& tag, const std::string& extra = "") {
  const fs::path out = fresh_directory(tag);
  const auto result = run_wakesim_args("sweep " + shell_quoted(source_path("scenarios/pl330_policy_sweep.yaml")) +
                                       " -j 2 --out " + shell_quoted(out.string()) + extra);
  INFO(result.errors);
  REQUIRE(result.exit_code == 0);
  return out;
}

// advise against a brute-force search of the sweep's own results.csv: the
// least-energy ok, safe point within the budget, and the next one.
void check_advice(const fs::path& out) {
  for (const double limit : {1000.0, 250.0, 120.0}) {
    const std::vector<Choice> expected = brute_force(out / "results.csv", limit);
    const auto result = run_wakesim_args("advise " + shell_quoted(out.string()) +
                                         " --format json --budget 'p99_us<=" + std::to_string(limit) + "'");
    INFO("limit " << limit << "\n" << result.errors);
    REQUIRE(expected.size() >= 2);
    REQUIRE(result.exit_code == 0);
    const nlohmann::json advice = nlohmann::json::parse(result.errors);
    CHECK(advice["recommended"]["point"] == expected[0].point);
    CHECK(advice["recommended"]["energy_J"].get<double>() == Approx(expected[0].energy).epsilon(1e-12));
    CHECK(advice["runner_up"]["point"] == expected[1].point);
    CHECK(advice["runner_up"]["extra_energy_J"].get<double>() ==
          Approx(expected[1].energy - expected[0].energy).epsilon(1e-9));
    CHECK(advice["eligible"] == expected.size());
    const double margin = advice["recommended"]["budget_margins"].begin()->get<double>();
    CHECK(margin >= 0.0);
    CHECK(margin == Approx(limit - advice["recommended"]["worst_p99_us"].get<double>()));
  }
  const auto text = run_wakesim_args("advise " + shell_quoted(out.string()) + " --budget 'p99_us<=1000'");
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.errors, Contains("recommended: point "));
  CHECK_THAT(text.errors, Contains("runner-up: point "));
  const auto none = run_wakesim_args("advise " + shell_quoted(out.string()) + " --budget 'p99_us<=1'");
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.errors, Contains("no safe configuration meets the budget"));
  const auto bad = run_wakesim_args("advise " + shell_quoted(out.string()) + " --budget 'p99<=1'");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.errors, Contains("'p99' is not a metric"));
}

}  // namespace

TEST_CASE("the pl330 policy sweep's Pareto set holds no unsafe point, and advise picks what brute force picks",
          "[app][advise][slow]") {
  const fs::path out = pl330_sweep("advise-pareto");
  const auto rows = read_csv(out / "results.csv");
  const auto& h = rows.at(0);
  std::size_t unsafe = 0, on_front = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const bool safe = rows[i][column(h, "safe")] == "1";
    if (!safe) ++unsafe;
    if (rows[i][column(h, "pareto")] == "1") {
      ++on_front;
      CHECK(safe);
    }
    // irq_safe never resumes the SysMMU: its DMA goes through untranslated.
    if (rows[i][column(h, "scenario.clients.0.policy")] == "irq_safe") {
      CHECK_FALSE(safe);
      CHECK(std::stod(rows[i][column(h, "iommus.sysmmu_pl330.isolation_bytes")]) > 0);
    }
  }
  CHECK(unsafe >= 40);
  CHECK(on_front > 0);
  // With the unsafe points allowed, irq_safe (cheap and fast because it skips the
  // SysMMU) takes a place on the front.
  const fs::path merged = fresh_directory("advise-pareto-unsafe");
  const auto merge = run_wakesim_args("merge " + shell_quoted(out.string()) + " --include-unsafe --out " +
                                      shell_quoted(merged.string()));
  REQUIRE(merge.exit_code == 0);
  const auto all = read_csv(merged / "pareto.csv");
  CHECK(std::any_of(all.begin() + 1, all.end(),
                    [&](const std::vector<std::string>& r) { return r[column(all[0], "safe")] == "0"; }));
  fs::remove_all(merged);
  // The same sweep (200 runs) answers the advise question: one sweep for both.
  check_advice(out);
  fs::remove_all(out);
}

TEST_CASE("results.csv loads in pandas with numeric axes in SI units and the text kept", "[app][advise]") {
  const fs::path out = fresh_directory("advise-pandas");
  const auto sweep = run_wakesim_args("sweep " + shell_quoted(source_path("tests/data/sweeps/small.yaml")) +
                                      " -j 2 --out " + shell_quoted(out.string()));
  REQUIRE(sweep.exit_code == 0);
  const std::string script =
      "import sys, pandas\n"
      "df = pandas.read_csv(sys.argv[1])\n"
      "assert len(df) == 8, len(df)\n"
      "delay = df['scenario.clients.0.autosuspend_delay_s']\n"
      "assert delay.dtype.kind == 'f', delay.dtype\n"
      "assert sorted(set(delay)) == [0.005, 0.05], set(delay)\n"
      "assert set(df['scenario.clients.0.autosuspend_delay']) == {'5ms', '50ms'}\n"
      "assert df['platform.domains.1.states.0.exit_latency_s'].max() == 250e-6\n"
      "assert df['energy_J'].dtype.kind == 'f'\n"
      "assert df['safe'].dtype.kind == 'i', df['safe'].dtype\n"
      "cols = list(df.columns)\n"
      "assert cols.index('scenario.clients.0.policy') < cols.index('status') < cols.index('energy_J')\n"
      "assert cols.index('clients.audio.latency.p99_us') < cols.index('energy.total_J') < "
      "cols.index('iommus.sysmmu_pl330.faults')\n"
      "print('ok')\n";
  std::ofstream(out / "check.py") << script;
  const std::string command = "/usr/bin/python3 " + shell_quoted((out / "check.py").string()) + " " +
                              shell_quoted((out / "results.csv").string()) + " >" +
                              shell_quoted((out / "python.log").string()) + " 2>&1";
  const int status = std::system(command.c_str());
  INFO(file_text(out / "python.log"));
  CHECK(status == 0);
  CHECK_THAT(file_text(out / "python.log"), Contains("ok"));
  fs::remove_all(out);
}

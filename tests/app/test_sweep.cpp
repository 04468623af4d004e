// `wakesim sweep` and `wakesim merge` end to end: point order and values, the
// Pareto front, failed points, resuming after kill -9, shards merged equal to
// the whole sweep.
#include <catch2/catch.hpp>

#include <signal.h>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

std::string sweep_file(const std::string& name) { return source_path("tests/data/sweeps/" + name); }

wakesim::test::WakesimOutcome sweep(const std::string& name, const fs::path& out, const std::string& extra = "") {
  return run_wakesim_args("sweep " + shell_quoted(sweep_file(name)) + " --out " + shell_quoted(out.string()) + extra);
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// results.csv as rows of fields (no quoted commas in the tests' values).
std::vector<std::vector<std::string>> csv_rows(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(path));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    rows.push_back(fields);
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return static_cast<std::size_t>(it - header.begin());
}

// A sweep file of the pl330 scenario (by its absolute path), 100 ms of the
// device chain alone, with the given grid lines ("    key: [values]\n").
void write_sweep(const fs::path& file, const std::string& name, const std::string& grid) {
  std::ofstream(file) << "sweep:\n  name: " << name << "\n  scenario: " << source_path("scenarios/pl330_periodic.yaml")
                      << "\n  set: [scenario.duration=100ms, platform.cpus=null]\n  grid:\n"
                      << grid;
}

std::size_t finished_points(const fs::path& out) {
  std::size_t count = 0;
  if (!fs::exists(out / "points")) return 0;
  for (const auto& entry : fs::directory_iterator(out / "points"))
    if (entry.path().extension().empty() && fs::exists(entry.path() / "report.json")) ++count;
  return count;
}

}  // namespace

TEST_CASE("grid and zip points run in index order with their values and a Pareto front", "[app][sweep]") {
  const fs::path out = fresh_directory("sweep-small");
  const auto result = sweep("small.yaml", out, " -j 2");
  INFO(result.errors);
  REQUIRE(result.exit_code == 0);
  const auto rows = csv_rows(out / "results.csv");
  REQUIRE(rows.size() == 9);  // header + 2 x 2 x 2 points
  const auto& header = rows[0];
  const std::size_t policy = column(header, "scenario.clients.0.policy");
  const std::size_t delay = column(header, "scenario.clients.0.autosuspend_delay");
  const std::size_t exit_latency = column(header, "platform.domains.1.states.0.exit_latency");
  const std::size_t status = column(header, "status");
  const std::size_t pareto = column(header, "pareto");
  const std::size_t energy = column(header, "energy_J");
  const std::size_t p99 = column(header, "worst_p99_us");
  const std::size_t completed = column(header, "clients.audio.completed");
  // The first grid axis slowest, the zip rows fastest.
  const char* expected[8][3] = {{"sync", "5ms", "100us"},      {"sync", "5ms", "250us"},
                                {"sync", "50ms", "100us"},     {"sync", "50ms", "250us"},
                                {"irq_safe", "5ms", "100us"},  {"irq_safe", "5ms", "250us"},
                                {"irq_safe", "50ms", "100us"}, {"irq_safe", "50ms", "250us"}};
  for (std::size_t i = 0; i < 8; ++i) {
    const auto& row = rows[i + 1];
    CHECK(row[0] == std::to_string(i));
    CHECK(row[policy] == expected[i][0]);
    CHECK(row[delay] == expected[i][1]);
    CHECK(row[exit_latency] == expected[i][2]);
    CHECK(row[status] == "ok");
    CHECK(row[completed] == "7");  // jobs at 0, 30, ..., 180 ms
    // irq_safe never resumes the SysMMU (rpm_resume skips the suppliers of an
    // irq-safe device), whose pass-through lets the DMA by untranslated.
    CHECK(row[column(header, "safe")] == (i < 4 ? "1" : "0"));
    if (i < 4)
      CHECK(row[column(header, "unsafe_reason")].empty());
    else
      CHECK_THAT(row[column(header, "unsafe_reason")], Contains("went through a suspended IOMMU untranslated"));
    CHECK(std::stod(row[column(header, "scenario.clients.0.autosuspend_delay_s")]) ==
          (expected[i][1] == std::string("5ms") ? 0.005 : 0.05));
  }
  // A sync point with a 5 ms autosuspend pays the domain's power-on in every
  // job's get_sync: the median of the 250 us exit latency point is 150 us more.
  const std::size_t blocked = column(header, "clients.audio.caller_blocked.p50_us");
  CHECK(std::stod(rows[2][blocked]) - std::stod(rows[1][blocked]) == Approx(150.0).epsilon(1e-6));
  // The front, recomputed here over the safe points: no other safe point at most
  // as high in both and lower in one; an unsafe point is never on it.
  const std::size_t safe = column(header, "safe");
  std::size_t on_front = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    bool dominated = rows[i][safe] != "1";
    for (std::size_t j = 1; j < rows.size(); ++j) {
      if (rows[j][safe] != "1") continue;
      const double ei = std::stod(rows[i][energy]), pi = std::stod(rows[i][p99]);
      const double ej = std::stod(rows[j][energy]), pj = std::stod(rows[j][p99]);
      if (ej <= ei && pj <= pi && (ej < ei || pj < pi)) dominated = true;
    }
    CHECK(rows[i][pareto] == (dominated ? "0" : "1"));
    if (!dominated) ++on_front;
  }
  CHECK(on_front > 0);
  CHECK(csv_rows(out / "pareto.csv").size() == on_front + 1);
  fs::remove_all(out);
}

TEST_CASE("a refused point is named with exit 2 before anything is created", "[app][sweep]") {
  // Point 1 of three names a policy that does not exist: the sweep names it
  // (index, axis values, the line of the value in the sweep file and the
  // reader's message) as validate does, and creates no directory.
  const fs::path out = fresh_directory("sweep-bad-point");
  const auto result = sweep("with_bad_point.yaml", out);
  CHECK(result.exit_code == 2);
  const std::string line =
      "with_bad_point.yaml:8:39: point 1 (scenario.clients.0.policy=lazy): --set "
      "scenario.clients.0.policy=lazy: 'lazy' is not one of: sync, async";
  CHECK_THAT(result.errors, Contains(line));
  CHECK_FALSE(fs::exists(out));
  const auto validate = run_wakesim_args("validate " + shell_quoted(sweep_file("with_bad_point.yaml")));
  CHECK(validate.exit_code == 2);
  CHECK_THAT(validate.errors, Contains(line));

  // A typo in a grid key refuses every point: the first one is named, with a
  // "did you mean". The fixed sweep of the same name then runs into that --out.
  const fs::path dir = fresh_directory("sweep-typo");
  fs::create_directories(dir);
  write_sweep(dir / "typo.yaml", "typo", "    scenario.clients.0.polcy: [sync, async]\n");
  const auto typo = run_wakesim_args("sweep " + shell_quoted((dir / "typo.yaml").string()) + " --out " +
                                     shell_quoted((dir / "out").string()));
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.errors, Contains("typo.yaml:6:32: point 0 (scenario.clients.0.polcy=sync): --set "
                                   "scenario.clients.0.polcy=sync: unknown key 'polcy' in 'scenario.clients.0'; "
                                   "did you mean 'policy'?"));
  CHECK(std::count(typo.errors.begin(), typo.errors.end(), '\n') == 1);
  CHECK_FALSE(fs::exists(dir / "out"));
  write_sweep(dir / "typo.yaml", "typo", "    scenario.clients.0.policy: [sync, async]\n");
  const auto fixed = run_wakesim_args("sweep " + shell_quoted((dir / "typo.yaml").string()) + " --out " +
                                      shell_quoted((dir / "out").string()));
  INFO(fixed.errors);
  CHECK(fixed.exit_code == 0);
  CHECK(csv_rows(dir / "out" / "results.csv").size() == 3);
  fs::remove_all(dir);
}

TEST_CASE("kill -9 halfway then run again completes every point exactly once", "[app][sweep][slow]") {
  const fs::path out = fresh_directory("sweep-killed");
  const fs::path pid_file = out.string() + ".pid";
  // In its own process group, so the kill takes the sweep and its running point.
  const std::string command = "setsid " + std::string(WAKESIM_BINARY) + " sweep " +
                              shell_quoted(sweep_file("slow.yaml")) + " --out " + shell_quoted(out.string()) +
                              " -j 1 >/dev/null 2>&1 & echo $! > " + shell_quoted(pid_file.string());
  REQUIRE(std::system(command.c_str()) == 0);
  pid_t pid = 0;
  for (int i = 0; i < 100 && pid == 0; ++i) {
    std::ifstream(pid_file) >> pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(pid > 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (finished_points(out) < 4 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::kill(-pid, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::size_t before = finished_points(out);
  CHECK(before >= 4);
  CHECK(before < 12);
  CHECK_FALSE(fs::exists(out / "results.csv"));

  const auto rerun = sweep("slow.yaml", out, " -j 2");
  INFO(rerun.errors);
  REQUIRE(rerun.exit_code == 0);
  CHECK_THAT(rerun.errors,
             Contains(std::to_string(before) + " finished before, " + std::to_string(12 - before) + " to run"));
  const auto rows = csv_rows(out / "results.csv");
  REQUIRE(rows.size() == 13);
  const std::size_t status = column(rows[0], "status");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CHECK(rows[i][0] == std::to_string(i - 1));
    CHECK(rows[i][status] == "ok");
  }
  CHECK(finished_points(out) == 12);
  for (const auto& entry : fs::directory_iterator(out / "points")) CHECK(entry.path().extension().empty());
  fs::remove_all(out);
  fs::remove(pid_file);
}

TEST_CASE("two shards merged equal the unsharded results", "[app][sweep][slow]") {
  const fs::path whole = fresh_directory("sweep-whole");
  const fs::path shard1 = fresh_directory("sweep-shard1");
  const fs::path shard2 = fresh_directory("sweep-shard2");
  const fs::path merged = fresh_directory("sweep-merged");
  REQUIRE(sweep("small.yaml", whole).exit_code == 0);
  REQUIRE(sweep("small.yaml", shard1, " --shard 1/2").exit_code == 0);
  REQUIRE(sweep("small.yaml", shard2, " --shard 2/2").exit_code == 0);
  CHECK(csv_rows(shard1 / "results.csv").size() == 5);
  CHECK(finished_points(shard2) == 4);
  const auto merge = run_wakesim_args("merge " + shell_quoted(shard1.string()) + " " + shell_quoted(shard2.string()) +
                                      " --out " + shell_quoted(merged.string()));
  INFO(merge.errors);
  CHECK(merge.exit_code == 0);
  CHECK(slurp(merged / "results.csv") == slurp(whole / "results.csv"));
  CHECK(slurp(merged / "pareto.csv") == slurp(whole / "pareto.csv"));
  // One shard alone is incomplete: merged anyway, exit 1.
  const auto partial = run_wakesim_args("merge " + shell_quoted(shard1.string()) + " --out " +
                                        shell_quoted((merged / "partial").string()));
  CHECK(partial.exit_code == 1);
  CHECK_THAT(slurp(merged / "partial" / "results.csv"), Contains(",missing,"));
  for (const fs::path& dir : {whole, shard1, shard2, merged}) fs::remove_all(dir);
}

TEST_CASE("a directory holding another sweep or a bad shard is refused with exit 2", "[app][sweep]") {
  const fs::path out = fresh_directory("sweep-other");
  const fs::path file = out.string() + ".yaml";
  write_sweep(file, "another", "    scenario.clients.0.policy: [sync]\n");
  REQUIRE(run_wakesim_args("sweep " + shell_quoted(file.string()) + " --out " + shell_quoted(out.string())).exit_code ==
          0);
  const std::string before = slurp(out / "sweep.json");
  const auto other = sweep("small.yaml", out);
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.errors, Contains("holds another sweep ('another')"));
  CHECK(slurp(out / "sweep.json") == before);
  fs::remove(file);
  const auto shard = sweep("small.yaml", fresh_directory("sweep-shard-bad"), " --shard 3/2");
  CHECK(shard.exit_code == 2);
  CHECK_THAT(shard.errors, Contains("--shard '3/2' must be K/N"));
  fs::remove_all(out);
}

namespace {

int run_shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the GNU parallel recipe runs the shards and merges them into the whole sweep", "[app][sweep][slow]") {
  const fs::path whole = fresh_directory("recipe-whole");
  const fs::path out = fresh_directory("recipe-parallel");
  REQUIRE(sweep("small.yaml", whole).exit_code == 0);
  const std::string command =
      "WAKESIM=" + shell_quoted(WAKESIM_BINARY) + " " + shell_quoted(source_path("scripts/sweep_parallel.sh")) + " " +
      shell_quoted(sweep_file("small.yaml")) + " " + shell_quoted(out.string()) + " 3 >/dev/null 2>&1";
  CHECK(run_shell(command) == 0);
  for (int k = 1; k <= 3; ++k) CHECK(fs::exists(out / ("shard-" + std::to_string(k)) / "results.csv"));
  CHECK(slurp(out / "results.csv") == slurp(whole / "results.csv"));
  fs::remove_all(whole);
  fs::remove_all(out);
}

TEST_CASE("the Slurm recipe's array tasks and merge job give the whole sweep", "[app][sweep][slow]") {
  // Slurm itself is not here: the script runs as its array tasks would, with
  // the variables sbatch sets.
  const fs::path whole = fresh_directory("slurm-whole");
  const fs::path out = fresh_directory("slurm-array");
  REQUIRE(sweep("small.yaml", whole).exit_code == 0);
  const std::string script = shell_quoted(source_path("scripts/sweep_slurm.sh"));
  const std::string env = "WAKESIM=" + shell_quoted(WAKESIM_BINARY) + " SLURM_ARRAY_TASK_COUNT=2 SLURM_CPUS_PER_TASK=2";
  for (int k = 1; k <= 2; ++k)
    CHECK(run_shell(env + " SLURM_ARRAY_TASK_ID=" + std::to_string(k) + " " + script + " " +
                    shell_quoted(sweep_file("small.yaml")) + " " + shell_quoted(out.string()) + " >/dev/null 2>&1") ==
          0);
  CHECK(run_shell("WAKESIM=" + shell_quoted(WAKESIM_BINARY) + " " + script + " --merge " + shell_quoted(out.string()) +
                  " 2 >/dev/null 2>&1") == 0);
  CHECK(slurp(out / "results.csv") == slurp(whole / "results.csv"));
  CHECK(run_shell(script + " only-one-argument >/dev/null 2>&1") == 2);
  fs::remove_all(whole);
  fs::remove_all(out);
}

TEST_CASE("validate reads every scenario and sweep in scenarios and names a bad sweep point", "[app][sweep]") {
  std::string files;
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(source_path("scenarios")))
    if (entry.path().extension() == ".yaml") {
      files += " " + shell_quoted(entry.path().string());
      ++count;
    }
  CHECK(count >= 6);
  const auto all = run_wakesim_args("validate" + files);
  INFO(all.errors);
  CHECK(all.exit_code == 0);
  const auto bad = run_wakesim_args("validate " + shell_quoted(sweep_file("with_bad_point.yaml")));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.errors, Contains("with_bad_point.yaml:8:39: point 1 (scenario.clients.0.policy=lazy)"));
  CHECK_THAT(bad.errors, Contains("'lazy' is not one of"));
}

TEST_CASE("a point that crashes is recorded and retried on the next run", "[app][sweep]") {
  const fs::path out = fresh_directory("sweep-crash");
  // small.yaml's four irq_safe points die of SIGABRT after simulating.
  const std::string file = shell_quoted(sweep_file("small.yaml"));
  const auto crashed = wakesim::test::run_shell("WAKESIM_INJECT_ABORT=scenario.clients.0.policy=irq_safe " +
                                                std::string(WAKESIM_FAULT_INJECTING_BINARY) + " sweep " + file +
                                                " --out " + shell_quoted(out.string()) + " -j 2");
  CHECK(crashed.exit_code == 1);
  auto rows = csv_rows(out / "results.csv");
  REQUIRE(rows.size() == 9);
  const std::size_t status = column(rows[0], "status");
  const std::size_t policy = column(rows[0], "scenario.clients.0.policy");
  for (std::size_t i = 1; i < rows.size(); ++i)
    CHECK(rows[i][status] == (rows[i][policy] == "irq_safe" ? "failed" : "ok"));
  // The error stays on its point's row; failed/ID.json keeps its lines.
  CHECK_THAT(slurp(out / "results.csv"), Contains("injected abort for |   --set"));
  CHECK_THAT(slurp(out / "results.csv"), Contains(" | killed by signal 6"));
  const std::string failure = slurp(out / "failed" / (rows[rows.size() - 1][column(rows[0], "id")] + ".json"));
  CHECK_THAT(failure, Contains("injected abort for\\n  --set scenario.clients.0.policy=irq_safe\\n"));
  CHECK_THAT(failure, Contains("\\nkilled by signal 6"));
  // Without the fault the failed points run again and the sweep is whole.
  const auto rerun = sweep("small.yaml", out);
  CHECK(rerun.exit_code == 0);
  CHECK_THAT(rerun.errors, Contains("4 finished before, 4 to run"));
  rows = csv_rows(out / "results.csv");
  for (std::size_t i = 1; i < rows.size(); ++i) CHECK(rows[i][status] == "ok");
  CHECK(fs::is_empty(out / "failed"));
  fs::remove_all(out);
}

TEST_CASE("a grid of more than 100000 points is refused with exit 2, also past 2^64", "[app][sweep]") {
  // 40 axes of two values made validate die of std::bad_alloc; 64 of them
  // wrapped the point count to 0, an empty sweep that was "ok" (both found
  // while fuzzing the readers, fuzz/regressions/sweep_*).
  for (const int axes : {17, 40, 64}) {
    INFO(axes << " axes");
    const fs::path dir = fresh_directory("sweep-huge");
    fs::create_directories(dir);
    std::ofstream file(dir / "huge.yaml");
    file << "sweep:\n  name: huge\n  scenario: " << source_path("scenarios/pl330_periodic.yaml") << "\n  grid:\n";
    for (int i = 0; i < axes; ++i) file << "    scenario.clients.0.x" << i << ": [1, 2]\n";
    file.close();
    const std::string where = "huge.yaml:5:5: sweep.grid: the sweep has more than 100000 points";
    const auto validate = run_wakesim_args("validate " + shell_quoted((dir / "huge.yaml").string()));
    CHECK(validate.exit_code == 2);
    CHECK_THAT(validate.errors, Contains(where));
    const auto run = run_wakesim_args("sweep " + shell_quoted((dir / "huge.yaml").string()) + " --out " +
                                      shell_quoted((dir / "out").string()));
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.errors, Contains(where));
    CHECK_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
  }
}

TEST_CASE("an --out that names a regular file is one clear error with exit 2, not an uncaught exception",
          "[app][sweep]") {
  const fs::path dir = fresh_directory("sweep-out-file");
  fs::create_directories(dir);
  std::ofstream(dir / "a-file") << "mine\n";
  const auto result = sweep("small.yaml", dir / "a-file");
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.errors, Contains("wakesim: " + (dir / "a-file").string()));
  CHECK_THAT(result.errors, Contains("Not a directory"));
  CHECK_THAT(result.errors, !Contains("E549"));
  CHECK_THAT(result.errors, !Contains("uncaught"));
  CHECK(slurp(dir / "a-file") == "mine\n");
  fs::remove_all(dir);
}

TEST_CASE("a point whose report.json is unreadable is not finished and runs again", "[app][sweep]") {
  const fs::path out = fresh_directory("sweep-corrupt-point");
  REQUIRE(sweep("small.yaml", out, " -j 2").exit_code == 0);
  const std::string before = slurp(out / "results.csv");
  const auto rows = csv_rows(out / "results.csv");
  const std::string id = rows[3][1];
  const fs::path report = out / "points" / id / "report.json";
  const std::string whole = slurp(report);
  std::ofstream(report, std::ios::trunc) << whole.substr(0, whole.size() / 2);  // a disk that filled
  const auto again = sweep("small.yaml", out);
  INFO(again.errors);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.errors, Contains("point 2 (" + id + "): its report.json is unreadable; running it again"));
  CHECK_THAT(again.errors, Contains("7 finished before, 1 to run"));
  CHECK(slurp(report) == whole);
  CHECK(slurp(out / "results.csv") == before);
  fs::remove_all(out);
}

TEST_CASE("a hand-edited sweep.json is refused with one line naming it", "[app][sweep]") {
  const fs::path out = fresh_directory("sweep-edited-manifest");
  REQUIRE(sweep("small.yaml", out, " -j 2").exit_code == 0);
  std::string manifest = slurp(out / "sweep.json");
  const std::size_t at = manifest.find("\"index\": 1");
  REQUIRE(at != std::string::npos);
  manifest.replace(at, 10, "\"index\": \"one\"");
  std::ofstream(out / "sweep.json", std::ios::trunc) << manifest;
  const auto merged =
      run_wakesim_args("merge " + shell_quoted(out.string()) + " --out " + shell_quoted((out / "merged").string()));
  CHECK(merged.exit_code == 2);
  CHECK_THAT(merged.errors, Contains((out / "sweep.json").string() + ": the manifest was changed by hand"));
  CHECK_THAT(merged.errors, !Contains("E549"));
  const auto resumed = sweep("small.yaml", out);
  CHECK(resumed.exit_code == 2);
  CHECK_THAT(resumed.errors, Contains("the manifest was changed by hand"));
  fs::remove_all(out);
}

namespace {

// `wakesim ARGS` run in `cwd`; stdout and stderr both kept.
wakesim::test::WakesimOutcome run_in(const fs::path& cwd, const std::string& args) {
  return run_wakesim_args(args, "cd " + shell_quoted(cwd.string()) + " && ");
}

// `wakesim ARGS` with files limited to `blocks` KiB (ulimit -f), SIGXFSZ
// ignored: a write past the limit fails with EFBIG, as one fails on a full disk.
wakesim::test::WakesimOutcome run_with_file_limit(int blocks, const std::string& args) {
  const fs::path output = fs::temp_directory_path() / ("wakesim-limited-" + std::to_string(::getpid()));
  const std::string inner =
      "trap '' XFSZ; ulimit -f " + std::to_string(blocks) + "; exec " + std::string(WAKESIM_BINARY) + " " + args;
  const int status =
      std::system(("bash -c " + shell_quoted(inner) + " >" + shell_quoted(output.string()) + " 2>&1").c_str());
  const std::string text = slurp(output);
  fs::remove(output);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

std::size_t lines_with(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.find(part) != std::string::npos) ++count;
  return count;
}

std::string sweep_args(const fs::path& file, const fs::path& out, const std::string& extra = "") {
  return "sweep " + shell_quoted(file.string()) + " --out " + shell_quoted(out.string()) + extra;
}

// The pid a background command wrote into `pid_file`.
pid_t background_pid(const fs::path& pid_file) {
  pid_t pid = 0;
  for (int i = 0; i < 100 && pid == 0; ++i) {
    std::ifstream(pid_file) >> pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pid;
}

// Every pareto.csv row is a row of the results.csv beside it (the same
// generation); returns results.csv's text.
std::string checked_pair(const fs::path& dir) {
  const std::string results = slurp(dir / "results.csv");
  const auto pareto = csv_rows(dir / "pareto.csv");
  REQUIRE(pareto.size() >= 2);
  std::istringstream lines(slurp(dir / "pareto.csv"));
  for (std::string line; std::getline(lines, line);) CHECK_THAT(results, Contains(line + "\n"));
  return results;
}

}  // namespace

TEST_CASE("a second sweep into a directory in use is refused at once naming it and the holder's pid",
          "[app][sweep][slow]") {
  const fs::path out = fresh_directory("sweep-locked");
  const fs::path shard = fresh_directory("sweep-locked-shard");
  const fs::path pid_file = out.string() + ".pid";
  const std::string command = "setsid " + std::string(WAKESIM_BINARY) + " sweep " +
                              shell_quoted(sweep_file("slow.yaml")) + " --out " + shell_quoted(out.string()) +
                              " -j 1 >/dev/null 2>&1 & echo $! > " + shell_quoted(pid_file.string());
  REQUIRE(std::system(command.c_str()) == 0);
  const pid_t pid = background_pid(pid_file);
  REQUIRE(pid > 0);
  // The first sweep holds the lock once its pid is in the lock file.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (slurp(out / "sweep.lock") != std::to_string(pid) + "\n" && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto second = sweep("slow.yaml", out);
  CHECK(second.exit_code == 2);
  CHECK_THAT(second.errors, Contains("wakesim: " + out.string() + " is in use by another wakesim sweep or merge (pid " +
                                     std::to_string(pid) + ")"));
  CHECK(::kill(pid, 0) == 0);  // refused while the first one still runs: it did not wait
  // A shard runs into a directory of its own, alongside.
  const auto own = sweep("slow.yaml", shard, " --shard 2/6");
  INFO(own.errors);
  CHECK(own.exit_code == 0);
  ::kill(-pid, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // The lock went with its holder, kill -9 included: the sweep resumes, and the
  // finished sweep does not block a merge of its directory.
  const auto resumed = sweep("slow.yaml", out, " -j 2");
  INFO(resumed.errors);
  CHECK(resumed.exit_code == 0);
  const auto merged = run_wakesim_args("merge " + shell_quoted(out.string()) + " " + shell_quoted(shard.string()) +
                                       " --out " + shell_quoted((out / "merged").string()));
  INFO(merged.errors);
  CHECK(merged.exit_code == 0);
  CHECK(slurp(out / "merged" / "results.csv") == slurp(out / "results.csv"));
  fs::remove_all(out);
  fs::remove_all(shard);
  fs::remove(pid_file);
}

TEST_CASE("points of one effective configuration run once and each keeps its row", "[app][sweep][slow]") {
  // 5ms and 5000us are one duration: points 0 and 2, 1 and 3 are one configuration.
  const fs::path dir = fresh_directory("sweep-same");
  fs::create_directories(dir);
  write_sweep(dir / "same.yaml", "same",
              "    scenario.clients.0.autosuspend_delay: [5ms, 5000us, 20ms]\n    scenario.seed: [1, 2]\n");
  const auto whole = run_wakesim_args(sweep_args(dir / "same.yaml", dir / "whole", " -j 2"));
  INFO(whole.errors);
  REQUIRE(whole.exit_code == 0);
  CHECK_THAT(whole.errors, Contains("6 points (4 distinct configurations), 0 finished before, 4 to run"));
  CHECK(finished_points(dir / "whole") == 4);
  const auto rows = csv_rows(dir / "whole" / "results.csv");
  REQUIRE(rows.size() == 7);
  const std::size_t delay = column(rows[0], "scenario.clients.0.autosuspend_delay");
  for (std::size_t i = 1; i <= 2; ++i) {
    CHECK(rows[i][delay] == "5ms");
    CHECK(rows[i + 2][delay] == "5000us");
    REQUIRE(rows[i].size() == rows[i + 2].size());
    for (std::size_t c = 1; c < rows[i].size(); ++c)
      if (c != delay) CHECK(rows[i][c] == rows[i + 2][c]);
  }
  CHECK(rows[1][1] != rows[2][1]);
  // Shards: a configuration runs in the shard of its first point only.
  REQUIRE(run_wakesim_args(sweep_args(dir / "same.yaml", dir / "s1", " --shard 1/2")).exit_code == 0);
  REQUIRE(run_wakesim_args(sweep_args(dir / "same.yaml", dir / "s2", " --shard 2/2")).exit_code == 0);
  CHECK(finished_points(dir / "s1") + finished_points(dir / "s2") == 4);
  const auto merged =
      run_wakesim_args("merge " + shell_quoted((dir / "s1").string()) + " " + shell_quoted((dir / "s2").string()) +
                       " --out " + shell_quoted((dir / "merged").string()));
  CHECK(merged.exit_code == 0);
  CHECK(slurp(dir / "merged" / "results.csv") == slurp(dir / "whole" / "results.csv"));
  fs::remove_all(dir);
}

TEST_CASE("resuming from another directory and merging shards started with relative and absolute paths work",
          "[app][sweep][slow]") {
  const fs::path whole = fresh_directory("sweep-paths-whole");
  const fs::path base = fresh_directory("sweep-paths");
  fs::create_directories(base);
  REQUIRE(sweep("small.yaml", whole).exit_code == 0);
  // Shard 1 through relative paths from `base`, shard 2 through absolute ones
  // from the temporary directory.
  const fs::path relative_sweep = fs::relative(sweep_file("small.yaml"), base);
  const auto first = run_in(base, sweep_args(relative_sweep, "shard-1", " --shard 1/2"));
  INFO(first.errors);
  CHECK(first.exit_code == 0);
  const auto second =
      run_in(fs::temp_directory_path(), sweep_args(sweep_file("small.yaml"), base / "shard-2", " --shard 2/2"));
  CHECK(second.exit_code == 0);
  const auto merged = run_in(base, "merge shard-1 " + shell_quoted((base / "shard-2").string()) + " --out merged");
  INFO(merged.errors);
  CHECK(merged.exit_code == 0);
  CHECK(slurp(base / "merged" / "results.csv") == slurp(whole / "results.csv"));
  // Shard 1 again from another directory through yet another spelling: the
  // same sweep, nothing left to run.
  const auto again =
      run_in(source_path("tests"), sweep_args("data/sweeps/../sweeps/small.yaml", base / "shard-1", " --shard 1/2"));
  INFO(again.errors);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.errors, Contains("4 points (shard 1 of 2), 4 finished before, 0 to run"));
  fs::remove_all(whole);
  fs::remove_all(base);
}

TEST_CASE("axis values added to a sweep run only the new points and the tables describe the new sweep",
          "[app][sweep]") {
  const fs::path dir = fresh_directory("sweep-grows");
  fs::create_directories(dir);
  const fs::path file = dir / "grows.yaml";
  write_sweep(file, "grows", "    scenario.clients.0.autosuspend_delay: [5ms, 50ms]\n");
  REQUIRE(run_wakesim_args(sweep_args(file, dir / "out")).exit_code == 0);
  write_sweep(file, "grows", "    scenario.clients.0.autosuspend_delay: [5ms, 20ms, 50ms]\n");
  const auto grown = run_wakesim_args(sweep_args(file, dir / "out"));
  INFO(grown.errors);
  CHECK(grown.exit_code == 0);
  CHECK_THAT(grown.errors, Contains("sweep grows changed since"));
  CHECK_THAT(grown.errors, Contains("3 points, 2 finished before, 1 to run"));
  const auto rows = csv_rows(dir / "out" / "results.csv");
  REQUIRE(rows.size() == 4);
  const std::size_t delay = column(rows[0], "scenario.clients.0.autosuspend_delay");
  CHECK(rows[2][delay] == "20ms");
  // The same as the new sweep run whole: manifest and tables.
  REQUIRE(run_wakesim_args(sweep_args(file, dir / "fresh")).exit_code == 0);
  CHECK(slurp(dir / "out" / "sweep.json") == slurp(dir / "fresh" / "sweep.json"));
  CHECK(slurp(dir / "out" / "results.csv") == slurp(dir / "fresh" / "results.csv"));
  CHECK(slurp(dir / "out" / "pareto.csv") == slurp(dir / "fresh" / "pareto.csv"));
  // A sweep of another name is still refused.
  write_sweep(file, "renamed", "    scenario.clients.0.autosuspend_delay: [5ms, 20ms, 50ms]\n");
  const auto renamed = run_wakesim_args(sweep_args(file, dir / "out"));
  CHECK(renamed.exit_code == 2);
  CHECK_THAT(renamed.errors, Contains("holds another sweep ('grows')"));
  fs::remove_all(dir);
}

TEST_CASE("results.csv and pareto.csv are always one generation's pair", "[app][sweep]") {
  const fs::path dir = fresh_directory("sweep-pair");
  fs::create_directories(dir);
  const fs::path file = dir / "pair.yaml";
  const fs::path out = dir / "out";
  const std::string two = "    scenario.clients.0.autosuspend_delay: [5ms, 50ms]\n";
  const std::string three = "    scenario.clients.0.autosuspend_delay: [5ms, 20ms, 50ms]\n";
  write_sweep(file, "pair", two);
  REQUIRE(run_wakesim_args(sweep_args(file, out)).exit_code == 0);
  CHECK(fs::read_symlink(out / "results.csv") == "tables/results.csv");
  CHECK(fs::read_symlink(out / "pareto.csv") == "tables/pareto.csv");
  CHECK(fs::read_symlink(out / "tables") == "tables.1");
  const std::string first = checked_pair(out);
  write_sweep(file, "pair", three);
  REQUIRE(run_wakesim_args(sweep_args(file, out)).exit_code == 0);
  CHECK(fs::read_symlink(out / "tables") == "tables.2");
  const std::string second = checked_pair(out);
  CHECK(second != first);
  // The previous generation stays whole for a reader that resolved `tables` before.
  CHECK(checked_pair(out / "tables.1") == first);
  // A run that changes nothing publishes nothing.
  REQUIRE(run_wakesim_args(sweep_args(file, out)).exit_code == 0);
  CHECK(fs::read_symlink(out / "tables") == "tables.2");
  // A generation that cannot be written (2 KiB files: the manifest fits,
  // results.csv does not) leaves the current one whole and nothing half-made.
  write_sweep(file, "pair", two);
  const auto limited = run_with_file_limit(2, sweep_args(file, out));
  CHECK(limited.exit_code == 1);
  CHECK_THAT(limited.errors, Contains("wakesim: cannot write " + (out / "tables.3.partial" / "results.csv").string() +
                                      ": File too large"));
  CHECK(lines_with(limited.errors, "wakesim:") == 1);
  CHECK(fs::read_symlink(out / "tables") == "tables.2");
  CHECK(checked_pair(out) == second);
  for (const auto& entry : fs::directory_iterator(out)) CHECK(entry.path().extension() != ".partial");
  // With room again: the two-point tables, as first written; the generation
  // before the previous one is gone.
  REQUIRE(run_wakesim_args(sweep_args(file, out)).exit_code == 0);
  CHECK(fs::read_symlink(out / "tables") == "tables.3");
  CHECK(checked_pair(out) == first);
  CHECK_FALSE(fs::exists(out / "tables.1"));
  CHECK(fs::exists(out / "tables.2"));
  fs::remove_all(dir);
}

TEST_CASE("a disk that fills stops the sweep with one line and the rerun completes it as if uninterrupted",
          "[app][sweep]") {
  const fs::path dir = fresh_directory("sweep-full");
  fs::create_directories(dir);
  const fs::path file = dir / "full.yaml";
  // Point 2's long scenario name makes its report.json about 19 KB, past the
  // 16 KiB file size limit of the first run (the others' are about 10 KB):
  // writing it fails with EFBIG, as a write on a full disk fails with ENOSPC.
  write_sweep(file, "disk-full", "    scenario.name: [a, b, " + std::string(3000, 'x') + ", c]\n");
  const auto limited = run_with_file_limit(16, sweep_args(file, dir / "out", " -j 1"));
  CHECK(limited.exit_code == 1);
  CHECK(lines_with(limited.errors, "wakesim:") == 1);
  CHECK_THAT(limited.errors, Contains("wakesim: point 2 ("));
  CHECK_THAT(limited.errors, Contains("/report.json: File too large; free some space and run the same command again"));
  CHECK_THAT(limited.errors, !Contains("E549"));
  CHECK_THAT(limited.errors, !Contains("uncaught"));
  CHECK(finished_points(dir / "out") == 2);
  CHECK(fs::is_empty(dir / "out" / "failed"));  // not the point's fault: it runs again
  const auto rerun = run_wakesim_args(sweep_args(file, dir / "out"));
  INFO(rerun.errors);
  CHECK(rerun.exit_code == 0);
  CHECK_THAT(rerun.errors, Contains("2 finished before, 2 to run"));
  REQUIRE(run_wakesim_args(sweep_args(file, dir / "whole")).exit_code == 0);
  CHECK(slurp(dir / "out" / "results.csv") == slurp(dir / "whole" / "results.csv"));
  CHECK(slurp(dir / "out" / "pareto.csv") == slurp(dir / "whole" / "pareto.csv"));
  fs::remove_all(dir);
}

TEST_CASE("an --out in an unwritable or read-only place is one line with exit 2", "[app][sweep]") {
  // No one can make a directory in /proc, root included.
  const auto proc = sweep("small.yaml", "/proc/wakesim-sweep-test");
  CHECK(proc.exit_code == 2);
  CHECK_THAT(proc.errors, Contains("wakesim: /proc/wakesim-sweep-test: cannot create it as a directory: "));
  CHECK(lines_with(proc.errors, "wakesim:") == 1);
  CHECK_THAT(proc.errors, !Contains("E549"));
  if (::geteuid() == 0) return;  // root ignores the permissions below
  const fs::path dir = fresh_directory("sweep-read-only");
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  const auto inside = sweep("small.yaml", dir / "out");
  CHECK(inside.exit_code == 2);
  CHECK_THAT(inside.errors,
             Contains("wakesim: " + (dir / "out").string() + ": cannot create it as a directory: Permission denied"));
  CHECK(lines_with(inside.errors, "wakesim:") == 1);
  const auto itself = sweep("small.yaml", dir);
  CHECK(itself.exit_code == 2);
  CHECK_THAT(itself.errors, Contains("wakesim: " + dir.string() + ": cannot write into it: Permission denied"));
  CHECK(lines_with(itself.errors, "wakesim:") == 1);
  CHECK(fs::is_empty(dir));
  fs::permissions(dir, fs::perms::owner_all);
  fs::remove_all(dir);
}

TEST_CASE("a missing scenario or platform file is exit 2 with the message validate gives", "[app][sweep]") {
  const fs::path dir = fresh_directory("sweep-missing");
  fs::create_directories(dir);
  std::ofstream(dir / "no_scenario.yaml") << "sweep:\n  name: lost\n  scenario: missing.yaml\n  grid:\n"
                                             "    scenario.seed: [1, 2]\n";
  // A copy of the scenario next to the sweep whose platform file is not there.
  std::string scenario = slurp(source_path("scenarios/pl330_periodic.yaml"));
  const std::string platform = "../platforms/exynos_like.yaml";
  REQUIRE(scenario.find(platform) != std::string::npos);
  scenario.replace(scenario.find(platform), platform.size(), "missing_platform.yaml");
  std::ofstream(dir / "scenario.yaml") << scenario;
  std::ofstream(dir / "no_platform.yaml") << "sweep:\n  name: lost\n  scenario: scenario.yaml\n  grid:\n"
                                             "    scenario.seed: [1, 2]\n";
  const std::pair<const char*, std::string> cases[] = {
      {"no_scenario.yaml", "no_scenario.yaml:3:13: sweep.scenario: scenario file '" + (dir / "missing.yaml").string() +
                               "': cannot read: No such file or directory"},
      {"no_platform.yaml", "no_platform.yaml: point 0 (scenario.seed=1): " + (dir / "scenario.yaml").string() +
                               ":8:13: scenario.platform: platform file '" + (dir / "missing_platform.yaml").string() +
                               "': cannot read: No such file or directory"}};
  for (const auto& [name, message] : cases) {
    INFO(name);
    const auto swept = run_wakesim_args(sweep_args(dir / name, dir / "out"));
    CHECK(swept.exit_code == 2);
    CHECK_THAT(swept.errors, Contains(message));
    CHECK(lines_with(swept.errors, "wakesim:") == 1);
    CHECK_FALSE(fs::exists(dir / "out"));
    const auto validated = run_wakesim_args("validate " + shell_quoted((dir / name).string()));
    CHECK(validated.exit_code == 2);
    CHECK(validated.errors == swept.errors);
  }
  fs::remove_all(dir);
}

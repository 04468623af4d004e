#include "wakesim/app/sweep_command.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wakesim/app/atomic_file.h"
#include "wakesim/app/directory_lock.h"
#include "wakesim/app/escaped_exception.h"
#include "wakesim/app/flat_metrics.h"
#include "wakesim/app/process_pool.h"
#include "wakesim/app/progress_line.h"
#include "wakesim/app/run_command.h"
#include "wakesim/app/sweep_input_error.h"
#include "wakesim/app/sweep_manifest.h"
#include "wakesim/app/sweep_plan.h"
#include "wakesim/app/sweep_results.h"
#include "wakesim/app/sweep_spec.h"
#include "wakesim/app/table_generation.h"
#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"

namespace wakesim {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr int kExitFailure = 1;  // a point failed, or the sweep could not write
constexpr int kExitBadInput = 2;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Whether an error message is that of a write refused for want of space: a
// full disk, a file over the size limit (ulimit -f), a quota.
bool says_out_of_space(const std::string& text) {
  for (const int error : {ENOSPC, EFBIG, EDQUOT})
    if (text.find(std::strerror(error)) != std::string::npos) return true;
  return false;
}

// The last line of a point's stderr, without the "wakesim: " of its messages.
std::string last_line(const std::string& text) {
  std::string line;
  std::istringstream lines(text);
  for (std::string next; std::getline(lines, next);)
    if (!next.empty()) line = next;
  const std::string prefix = "wakesim: ";
  return line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : line;
}

// A runtime failure as one line: a file system error names its path.
std::string describe_failure(const std::exception& error) {
  std::string text = error.what();
  if (const auto* fs_error = dynamic_cast<const fs::filesystem_error*>(&error))
    text = (fs_error->path1().empty() ? std::string("a file") : fs_error->path1().string()) + ": " +
           fs_error->code().message();
  if (says_out_of_space(text)) text += "; free some space and run the same command again (it resumes)";
  return text;
}

// DIR (and its parents) as a directory; a place that cannot be one (a regular
// file, unwritable, read-only) is bad input.
void make_directory(const fs::path& dir) {
  std::error_code error;
  if (fs::exists(dir, error) && !fs::is_directory(dir, error))
    error = std::make_error_code(std::errc::not_a_directory);
  else
    fs::create_directories(dir, error);
  if (!error) return;
  const std::string message = fmt::format("{}: cannot create it as a directory: {}", dir.string(), error.message());
  if (names_a_bad_place(error)) throw SweepInputError(message);
  throw std::runtime_error(message);
}

// DIR's manifest, if it has one; a DIR that cannot be looked into is left to
// make_directory and the lock to report.
std::optional<ordered_json> existing_manifest(const fs::path& dir) {
  std::error_code error;
  if (!fs::exists(dir / "sweep.json", error) || error) return std::nullopt;
  return read_manifest(dir);
}

// A DIR holding a sweep of another name is refused. One of the same name is
// this sweep, perhaps an earlier version of it (axis values added or removed):
// its finished points are kept, and those whose configuration is unchanged are
// not run again.
void refuse_another_sweep(const fs::path& dir, const std::optional<ordered_json>& existing, const ordered_json& m) {
  if (existing && (*existing)["name"] != m["name"])
    throw SweepInputError(fmt::format("{} holds another sweep ('{}'); choose another --out", dir.string(),
                                      (*existing)["name"].get<std::string>()));
}

// Writes the manifest unless DIR's is this very sweep; says so when it replaces
// an earlier version's.
void claim_directory(const fs::path& dir, const ordered_json& m, std::ostream& out) {
  const std::optional<ordered_json> existing = existing_manifest(dir);
  refuse_another_sweep(dir, existing, m);
  if (existing && (*existing)["definition"] == m["definition"]) return;
  if (existing)
    out << fmt::format("sweep {} changed since {} was written ({} points then, {} now): finished points are reused\n",
                       m["name"].get<std::string>(), (dir / "sweep.json").string(), (*existing)["points"].size(),
                       m["points"].size());
  write_file_atomically((dir / "sweep.json").string(), m.dump(2) + "\n");
}

// A JSON file's object, or an empty object when it is not one (cut short, edited).
ordered_json read_json_object(const fs::path& file) {
  std::ifstream in(file);
  ordered_json json = ordered_json::parse(in, nullptr, false);
  return json.is_object() ? json : ordered_json::object();
}

// A point's report when the point finished: its report.json reads as a report.
// One that does not (a disk that filled, a hand edit) is not a finished point.
std::optional<ordered_json> finished_report(const fs::path& point_dir) {
  const fs::path file = point_dir / "report.json";
  if (!fs::exists(file)) return std::nullopt;
  ordered_json report = read_json_object(file);
  if (!report.contains("metrics") || !report["metrics"].is_object()) return std::nullopt;
  return report;
}

// The row of point `entry` (a manifest element), from whichever of `dirs` has it.
SweepRow row_of(const ordered_json& entry, const std::vector<std::string>& axes, const std::vector<fs::path>& dirs) {
  SweepRow row;
  row.index = entry["index"].get<std::size_t>();
  row.id = entry["id"].get<std::string>();
  for (const std::string& key : axes) row.axis_values.push_back(entry["values"].value(key, ""));
  row.status = "missing";
  for (const fs::path& dir : dirs) {
    if (const std::optional<ordered_json> report = finished_report(dir / "points" / row.id)) {
      row.metrics = flatten_metrics((*report)["metrics"]);
      row.status = "ok";
      row.error.clear();
      return row;
    }
    const fs::path failure = dir / "failed" / (row.id + ".json");
    if (fs::exists(failure)) {
      row.status = "failed";
      row.error = read_json_object(failure).value("error", "unreadable " + failure.string());
    }
  }
  return row;
}

// results.csv and pareto.csv, published together (table_generation.h).
void write_tables(const fs::path& dir, const std::vector<std::string>& axes, std::vector<SweepRow>& rows,
                  const ParetoOptions& pareto) {
  mark_pareto_front(rows, pareto);
  publish_table_generation(dir, {{"results.csv", results_csv(axes, rows)}, {"pareto.csv", pareto_csv(axes, rows)}});
}

std::size_t count_ok(const std::vector<SweepRow>& rows) {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const SweepRow& row) { return row.ok(); }));
}

struct ShardSpec {
  unsigned k = 1;
  unsigned n = 1;
};

ShardSpec parse_shard(const std::string& text) {
  if (text.empty()) return {};
  unsigned k = 0, n = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> k >> slash >> n) || slash != '/' || !in.eof() || n == 0 || k == 0 || k > n)
    throw SweepInputError(fmt::format("--shard '{}' must be K/N with 1 <= K <= N", text));
  return {k, n};
}

void record_failure(const fs::path& dir, const PlannedPoint& p, int exit_code, int signal, const std::string& error) {
  const ordered_json failure = {{"index", p.point.index}, {"id", p.id},     {"exit_code", exit_code},
                                {"signal", signal},       {"error", error}, {"overrides", p.overrides}};
  write_file_atomically((dir / "failed" / (p.id + ".json")).string(), failure.dump(2) + "\n");
}

ParetoOptions pareto_options(const std::string& objectives, bool include_unsafe) {
  ParetoOptions options;
  options.include_unsafe = include_unsafe;
  try {
    options.objectives = parse_objectives(objectives);
  } catch (const std::invalid_argument& error) {
    throw SweepInputError(std::string("--objectives: ") + error.what());
  }
  return options;
}

// Leftovers of a killed run: half-written points and their logs.
void remove_partials(const fs::path& points) {
  for (const auto& entry : fs::directory_iterator(points))
    if (entry.path().extension() == ".partial" || entry.path().extension() == ".log") fs::remove_all(entry.path());
}

// Everything about the sweep that is known before DIR is touched.
struct SweepPlan {
  SweepSpec spec;
  ShardSpec shard;
  ParetoOptions pareto;
  std::vector<PlannedPoint> planned;
  ordered_json manifest;
};

// Reads the sweep file and checks every point; throws ConfigError or
// SweepInputError for bad input.
SweepPlan read_plan(const SweepOptions& options) {
  SweepPlan plan;
  plan.shard = parse_shard(options.shard);
  plan.pareto = pareto_options(options.objectives, options.include_unsafe);
  ConfigDocument doc = ConfigDocument::load_file(options.sweep_file);
  plan.spec = read_sweep(doc.root().child("sweep"), fs::path(options.sweep_file).parent_path().string());
  doc.finish();
  plan.planned = plan_sweep(plan.spec);
  plan.manifest = sweep_manifest(plan.spec, plan.planned);
  return plan;
}

// This shard's points: those whose configuration's first point falls to it, so
// a configuration shared by points of several shards runs in one of them.
std::vector<const PlannedPoint*> shard_points(const SweepPlan& plan) {
  std::vector<const PlannedPoint*> mine;
  for (const PlannedPoint& p : plan.planned)
    if (p.first_of_id % plan.shard.n == plan.shard.k - 1) mine.push_back(&p);
  return mine;
}

struct RunList {
  std::vector<const PlannedPoint*> points;  // one per configuration to run
  std::size_t configurations = 0;           // distinct configurations of the shard
  std::size_t finished_before = 0;
};

RunList points_to_run(const std::vector<const PlannedPoint*>& mine, const fs::path& points, std::ostream& errors) {
  RunList list;
  for (const PlannedPoint* p : mine) {
    if (!p->runs_itself()) continue;  // its configuration's first point runs for it
    ++list.configurations;
    if (finished_report(points / p->id)) {
      ++list.finished_before;
      continue;
    }
    if (fs::exists(points / p->id)) {
      errors << fmt::format("wakesim: point {} ({}): its report.json is unreadable; running it again\n", p->point.index,
                            p->id);
      fs::remove_all(points / p->id);
    }
    list.points.push_back(p);
  }
  return list;
}

ChildJob point_job(const SweepSpec& spec, const PlannedPoint& p, const fs::path& points) {
  ChildJob job;
  job.argv = {
      current_executable(), "run", spec.scenario_file, "--out", (points / (p.id + ".partial")).string(), "--quiet"};
  for (const std::string& o : p.overrides) {
    job.argv.push_back("--set");
    job.argv.push_back(o);
  }
  job.stderr_path = (points / (p.id + ".log")).string();
  return job;
}

std::string announcement(const SweepOptions& options, const SweepPlan& plan, std::size_t points, const RunList& list) {
  const std::string shard = options.shard.empty() ? "" : fmt::format(" (shard {} of {})", plan.shard.k, plan.shard.n);
  const std::string distinct =
      list.configurations == points ? "" : fmt::format(" ({} distinct configurations)", list.configurations);
  return fmt::format("sweep {}: {} points{}{}, {} finished before, {} to run with -j {}\n", plan.spec.name, points,
                     shard, distinct, list.finished_before, list.points.size(), options.jobs);
}

// A finished run's outcome: its directory moved into place, or its failure
// recorded. A run that could not write for want of space stops the sweep (every
// later point would fail the same way); it is not recorded as failed, so it
// runs again next time.
bool settle_point(const fs::path& dir, const PlannedPoint& p, const ChildResult& result) {
  const fs::path points = dir / "points";
  const fs::path partial = points / (p.id + ".partial");
  const fs::path log = points / (p.id + ".log");
  if (result.exit_code == 0 && fs::exists(partial / "report.json")) {
    fs::remove_all(points / p.id);
    fs::rename(partial, points / p.id);
    fs::remove(dir / "failed" / (p.id + ".json"));
    fs::remove(log);
    return true;
  }
  std::string error = read_text(log);
  fs::remove_all(partial);
  fs::remove(log);
  if (result.signal == 0 && says_out_of_space(error))
    throw std::runtime_error(
        fmt::format("point {} ({}) could not be written: {}", p.point.index, p.id, last_line(error)));
  if (result.signal != 0)
    error += fmt::format("{}killed by signal {}", error.empty() || error.back() == '\n' ? "" : "\n", result.signal);
  if (error.empty()) error = fmt::format("exit code {}", result.exit_code);
  record_failure(dir, p, result.exit_code, result.signal, error);
  return false;
}

void run_points(const SweepOptions& options, const SweepPlan& plan, const RunList& list, std::ostream& errors) {
  const fs::path dir(options.out_dir);
  std::vector<ChildJob> jobs;
  for (const PlannedPoint* p : list.points) jobs.push_back(point_job(plan.spec, *p, dir / "points"));
  ProgressLine progress(errors, jobs.size(), options.terminal);
  try {
    ProcessPool(options.jobs).run(jobs, [&](const ChildResult& result) {
      const PlannedPoint& p = *list.points[result.job];
      const bool ok = settle_point(dir, p, result);
      progress.point_done(p.id, ok, result.seconds);
    });
  } catch (...) {
    progress.finish();
    throw;
  }
  progress.finish();
}

// Everything from taking DIR to writing its tables; returns the exit code.
int sweep_into_directory(const SweepOptions& options, const SweepPlan& plan, std::ostream& out, std::ostream& errors) {
  const fs::path dir(options.out_dir);
  refuse_another_sweep(dir, existing_manifest(dir), plan.manifest);  // before anything is created
  make_directory(dir);
  const DirectoryLock lock(dir);
  claim_directory(dir, plan.manifest, out);
  make_directory(dir / "points");
  make_directory(dir / "failed");
  remove_partials(dir / "points");

  const std::vector<const PlannedPoint*> mine = shard_points(plan);
  const RunList list = points_to_run(mine, dir / "points", errors);
  out << announcement(options, plan, mine.size(), list) << std::flush;
  run_points(options, plan, list, errors);

  const std::vector<std::string> axes = axis_keys(plan.spec);
  std::vector<SweepRow> rows;
  for (const PlannedPoint* p : mine) rows.push_back(row_of(plan.manifest["points"][p->point.index], axes, {dir}));
  write_tables(dir, axes, rows, plan.pareto);
  const std::size_t ok = count_ok(rows);
  out << fmt::format("{} ok, {} failed; results in {}\n", ok, rows.size() - ok, (dir / "results.csv").string());
  return ok == rows.size() ? 0 : kExitFailure;
}

}  // namespace

int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& errors) {
  try {
    const SweepPlan plan = read_plan(options);
    return sweep_into_directory(options, plan, out, errors);
  } catch (const ConfigError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const SweepInputError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    errors << "wakesim: " << describe_failure(error) << "\n";
    return kExitFailure;
  }
}

namespace {

// The shards' manifests, which must all be of one sweep (and one version of it).
ordered_json shared_manifest(const std::vector<std::string>& dirs) {
  ordered_json m;
  for (const std::string& d : dirs) {
    const ordered_json mine = read_manifest(d);
    if (m.is_null()) {
      m = mine;
    } else if (mine["definition"] != m["definition"]) {
      throw SweepInputError(mine["name"] == m["name"]
                                ? fmt::format("{} holds another version of sweep '{}' than {}; run its shard again", d,
                                              m["name"].get<std::string>(), dirs.front())
                                : fmt::format("{} holds another sweep than {}", d, dirs.front()));
    }
  }
  return m;
}

int merge_into_directory(const MergeOptions& options, const ordered_json& m, const ParetoOptions& pareto,
                         std::ostream& out) {
  const fs::path target(options.out_dir);
  make_directory(target);
  const DirectoryLock lock(target);
  write_file_atomically((target / "sweep.json").string(), m.dump(2) + "\n");
  const std::vector<fs::path> dirs(options.dirs.begin(), options.dirs.end());
  const std::vector<std::string> axes = m["axes"].get<std::vector<std::string>>();
  std::vector<SweepRow> rows;
  for (const auto& entry : m["points"]) rows.push_back(row_of(entry, axes, dirs));
  write_tables(target, axes, rows, pareto);
  const std::size_t ok = count_ok(rows);
  out << fmt::format("merged {} of {} points ({} not ok) into {}\n", ok, rows.size(), rows.size() - ok,
                     (target / "results.csv").string());
  return ok == rows.size() ? 0 : kExitFailure;
}

}  // namespace

int merge_sweeps(const MergeOptions& options, std::ostream& out, std::ostream& errors) {
  try {
    const ParetoOptions pareto = pareto_options(options.objectives, options.include_unsafe);
    return merge_into_directory(options, shared_manifest(options.dirs), pareto, out);
  } catch (const SweepInputError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& error) {
    errors << "wakesim: " << describe_failure(error) << "\n";
    return kExitFailure;
  }
}

SweepTable read_sweep_table(const std::string& dir) {
  const ordered_json m = read_manifest(dir);
  SweepTable table;
  table.name = m.value("name", "");
  table.axes = m["axes"].get<std::vector<std::string>>();
  for (const auto& entry : m["points"]) {
    try {
      table.rows.push_back(row_of(entry, table.axes, {fs::path(dir)}));
    } catch (const nlohmann::json::exception& error) {
      throw SweepInputError(
          fmt::format("{}: point {}: unreadable result: {}", dir, entry.value("index", 0), error.what()));
    }
  }
  return table;
}

namespace {

bool is_sweep_file(const std::string& file) {
  try {
    return ConfigDocument::load_file(file).root().has("sweep");
  } catch (const ConfigError&) {
    return false;  // validate_files reports it
  }
}

// Every point's configuration is read and checked as the sweep checks it before
// running (sweep_plan.h): the same messages.
void validate_sweep(const std::string& file) {
  ConfigDocument doc = ConfigDocument::load_file(file);
  const SweepSpec spec = read_sweep(doc.root().child("sweep"), fs::path(file).parent_path().string());
  doc.finish();
  plan_sweep(spec);
}

}  // namespace

int validate_inputs(const std::vector<std::string>& files, std::ostream& out, std::ostream& errors) {
  int status = 0;
  for (const std::string& file : files) {
    if (!is_sweep_file(file)) {
      status = std::max(status, validate_files({file}, out, errors));
      continue;
    }
    try {
      validate_sweep(file);
      out << file << ": ok\n";
    } catch (const ConfigError& error) {
      errors << "wakesim: " << error.what() << "\n";
      status = kExitBadInput;
    } catch (const SweepInputError& error) {
      errors << "wakesim: " << error.what() << "\n";
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace wakesim

#include "sweep_command.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "atomic_file.h"
#include "flat_metrics.h"
#include "core/config_document.h"
#include "core/config_error.h"
#include "process_pool.h"
#include "progress_line.h"
#include "run_command.h"
#include "sweep_results.h"
#include "sweep_spec.h"
#include "workload/job_trace_error.h"

namespace wakesim {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr int kExitFailedPoints = 1;
constexpr int kExitBadInput = 2;
constexpr int kManifestSchema = 1;

class SweepInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string hex_id(const std::string& text) { return fmt::format("{:016x}", fnv1a(text)); }

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// One point as the manifest and the runner see it.
struct PlannedPoint {
  SweepPoint point;
  std::vector<std::string> overrides;
  std::string id;
  std::string load_error;  // the point's configuration is refused: it fails without running
};

std::vector<PlannedPoint> plan(const SweepSpec& spec) {
  std::vector<PlannedPoint> planned;
  for (const SweepPoint& point : expand_points(spec)) {
    PlannedPoint p{point, point.overrides(spec), "", ""};
    try {
      p.id = hex_id(effective_configuration_json(spec.scenario_file, p.overrides));
    } catch (const ConfigError& error) {
      p.load_error = error.what();
    } catch (const JobTraceError& error) {
      p.load_error = error.what();
    }
    if (!p.load_error.empty()) {
      std::string text = "refused:";
      for (const std::string& o : p.overrides) text += o + "\n";
      p.id = hex_id(text);
    }
    planned.push_back(std::move(p));
  }
  return planned;
}

ordered_json manifest(const SweepSpec& spec, const std::vector<PlannedPoint>& planned) {
  ordered_json points = ordered_json::array();
  for (const PlannedPoint& p : planned) {
    ordered_json values = ordered_json::object();
    for (const auto& [key, value] : p.point.values) values[key] = value;
    points.push_back({{"index", p.point.index}, {"id", p.id}, {"values", values}});
  }
  ordered_json body = {{"name", spec.name}, {"scenario", spec.scenario_file},
                       {"axes", axis_keys(spec)}, {"fixed", spec.fixed}, {"points", points}};
  const std::string definition = hex_id(body.dump());
  ordered_json result = {{"schema_version", kManifestSchema}, {"definition", definition}};
  for (auto& [key, value] : body.items()) result[key] = value;
  return result;
}

// What the code reading a manifest relies on: axes are strings, every point has
// its index (in order), id and values.
bool well_formed(const ordered_json& m) {
  if (!m["axes"].is_array() || !m["points"].is_array()) return false;
  for (const auto& axis : m["axes"])
    if (!axis.is_string()) return false;
  std::size_t index = 0;
  for (const auto& point : m["points"]) {
    if (!point.is_object() || !point.contains("index") || !point["index"].is_number_unsigned() ||
        point["index"].get<std::size_t>() != index++ || !point.contains("id") || !point["id"].is_string() ||
        !point.contains("values") || !point["values"].is_object())
      return false;
    for (const auto& [key, value] : point["values"].items())
      if (!value.is_string()) return false;
  }
  return true;
}

ordered_json read_manifest(const fs::path& dir) {
  const fs::path file = dir / "sweep.json";
  std::ifstream in(file);
  if (!in) throw SweepInputError(file.string() + ": cannot read (not a sweep directory?)");
  ordered_json m;
  try {
    m = ordered_json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw SweepInputError(file.string() + ": not valid JSON: " + error.what());
  }
  if (!m.is_object() || m.value("schema_version", 0) != kManifestSchema || !m.contains("points") ||
      !m.contains("axes"))
    throw SweepInputError(file.string() + ": not a wakesim sweep manifest");
  if (!well_formed(m))
    throw SweepInputError(file.string() +
                          ": the manifest was changed by hand (a point or axis is malformed); "
                          "wakesim writes it: remove the directory or choose another --out");
  return m;
}

// Writes the manifest, or checks that DIR's is the same sweep.
void claim_directory(const fs::path& dir, const ordered_json& m) {
  fs::create_directories(dir / "points");
  fs::create_directories(dir / "failed");
  if (fs::exists(dir / "sweep.json")) {
    const ordered_json existing = read_manifest(dir);
    if (existing.value("definition", "") != m["definition"].get<std::string>())
      throw SweepInputError(fmt::format("{} holds another sweep ('{}'); choose another --out", dir.string(),
                                        existing.value("name", "")));
    return;
  }
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
SweepRow row_of(const ordered_json& entry, const std::vector<std::string>& axes,
                const std::vector<fs::path>& dirs) {
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

void write_tables(const fs::path& dir, const std::vector<std::string>& axes, std::vector<SweepRow>& rows,
                  const ParetoOptions& pareto) {
  mark_pareto_front(rows, pareto);
  write_file_atomically((dir / "results.csv").string(), results_csv(axes, rows));
  write_file_atomically((dir / "pareto.csv").string(), pareto_csv(axes, rows));
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

void record_failure(const fs::path& dir, const PlannedPoint& p, int exit_code, int signal,
                    const std::string& error) {
  const ordered_json failure = {{"index", p.point.index}, {"id", p.id}, {"exit_code", exit_code},
                                {"signal", signal}, {"error", error}, {"overrides", p.overrides}};
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

}  // namespace

int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& errors) {
  SweepSpec spec;
  ShardSpec shard;
  ParetoOptions pareto;
  std::vector<PlannedPoint> planned;
  const fs::path dir(options.out_dir);
  try {
    shard = parse_shard(options.shard);
    pareto = pareto_options(options.objectives, options.include_unsafe);
    ConfigDocument doc = ConfigDocument::load_file(options.sweep_file);
    spec = read_sweep(doc.root().child("sweep"), fs::path(options.sweep_file).parent_path().string());
    doc.finish();
    planned = plan(spec);
    claim_directory(dir, manifest(spec, planned));
  } catch (const ConfigError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const SweepInputError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  }
  const fs::path points = dir / "points";
  remove_partials(points);

  std::vector<const PlannedPoint*> mine;
  for (const PlannedPoint& p : planned)
    if (p.point.index % shard.n == shard.k - 1) mine.push_back(&p);

  std::vector<ChildJob> jobs;
  std::vector<const PlannedPoint*> job_points;
  std::size_t skipped = 0;
  std::size_t failed = 0;
  for (const PlannedPoint* p : mine) {
    if (finished_report(points / p->id)) {
      ++skipped;
      continue;
    }
    if (fs::exists(points / p->id)) {
      errors << fmt::format("wakesim: point {} ({}): its report.json is unreadable; running it again\n",
                            p->point.index, p->id);
      fs::remove_all(points / p->id);
    }
    if (!p->load_error.empty()) {
      record_failure(dir, *p, kExitBadInput, 0, p->load_error);
      ++failed;
      continue;
    }
    ChildJob job;
    job.argv = {current_executable(), "run", spec.scenario_file, "--out", (points / (p->id + ".partial")).string(),
                "--quiet"};
    for (const std::string& o : p->overrides) {
      job.argv.push_back("--set");
      job.argv.push_back(o);
    }
    job.stderr_path = (points / (p->id + ".log")).string();
    jobs.push_back(std::move(job));
    job_points.push_back(p);
  }
  out << fmt::format("sweep {}: {} points{}, {} finished before, {} to run with -j {}\n", spec.name, mine.size(),
                     options.shard.empty() ? "" : fmt::format(" (shard {} of {})", shard.k, shard.n), skipped,
                     jobs.size(), options.jobs);

  ProgressLine progress(errors, jobs.size(), options.terminal);
  ProcessPool(options.jobs).run(jobs, [&](const ChildResult& result) {
    const PlannedPoint& p = *job_points[result.job];
    const fs::path partial = points / (p.id + ".partial");
    const fs::path log = points / (p.id + ".log");
    const bool ok = result.exit_code == 0 && fs::exists(partial / "report.json");
    if (ok) {
      fs::remove_all(points / p.id);
      fs::rename(partial, points / p.id);
      fs::remove(dir / "failed" / (p.id + ".json"));
    } else {
      std::string error = read_text(log);
      if (result.signal != 0)
        error += fmt::format("{}killed by signal {}", error.empty() || error.back() == '\n' ? "" : "\n",
                             result.signal);
      if (error.empty()) error = fmt::format("exit code {}", result.exit_code);
      record_failure(dir, p, result.exit_code, result.signal, error);
      fs::remove_all(partial);
      ++failed;
    }
    fs::remove(log);
    progress.point_done(p.id, ok, result.seconds);
  });
  progress.finish();

  const std::vector<std::string> axes = axis_keys(spec);
  std::vector<SweepRow> rows;
  const ordered_json m = manifest(spec, planned);
  for (const PlannedPoint* p : mine) rows.push_back(row_of(m["points"][p->point.index], axes, {dir}));
  write_tables(dir, axes, rows, pareto);
  out << fmt::format("{} ok, {} failed; results in {}\n", mine.size() - failed, failed,
                     (dir / "results.csv").string());
  return failed == 0 ? 0 : kExitFailedPoints;
}

int merge_sweeps(const MergeOptions& options, std::ostream& out, std::ostream& errors) {
  ordered_json m;
  std::vector<fs::path> dirs;
  ParetoOptions pareto;
  try {
    pareto = pareto_options(options.objectives, options.include_unsafe);
    for (const std::string& d : options.dirs) {
      const ordered_json mine = read_manifest(d);
      if (m.is_null()) {
        m = mine;
      } else if (mine.value("definition", "") != m.value("definition", "")) {
        throw SweepInputError(fmt::format("{} holds another sweep than {}", d, options.dirs.front()));
      }
      dirs.emplace_back(d);
    }
  } catch (const SweepInputError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  }
  const fs::path target(options.out_dir);
  fs::create_directories(target);
  write_file_atomically((target / "sweep.json").string(), m.dump(2) + "\n");
  const std::vector<std::string> axes = m["axes"].get<std::vector<std::string>>();
  std::vector<SweepRow> rows;
  std::size_t ok = 0;
  for (const auto& entry : m["points"]) {
    rows.push_back(row_of(entry, axes, dirs));
    if (rows.back().status == "ok") ++ok;
  }
  write_tables(target, axes, rows, pareto);
  out << fmt::format("merged {} of {} points ({} not ok) into {}\n", ok, rows.size(), rows.size() - ok,
                     (target / "results.csv").string());
  return ok == rows.size() ? 0 : kExitFailedPoints;
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
      throw SweepInputError(fmt::format("{}: point {}: unreadable result: {}", dir, entry.value("index", 0),
                                        error.what()));
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

// Every point's configuration is read as its run would read it.
void validate_sweep(const std::string& file) {
  ConfigDocument doc = ConfigDocument::load_file(file);
  const SweepSpec spec = read_sweep(doc.root().child("sweep"), fs::path(file).parent_path().string());
  doc.finish();
  for (const PlannedPoint& p : plan(spec))
    if (!p.load_error.empty())
      throw SweepInputError(fmt::format("{}: point {} ({}): {}", file, p.point.index,
                                        fmt::join(p.overrides, " "), p.load_error));
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

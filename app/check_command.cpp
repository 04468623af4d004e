#include "wakesim/app/check_command.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wakesim/app/atomic_file.h"
#include "wakesim/app/flat_metrics.h"
#include "wakesim/core/input_file.h"

namespace wakesim {
namespace {

using nlohmann::json;

constexpr int kExitDrift = 1;
constexpr int kExitBadInput = 2;
constexpr int kBaselineSchema = 1;

class CheckInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

json read_json(const std::filesystem::path& path) {
  if (const std::optional<std::string> problem = input_file_problem(path.string()))
    throw CheckInputError(path.string() + ": cannot read: " + *problem);
  std::ifstream in(path);
  if (!in) throw CheckInputError(path.string() + ": cannot read");
  try {
    return json::parse(in);
  } catch (const json::exception& error) {  // parse_error, and out_of_range for a number like 1e999
    throw CheckInputError(path.string() + ": not valid JSON: " + error.what());
  }
}

struct Tolerance {
  double rtol = 1e-9;
  double atol = 0;
};

struct Expected {
  double value;
  Tolerance tolerance;
};

// NaN would pass nothing and fail nothing (every comparison false), infinity
// would pass everything, a negative tolerance fails even an exact match: all
// three are mistakes, refused rather than applied.
bool valid_tolerance(double value) { return std::isfinite(value) && value >= 0; }

double number_at(const json& node, const char* key, double fallback, const std::string& where) {
  if (!node.contains(key)) return fallback;
  // JSON has no NaN or infinity (1e999 is refused by the parser), but a
  // baseline object built in code can hold them: checked all the same.
  const json& value = node[key];
  if (!value.is_number() || !valid_tolerance(value.get<double>()))
    throw CheckInputError(fmt::format("{}: '{}' must be a finite number >= 0 (got {})", where, key,
                                      value.is_number() ? fmt::format("{}", value.get<double>()) : value.dump()));
  return node[key].get<double>();
}

void check_option_tolerance(const char* name, const std::optional<double>& value) {
  if (value && !valid_tolerance(*value))
    throw CheckInputError(fmt::format("{} must be a finite number >= 0 (got {})", name, *value));
}

// The baseline's "scenario", when it names one, is the run's: a baseline of
// another scenario would otherwise give a row per metric instead of the one cause.
void check_same_scenario(const json& baseline, const json& report, const CheckOptions& options) {
  const auto named = [](const json& document) {
    return document.contains("scenario") && document["scenario"].is_string() ? document["scenario"].get<std::string>()
                                                                             : std::string();
  };
  const std::string expected = named(baseline);
  const std::string actual = named(report);
  if (!expected.empty() && !actual.empty() && expected != actual)
    throw CheckInputError(fmt::format("{}: baseline is of scenario '{}', the run in {} is of scenario '{}'",
                                      options.baseline_file, expected, options.run_dir, actual));
}

std::map<std::string, Expected> read_baseline(const json& baseline, const std::string& where,
                                              const CheckOptions& options) {
  Tolerance defaults;
  if (baseline.contains("tolerance")) {
    defaults.rtol = number_at(baseline["tolerance"], "rtol", defaults.rtol, where + ": tolerance");
    defaults.atol = number_at(baseline["tolerance"], "atol", defaults.atol, where + ": tolerance");
  }
  if (!baseline.contains("metrics") || !baseline["metrics"].is_object())
    throw CheckInputError(where + ": no 'metrics' object");
  std::map<std::string, Expected> expected;
  for (const auto& [path, entry] : baseline["metrics"].items()) {
    Expected e{0, defaults};
    if (entry.is_number()) {
      e.value = entry.get<double>();
    } else if (entry.is_object() && entry.contains("value") && entry["value"].is_number()) {
      e.value = entry["value"].get<double>();
      e.tolerance.rtol = number_at(entry, "rtol", defaults.rtol, fmt::format("{}: metric '{}'", where, path));
      e.tolerance.atol = number_at(entry, "atol", defaults.atol, fmt::format("{}: metric '{}'", where, path));
    } else {
      throw CheckInputError(fmt::format("{}: metric '{}' needs a number or {{\"value\": ...}}", where, path));
    }
    if (options.rtol) e.tolerance.rtol = *options.rtol;
    if (options.atol) e.tolerance.atol = *options.atol;
    expected.emplace(path, e);
  }
  return expected;
}

int write_baseline(const CheckOptions& options, const json& report, std::ostream& out) {
  const FlatMetrics numbers = flatten_metrics(report.at("metrics"));
  json metrics = json::object();
  for (const auto& [path, value] : numbers) metrics[path] = value;
  const Tolerance defaults;
  const json baseline = {
      {"schema_version", kBaselineSchema},
      {"scenario", report.value("scenario", "")},
      {"tolerance", {{"rtol", options.rtol.value_or(defaults.rtol)}, {"atol", options.atol.value_or(defaults.atol)}}},
      {"metrics", metrics}};
  write_file_atomically(options.baseline_file, baseline.dump(2) + "\n");
  out << fmt::format("wrote {} metrics to {}\n", numbers.size(), options.baseline_file);
  return 0;
}

// ---- comparing -------------------------------------------------------------

enum class Status { pass, drift, missing, added };

const char* status_name(Status status) {
  switch (status) {
    case Status::pass: return "pass";
    case Status::drift: return "drift";
    case Status::missing: return "missing";
    case Status::added: return "new";
  }
  return "?";
}

struct Row {
  std::string metric;
  std::optional<double> baseline;  // none: new
  std::optional<double> value;     // none: missing
  std::optional<Tolerance> tolerance;
  Status status;
};

struct Comparison {
  std::string scenario;
  std::vector<Row> rows;  // the baseline's metrics by name, then the run's new ones by name
  std::size_t baseline_metrics = 0;
  bool strict = false;

  bool fails(const Row& row) const {
    return row.status == Status::drift || row.status == Status::missing || (strict && row.status == Status::added);
  }
  std::size_t count(Status status) const {
    std::size_t n = 0;
    for (const Row& row : rows) n += row.status == status ? 1 : 0;
    return n;
  }
  std::size_t failures() const {
    std::size_t n = 0;
    for (const Row& row : rows) n += fails(row) ? 1 : 0;
    return n;
  }
};

Row compare_metric(const std::string& path, const Expected& e, const std::map<std::string, double>& now) {
  const auto it = now.find(path);
  if (it == now.end()) return {path, e.value, std::nullopt, e.tolerance, Status::missing};
  const double diff = std::fabs(it->second - e.value);
  const bool ok = diff <= e.tolerance.atol + e.tolerance.rtol * std::fabs(e.value);
  return {path, e.value, it->second, e.tolerance, ok ? Status::pass : Status::drift};
}

Comparison compare(const std::map<std::string, Expected>& expected, const json& report, bool strict) {
  const FlatMetrics now = flatten_metrics(report["metrics"]);
  Comparison comparison;
  comparison.scenario = report.contains("scenario") && report["scenario"].is_string()
                            ? report["scenario"].get<std::string>()
                            : std::string();
  comparison.baseline_metrics = expected.size();
  comparison.strict = strict;
  for (const auto& [path, e] : expected) comparison.rows.push_back(compare_metric(path, e, now));
  for (const auto& [path, value] : now)
    if (expected.count(path) == 0) comparison.rows.push_back({path, std::nullopt, value, std::nullopt, Status::added});
  return comparison;
}

// ---- text ------------------------------------------------------------------

std::string text_row(const Row& row) {
  if (row.status == Status::missing)
    return fmt::format("{:<56} {:>14.8g} {:>14} {:>10} {:>10.2g}", row.metric, *row.baseline, "missing", "",
                       row.tolerance->rtol);
  if (row.status == Status::added)
    return fmt::format("{:<56} {:>14} {:>14.8g} {:>10}", row.metric, "-", *row.value, "new");
  const std::string relative =
      *row.baseline != 0 ? fmt::format("{:+.3g}%", 100.0 * (*row.value - *row.baseline) / std::fabs(*row.baseline))
                         : "from 0";
  return fmt::format("{:<56} {:>14.8g} {:>14.8g} {:>10} {:>10.2g}", row.metric, *row.baseline, *row.value, relative,
                     row.tolerance->rtol);
}

void write_text(const Comparison& c, const CheckOptions& options, std::ostream& out) {
  const std::size_t moved = c.count(Status::drift) + c.count(Status::missing);
  const std::size_t added = c.count(Status::added);
  if (moved == 0)
    out << fmt::format("check: {} metrics within tolerance of {}\n", c.baseline_metrics, options.baseline_file);
  else
    out << fmt::format("check: {} of {} metrics moved beyond tolerance of {}\n", moved, c.baseline_metrics,
                       options.baseline_file);
  if (added > 0)
    out << fmt::format("check: {} metrics of the run are not in the baseline ({})\n", added,
                       c.strict ? "a failure under --strict" : "not checked; --strict fails on them");
  if (moved + added == 0) return;
  out << fmt::format("{:<56} {:>14} {:>14} {:>10} {:>10}\n", "metric", "baseline", "now", "change", "rtol");
  // What moved first, then what is new.
  for (const Row& row : c.rows)
    if (row.status == Status::drift || row.status == Status::missing) out << text_row(row) << "\n";
  for (const Row& row : c.rows)
    if (row.status == Status::added) out << text_row(row) << "\n";
}

// ---- json ------------------------------------------------------------------

nlohmann::ordered_json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

void write_json(const Comparison& c, std::ostream& out) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const Row& row : c.rows) {
    rows.push_back({{"metric", row.metric},
                    {"baseline", optional_number(row.baseline)},
                    {"value", optional_number(row.value)},
                    {"rtol", optional_number(row.tolerance ? std::optional(row.tolerance->rtol) : std::nullopt)},
                    {"atol", optional_number(row.tolerance ? std::optional(row.tolerance->atol) : std::nullopt)},
                    {"status", status_name(row.status)}});
  }
  const nlohmann::ordered_json document = {{"scenario", c.scenario}, {"passed", c.failures() == 0}, {"rows", rows}};
  out << document.dump(2) << "\n";
}

// ---- junit -----------------------------------------------------------------

// Text for an XML attribute or element: the five markup characters as entities,
// and the control characters XML 1.0 cannot hold at all (even as references)
// dropped.
std::string xml_escaped(const std::string& text) {
  std::string result;
  for (const char c : text) {
    switch (c) {
      case '&': result += "&amp;"; break;
      case '<': result += "&lt;"; break;
      case '>': result += "&gt;"; break;
      case '"': result += "&quot;"; break;
      case '\'': result += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        result += c;
    }
  }
  return result;
}

std::string failure_message(const Row& row) {
  switch (row.status) {
    case Status::drift:
      return fmt::format("baseline {}, now {}: |now - baseline| = {} > atol + rtol*|baseline| = {} (rtol {}, atol {})",
                         *row.baseline, *row.value, std::fabs(*row.value - *row.baseline),
                         row.tolerance->atol + row.tolerance->rtol * std::fabs(*row.baseline), row.tolerance->rtol,
                         row.tolerance->atol);
    case Status::missing: return fmt::format("baseline {}, not in the run's report", *row.baseline);
    case Status::added: return fmt::format("now {}, not in the baseline (--strict)", *row.value);
    case Status::pass: break;
  }
  return "";
}

void write_junit(const Comparison& c, std::ostream& out) {
  const std::string suite = xml_escaped(c.scenario.empty() ? "wakesim-check" : c.scenario);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"wakesim check\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", c.rows.size(),
                     c.failures());
  out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n", suite,
                     c.rows.size(), c.failures());
  for (const Row& row : c.rows) {
    out << fmt::format("    <testcase classname=\"{}\" name=\"{}\"", suite, xml_escaped(row.metric));
    if (c.fails(row)) {
      const std::string message = xml_escaped(failure_message(row));
      out << fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                         status_name(row.status), message, message);
    } else if (row.status == Status::added) {
      out << fmt::format(">\n      <system-out>new: now {}, not in the baseline</system-out>\n    </testcase>\n",
                         *row.value);
    } else {
      out << "/>\n";
    }
  }
  out << "  </testsuite>\n</testsuites>\n";
}

int check_against_baseline(const CheckOptions& options, const json& report, std::ostream& out) {
  const json baseline = read_json(options.baseline_file);
  if (!baseline.is_object() || baseline.value("schema_version", 0) != kBaselineSchema)
    throw CheckInputError(options.baseline_file + ": not a wakesim baseline (schema_version 1)");
  check_same_scenario(baseline, report, options);
  const Comparison comparison =
      compare(read_baseline(baseline, options.baseline_file, options), report, options.strict);
  if (options.format == "json")
    write_json(comparison, out);
  else if (options.format == "junit")
    write_junit(comparison, out);
  else
    write_text(comparison, options, out);
  return comparison.failures() == 0 ? 0 : kExitDrift;
}

}  // namespace

int check_run(const CheckOptions& options, std::ostream& out, std::ostream& errors) {
  try {
    if (options.format != "text" && options.format != "junit" && options.format != "json")
      throw CheckInputError(fmt::format("--format must be text, junit or json (got '{}')", options.format));
    check_option_tolerance("--rtol", options.rtol);
    check_option_tolerance("--atol", options.atol);
    const json report = read_json(std::filesystem::path(options.run_dir) / "report.json");
    if (!report.is_object() || !report.contains("metrics"))
      throw CheckInputError(options.run_dir + "/report.json: no 'metrics' (not a wakesim report)");
    if (options.write_baseline) return write_baseline(options, report, out);
    return check_against_baseline(options, report, out);
  } catch (const std::exception& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace wakesim

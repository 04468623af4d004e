#include "check_command.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atomic_file.h"

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
  std::ifstream in(path);
  if (!in) throw CheckInputError(path.string() + ": cannot read");
  try {
    return json::parse(in);
  } catch (const json::parse_error& error) {
    throw CheckInputError(path.string() + ": not valid JSON: " + error.what());
  }
}

// Every number under `node`, by dotted path.
void flatten(const json& node, const std::string& path, std::map<std::string, double>& numbers) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) flatten(value, path.empty() ? key : path + "." + key, numbers);
  } else if (node.is_number()) {
    numbers[path] = node.get<double>();
  } else if (node.is_boolean()) {
    numbers[path] = node.get<bool>() ? 1.0 : 0.0;
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

double number_at(const json& node, const char* key, double fallback, const std::string& where) {
  if (!node.contains(key)) return fallback;
  if (!node[key].is_number() || node[key].get<double>() < 0)
    throw CheckInputError(fmt::format("{}: '{}' must be a non-negative number", where, key));
  return node[key].get<double>();
}

std::map<std::string, Expected> read_baseline(const std::filesystem::path& file, const CheckOptions& options) {
  const json baseline = read_json(file);
  const std::string where = file.string();
  if (!baseline.is_object() || baseline.value("schema_version", 0) != kBaselineSchema)
    throw CheckInputError(where + ": not a wakesim baseline (schema_version 1)");
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
      e.tolerance.rtol = number_at(entry, "rtol", defaults.rtol, where + ": " + path);
      e.tolerance.atol = number_at(entry, "atol", defaults.atol, where + ": " + path);
    } else {
      throw CheckInputError(fmt::format("{}: metric '{}' needs a number or {{\"value\": ...}}", where, path));
    }
    if (options.rtol >= 0) e.tolerance.rtol = options.rtol;
    if (options.atol >= 0) e.tolerance.atol = options.atol;
    expected.emplace(path, e);
  }
  return expected;
}

int write_baseline(const CheckOptions& options, const json& report, std::ostream& out) {
  std::map<std::string, double> numbers;
  flatten(report.at("metrics"), "", numbers);
  json metrics = json::object();
  for (const auto& [path, value] : numbers) metrics[path] = value;
  const Tolerance defaults;
  const json baseline = {{"schema_version", kBaselineSchema},
                         {"scenario", report.value("scenario", "")},
                         {"tolerance", {{"rtol", options.rtol >= 0 ? options.rtol : defaults.rtol},
                                        {"atol", options.atol >= 0 ? options.atol : defaults.atol}}},
                         {"metrics", metrics}};
  write_file_atomically(options.baseline_file, baseline.dump(2) + "\n");
  out << fmt::format("wrote {} metrics to {}\n", numbers.size(), options.baseline_file);
  return 0;
}

}  // namespace

int check_run(const CheckOptions& options, std::ostream& out, std::ostream& errors) {
  json report;
  std::map<std::string, Expected> expected;
  try {
    report = read_json(std::filesystem::path(options.run_dir) / "report.json");
    if (!report.is_object() || !report.contains("metrics"))
      throw CheckInputError(options.run_dir + "/report.json: no 'metrics' (not a wakesim report)");
    if (options.write_baseline) return write_baseline(options, report, out);
    expected = read_baseline(options.baseline_file, options);
  } catch (const std::exception& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  }
  std::map<std::string, double> now;
  flatten(report["metrics"], "", now);

  std::vector<std::string> rows;
  for (const auto& [path, e] : expected) {
    const auto it = now.find(path);
    if (it == now.end()) {
      rows.push_back(fmt::format("{:<56} {:>14.8g} {:>14} {:>10} {:>10.2g}", path, e.value, "missing", "", e.tolerance.rtol));
      continue;
    }
    const double diff = std::fabs(it->second - e.value);
    const bool ok = diff <= e.tolerance.atol + e.tolerance.rtol * std::fabs(e.value);
    if (ok) continue;
    const std::string relative =
        e.value != 0 ? fmt::format("{:+.3g}%", 100.0 * (it->second - e.value) / std::fabs(e.value)) : "new";
    rows.push_back(fmt::format("{:<56} {:>14.8g} {:>14.8g} {:>10} {:>10.2g}", path, e.value, it->second,
                               relative, e.tolerance.rtol));
  }
  if (rows.empty()) {
    out << fmt::format("check: {} metrics within tolerance of {}\n", expected.size(), options.baseline_file);
    return 0;
  }
  out << fmt::format("check: {} of {} metrics moved beyond tolerance of {}\n", rows.size(), expected.size(),
                     options.baseline_file);
  out << fmt::format("{:<56} {:>14} {:>14} {:>10} {:>10}\n", "metric", "baseline", "now", "change", "rtol");
  for (const std::string& row : rows) out << row << "\n";
  return kExitDrift;
}

}  // namespace wakesim

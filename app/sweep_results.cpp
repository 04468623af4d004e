#include "sweep_results.h"

#include <set>

#include <fmt/format.h>

namespace wakesim {
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// A point's error on one line, so results.csv keeps one row per point for line
// tools (grep, awk, the tests); failed/ID.json keeps the whole text.
std::string one_line(const std::string& text) {
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) line += (line.empty() ? "" : " | ") + text.substr(start, end - start);
    start = end + 1;
  }
  return line;
}

std::string number(double value) { return fmt::format("{}", value); }

std::string optional_number(const std::optional<double>& value) { return value ? number(*value) : ""; }

std::vector<std::string> metric_columns(const std::vector<SweepRow>& rows) {
  std::set<std::string> columns;
  for (const SweepRow& row : rows)
    for (const auto& [name, value] : row.metrics) columns.insert(name);
  return {columns.begin(), columns.end()};
}

std::string table(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows,
                  bool front_only) {
  const std::vector<std::string> metrics = metric_columns(rows);
  std::string text = "point,id";
  for (const std::string& key : axis_keys) text += "," + csv_field(key);
  text += ",status,pareto,energy_J,worst_p99_us,error";
  for (const std::string& metric : metrics) text += "," + csv_field(metric);
  text += "\n";
  for (const SweepRow& row : rows) {
    if (front_only && !row.pareto) continue;
    text += fmt::format("{},{}", row.index, row.id);
    for (const std::string& value : row.axis_values) text += "," + csv_field(value);
    text += fmt::format(",{},{},{},{},{}", row.status, row.pareto ? 1 : 0, optional_number(row.energy()),
                        optional_number(row.worst_p99()), csv_field(one_line(row.error)));
    for (const std::string& metric : metrics) {
      const auto it = row.metrics.find(metric);
      text += "," + (it == row.metrics.end() ? std::string() : number(it->second));
    }
    text += "\n";
  }
  return text;
}

}  // namespace

std::optional<double> SweepRow::energy() const {
  const auto it = metrics.find("energy.total_J");
  if (it == metrics.end()) return std::nullopt;
  return it->second;
}

std::optional<double> SweepRow::worst_p99() const {
  std::optional<double> worst;
  const std::string prefix = "clients.";
  const std::string suffix = ".latency.p99_us";
  for (const auto& [name, value] : metrics) {
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    if (!worst || value > *worst) worst = value;
  }
  return worst;
}

void mark_pareto_front(std::vector<SweepRow>& rows) {
  for (SweepRow& row : rows) {
    row.pareto = false;
    if (row.status != "ok" || !row.energy() || !row.worst_p99()) continue;
    const double e = *row.energy();
    const double p = *row.worst_p99();
    bool dominated = false;
    for (const SweepRow& other : rows) {
      if (&other == &row || other.status != "ok" || !other.energy() || !other.worst_p99()) continue;
      const double oe = *other.energy();
      const double op = *other.worst_p99();
      if (oe <= e && op <= p && (oe < e || op < p)) {
        dominated = true;
        break;
      }
    }
    row.pareto = !dominated;
  }
}

std::string results_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows) {
  return table(axis_keys, rows, false);
}

std::string pareto_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows) {
  return table(axis_keys, rows, true);
}

}  // namespace wakesim

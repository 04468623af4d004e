#include "wakesim/app/sweep_results.h"

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "wakesim/app/csv_field.h"
#include "wakesim/app/metric_catalogue.h"
#include "wakesim/core/units.h"

namespace wakesim {
namespace {

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

// --- axis columns --------------------------------------------------------------

// How an axis's values read as numbers: the unit suffix of the numeric column
// ("" for a plain number) and the conversion to SI units.
struct AxisUnit {
  std::string suffix;
  std::function<double(const std::string&)> to_si;
};

const std::vector<AxisUnit>& axis_units() {
  static const std::vector<AxisUnit> units = {
      // Divided, not multiplied by 1e-12: 50ms is then exactly the double 0.05.
      {"_s", [](const std::string& t) { return double(parse_duration(t).picoseconds) / 1e12; }},
      {"_B", [](const std::string& t) { return double(parse_size(t).bytes); }},
      {"_Hz", [](const std::string& t) { return parse_frequency(t).hertz; }},
      {"_W", [](const std::string& t) { return parse_power(t).watts; }},
      {"_J", [](const std::string& t) { return parse_energy(t).joules; }},
      {"_B_per_s", [](const std::string& t) { return parse_bandwidth(t).bytes_per_second; }},
  };
  return units;
}

// The unit every value of an axis parses in, if there is one.
std::optional<AxisUnit> unit_of(const std::vector<SweepRow>& rows, std::size_t axis) {
  for (const AxisUnit& unit : axis_units()) {
    bool all = !rows.empty();
    for (const SweepRow& row : rows) {
      try {
        unit.to_si(row.axis_values[axis]);
      } catch (const UnitError&) {
        all = false;
        break;
      }
    }
    if (all) return unit;
  }
  return std::nullopt;
}

struct AxisColumns {
  std::vector<std::string> header;
  std::vector<std::function<std::vector<std::string>(const std::string&)>> cells;
};

AxisColumns axis_columns(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows) {
  AxisColumns columns;
  for (std::size_t axis = 0; axis < axis_keys.size(); ++axis) {
    const std::string& key = axis_keys[axis];
    if (const std::optional<AxisUnit> unit = unit_of(rows, axis)) {
      columns.header.push_back(csv_field(key + unit->suffix));
      columns.header.push_back(csv_field(key));
      columns.cells.push_back([to_si = unit->to_si](const std::string& value) {
        return std::vector<std::string>{number(to_si(value)), csv_field(value)};
      });
    } else {
      columns.header.push_back(csv_field(key));
      columns.cells.push_back([](const std::string& value) { return std::vector<std::string>{csv_field(value)}; });
    }
  }
  return columns;
}

// --- metric columns ---------------------------------------------------------------

std::vector<std::string> metric_columns(const std::vector<SweepRow>& rows) {
  std::set<std::string> names;
  for (const SweepRow& row : rows)
    for (const auto& [name, value] : row.metrics) names.insert(name);
  std::vector<std::pair<std::size_t, std::string>> ordered;
  for (const std::string& name : names)
    ordered.emplace_back(catalogue_index(name).value_or(metric_catalogue().size()), name);
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> columns;
  for (const auto& entry : ordered) columns.push_back(entry.second);
  return columns;
}

std::string safety_cells(const SweepRow& row) {
  if (!row.ok()) return ",";
  const RunSafety safety = row.safety();
  return fmt::format("{},{}", safety.safe ? 1 : 0, csv_field(safety.reason_text()));
}

std::string table(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows, bool front_only) {
  const std::vector<std::string> metrics = metric_columns(rows);
  const AxisColumns axes = axis_columns(axis_keys, rows);
  std::string text = "point,id";
  for (const std::string& column : axes.header) text += "," + column;
  text += ",status,safe,unsafe_reason,pareto,energy_J,worst_p99_us,worst_caller_blocked_p99_us,error";
  for (const std::string& metric : metrics) text += "," + csv_field(metric);
  text += "\n";
  for (const SweepRow& row : rows) {
    if (front_only && !row.pareto) continue;
    text += fmt::format("{},{}", row.index, row.id);
    for (std::size_t axis = 0; axis < row.axis_values.size(); ++axis)
      for (const std::string& cell : axes.cells[axis](row.axis_values[axis])) text += "," + cell;
    text += fmt::format(",{},{},{},{},{},{},{}", csv_field(row.status), safety_cells(row), row.pareto ? 1 : 0,
                        optional_number(row.energy()), optional_number(row.worst_p99()),
                        optional_number(row.worst_caller_blocked()), csv_field(one_line(row.error)));
    for (const std::string& metric : metrics) {
      const auto it = row.metrics.find(metric);
      text += "," + (it == row.metrics.end() ? std::string() : number(it->second));
    }
    text += "\n";
  }
  return text;
}

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

}  // namespace

std::optional<double> SweepRow::energy() const {
  const auto it = metrics.find("energy.total_J");
  if (it == metrics.end()) return std::nullopt;
  return it->second;
}

std::optional<double> SweepRow::worst_p99() const { return worst_of(metrics, "clients.", ".latency.p99_us"); }

std::optional<double> SweepRow::worst_caller_blocked() const {
  return worst_of(metrics, "clients.", ".caller_blocked.p99_us");
}

std::vector<Objective> parse_objectives(const std::string& text) {
  std::vector<Objective> objectives;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string name = text.substr(start, end - start);
    if (name == "energy")
      objectives.push_back(Objective::energy);
    else if (name == "p99")
      objectives.push_back(Objective::p99);
    else if (name == "caller_blocked")
      objectives.push_back(Objective::caller_blocked);
    else
      throw std::invalid_argument("objective '" + name + "' is none of energy, p99, caller_blocked");
    start = end + 1;
  }
  return objectives;
}

std::optional<double> objective_value(const SweepRow& row, Objective objective) {
  switch (objective) {
    case Objective::energy: return row.energy();
    case Objective::p99: return row.worst_p99();
    case Objective::caller_blocked: return row.worst_caller_blocked();
  }
  return std::nullopt;
}

void mark_pareto_front(std::vector<SweepRow>& rows, const ParetoOptions& options) {
  // The candidates and their objective vectors; a row missing an objective is out.
  std::vector<std::pair<SweepRow*, std::vector<double>>> candidates;
  for (SweepRow& row : rows) {
    row.pareto = false;
    if (!row.ok() || (!options.include_unsafe && !row.safety().safe)) continue;
    std::vector<double> values;
    for (Objective objective : options.objectives)
      if (const std::optional<double> value = objective_value(row, objective)) values.push_back(*value);
    if (values.size() == options.objectives.size()) candidates.emplace_back(&row, std::move(values));
  }
  for (auto& candidate : candidates)
    candidate.first->pareto = std::none_of(candidates.begin(), candidates.end(), [&](const auto& other) {
      return dominates(other.second, candidate.second);
    });
}

std::string results_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows) {
  return table(axis_keys, rows, false);
}

std::string pareto_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows) {
  return table(axis_keys, rows, true);
}

}  // namespace wakesim

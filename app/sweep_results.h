#pragma once
// The table of a sweep: one row per point in index order, from the points'
// report.json files, and its Pareto set of total energy versus the worst client's
// p99 latency (both minimised).
//
// results.csv columns: point, id, each axis, status (ok, failed, missing),
// pareto (1 on the front), energy_J, worst_p99_us, error, then every numeric
// metric of report.json by its dotted path (the union over the points, sorted).
// pareto.csv: the same columns, the front's rows only.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wakesim {

struct SweepRow {
  std::size_t index = 0;
  std::string id;
  std::vector<std::string> axis_values;
  std::string status;  // "ok", "failed", "missing"
  std::string error;   // failed: the point's error
  std::map<std::string, double> metrics;
  bool pareto = false;

  std::optional<double> energy() const;
  std::optional<double> worst_p99() const;  // max over clients of latency.p99_us
};

// Marks the rows on the front of (energy, worst p99): ok rows no other ok row
// dominates (no worse in both, better in one).
void mark_pareto_front(std::vector<SweepRow>& rows);

// The two CSV files' text.
std::string results_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows);
std::string pareto_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows);

}  // namespace wakesim

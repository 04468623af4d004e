#pragma once
// The table of a sweep: one row per point in index order, from the points'
// report.json files, and its Pareto set over the chosen objectives (all
// minimised), computed over safe points only unless unsafe ones are asked for
// (docs/reading-a-report.md, "Sweeps").
//
// results.csv columns, in this order (docs/metrics.md):
//   point, id                  the point's index and configuration hash
//   each axis                  an axis whose values carry a unit gets a numeric
//                              column in SI units with the unit in its name
//                              (`<key>_s`, `_B`, `_Hz`, `_W`, `_J`, `_B_per_s`) and
//                              keeps the text as written in `<key>`; a plain
//                              number or a name is one column `<key>`
//   status                     ok, failed, missing
//   safe, unsafe_reason        1 or 0 (empty unless ok), and why (run_safety.h)
//   pareto                     1 on the front
//   energy_J, worst_p99_us, worst_caller_blocked_p99_us   the objectives
//   error                      a failed point's error, on one line
//   every numeric metric       by report.json's dotted path, in the catalogue's
//                              order (metric_catalogue.h), then by name
// pareto.csv: the same columns, the front's rows only.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "wakesim/app/flat_metrics.h"
#include "wakesim/app/run_safety.h"

namespace wakesim {

struct SweepRow {
  std::size_t index = 0;
  std::string id;
  std::vector<std::string> axis_values;
  std::string status;  // "ok", "failed", "missing"
  std::string error;   // failed: the point's error
  FlatMetrics metrics;
  bool pareto = false;

  std::optional<double> energy() const;
  std::optional<double> worst_p99() const;             // max over clients of latency.p99_us
  std::optional<double> worst_caller_blocked() const;  // max over clients of caller_blocked.p99_us
  bool ok() const { return status == "ok"; }
  RunSafety safety() const { return assess_safety(metrics); }
};

enum class Objective { energy, p99, caller_blocked };

// "energy", "p99", "caller_blocked" separated by commas; throws std::invalid_argument.
std::vector<Objective> parse_objectives(const std::string& text);
std::optional<double> objective_value(const SweepRow& row, Objective objective);

struct ParetoOptions {
  std::vector<Objective> objectives{Objective::energy, Objective::p99};
  bool include_unsafe = false;
};

// Marks the rows on the front: ok (and, by default, safe) rows that no other
// such row dominates (no worse in every objective, better in one).
void mark_pareto_front(std::vector<SweepRow>& rows, const ParetoOptions& options = {});

// The two CSV files' text.
std::string results_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows);
std::string pareto_csv(const std::vector<std::string>& axis_keys, const std::vector<SweepRow>& rows);

}  // namespace wakesim

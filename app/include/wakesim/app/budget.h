#pragma once
// A budget a recommendation must meet, `METRIC<=VALUE` (also <, >=, >): METRIC
// is a report.json metric path ("clients.audio.latency.p99_us", docs/metrics.md)
// or a short name for the worst over clients or the whole run:
//   p50_us, p99_us, max_us          the worst client's latency percentile
//   caller_blocked_p99_us           the worst client's caller-blocked p99
//   energy_J, average_power_W       energy.total_J, energy.average_power_W
//   cpu_energy_J                    cpus.energy_J
// VALUE is a plain number in the metric's unit (the unit is in its name).
#include <optional>
#include <string>
#include <vector>

#include "wakesim/app/flat_metrics.h"

namespace wakesim {

struct Budget {
  enum class Relation { at_most, below, at_least, above };
  std::string metric;
  Relation relation = Relation::at_most;
  double limit = 0.0;

  std::string text() const;  // as written: "p99_us<=500"
  // The metric's value in a run; nothing when the run does not have it.
  std::optional<double> value(const FlatMetrics& metrics) const;
  bool met_by(double value) const;
  // How far `value` is inside the limit (positive) or beyond it (negative), in
  // the metric's unit.
  double margin(double value) const;
};

// Throws std::invalid_argument with the reason.
Budget parse_budget(const std::string& text);
std::vector<Budget> parse_budgets(const std::vector<std::string>& texts);

}  // namespace wakesim

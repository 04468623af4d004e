#pragma once
// A sweep's points made ready to run (docs/architecture.md, 'Scenarios, runs,
// sweeps and checks'): each point's overrides, its ID (a hash of the effective
// configuration `wakesim run` would simulate, the same whatever directory the
// sweep is started from) and the first point of the same configuration, whose
// run serves both. Planning reads and checks every point as `run` does (the
// scenario, its platform, the overrides, the checks of the scenario against the
// platform) without elaborating the model, so bad input is found before a sweep
// directory exists.
#include <cstddef>
#include <string>
#include <vector>

#include "wakesim/app/sweep_spec.h"

namespace wakesim {

struct PlannedPoint {
  SweepPoint point;
  std::vector<std::string> overrides;
  std::string id;
  std::size_t first_of_id = 0;  // the first point with this ID (its own index if none before)

  // Whether this point's own run makes its ID's result (the others reuse it).
  bool runs_itself() const { return first_of_id == point.index; }
};

// Every point in index order. Throws ConfigError when the scenario file cannot
// be read (reported at the sweep's `scenario` key) or has a syntax error, and
// SweepInputError naming the first point whose configuration is refused: the
// sweep file (with the line of the axis value or `set` entry at fault), the
// point's index and axis values, then the reader's FILE:LINE:COL: KEY message.
std::vector<PlannedPoint> plan_sweep(const SweepSpec& spec);

// "key=value, key=value": a point's axis values, as messages name the point.
std::string describe_axis_values(const SweepPoint& point);

}  // namespace wakesim

#pragma once
// A sweep file (docs/architecture.md, 'Scenarios, runs, sweeps and checks'): a scenario and the axes to vary it along.
//
//   sweep:
//     name: pl330-policies
//     scenario: pl330_periodic.yaml           # relative to the sweep file
//     set: [scenario.duration=2s]             # fixed overrides for every point
//     grid:                                   # every combination (cartesian product)
//       scenario.clients.0.policy: [sync, async, irq_safe]
//       scenario.clients.0.autosuspend_delay: [1ms, 5ms, 20ms]
//     zip:                                    # advanced together: equal lengths
//       platform.domains.1.states.0.exit_latency: [100us, 250us]
//       platform.domains.1.states.0.entry_latency: [20us, 50us]
//
// Axis keys are `--set` paths (scenario.* or platform.*), values scalars written
// as `--set` takes them. Points are numbered from 0 in a fixed order: the grid
// axes in file order, the first slowest, then the zip rows fastest; with no grid
// (or no zip) that part is one empty combination.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wakesim/core/config_location.h"
#include "wakesim/core/config_node.h"

namespace wakesim {

struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
  std::vector<ConfigLocation> value_locations;  // where each value is written
};

struct SweepSpec {
  std::string name;
  std::string scenario_file;         // resolved against the sweep file's directory
  ConfigLocation scenario_location;  // of the `scenario` key's value
  std::string scenario_key_path;     // "sweep.scenario"
  std::vector<std::string> fixed;    // "key=value"
  std::vector<ConfigLocation> fixed_locations;
  std::vector<SweepAxis> grid;
  std::vector<SweepAxis> zip;
};

struct SweepPoint {
  std::size_t index = 0;
  std::vector<std::pair<std::string, std::string>> values;  // axis key -> value, axes in order

  // The point's --set overrides: the sweep's fixed ones, then its axis values.
  std::vector<std::string> overrides(const SweepSpec& spec) const;
};

// A sweep has at most this many points (each is a wakesim run of its own).
inline constexpr std::size_t kMaxSweepPoints = 100'000;

// Reads the `sweep:` map; throws ConfigError (also for more than kMaxSweepPoints).
SweepSpec read_sweep(const ConfigNode& sweep, const std::string& sweep_directory);

// Every point, in index order.
std::vector<SweepPoint> expand_points(const SweepSpec& spec);

// Every axis key in column order (grid, then zip).
std::vector<std::string> axis_keys(const SweepSpec& spec);

// Where the sweep file wrote `assignment` ("key=value"), one of `point`'s
// overrides: a `set` entry or the point's value of an axis. Nothing when it is
// not one of them.
std::optional<ConfigLocation> override_location(const SweepSpec& spec, const SweepPoint& point,
                                                const std::string& assignment);

}  // namespace wakesim

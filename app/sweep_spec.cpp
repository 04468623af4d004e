#include "wakesim/app/sweep_spec.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

namespace wakesim {
namespace {

std::vector<SweepAxis> read_axes(const ConfigNode& axes, std::set<std::string>& seen) {
  std::vector<SweepAxis> result;
  for (const std::string& key : axes.keys()) {
    const ConfigNode values = axes.value(key);
    if (key.rfind("scenario.", 0) != 0 && key.rfind("platform.", 0) != 0)
      values.fail(fmt::format("axis '{}' must start with 'scenario.' or 'platform.'", key));
    if (!seen.insert(key).second) values.fail(fmt::format("axis '{}' is given twice", key));
    SweepAxis axis{key, {}, {}};
    for (const ConfigNode& value : values.as_sequence()) {
      if (!value.is_scalar()) value.fail("an axis value must be a scalar, as --set takes it");
      axis.values.push_back(value.as_string());
      axis.value_locations.push_back(value.location());
    }
    if (axis.values.empty()) values.fail(fmt::format("axis '{}' has no values", key));
    result.push_back(std::move(axis));
  }
  return result;
}

}  // namespace

std::vector<std::string> SweepPoint::overrides(const SweepSpec& spec) const {
  std::vector<std::string> result = spec.fixed;
  for (const auto& [key, value] : values) result.push_back(key + "=" + value);
  return result;
}

SweepSpec read_sweep(const ConfigNode& sweep, const std::string& sweep_directory) {
  SweepSpec spec;
  spec.name = sweep.string("name");
  const ConfigNode scenario = sweep.value("scenario");
  spec.scenario_file = (std::filesystem::path(sweep_directory) / scenario.as_string()).lexically_normal().string();
  spec.scenario_location = scenario.location();
  spec.scenario_key_path = scenario.path();
  for (const ConfigNode& assignment : sweep.sequence_or_empty("set")) {
    const std::string text = assignment.as_string();
    if (text.find('=') == std::string::npos) assignment.fail("a fixed override is key.path=value");
    spec.fixed.push_back(text);
    spec.fixed_locations.push_back(assignment.location());
  }
  std::set<std::string> seen;
  if (auto grid = sweep.optional_child("grid")) spec.grid = read_axes(*grid, seen);
  if (auto zip = sweep.optional_child("zip")) {
    spec.zip = read_axes(*zip, seen);
    for (const SweepAxis& axis : spec.zip)
      if (axis.values.size() != spec.zip.front().values.size())
        zip->value(axis.key).fail(fmt::format("zip axes must have equal lengths: '{}' has {}, '{}' has {}", axis.key,
                                              axis.values.size(), spec.zip.front().key,
                                              spec.zip.front().values.size()));
  }
  if (spec.grid.empty() && spec.zip.empty()) sweep.fail("a sweep needs a grid or a zip axis");
  // The product of the axis lengths, stopping once it passes the bound (it can
  // pass 2^64 in a few hundred bytes: 64 axes of two values).
  std::size_t points = spec.zip.empty() ? 1 : spec.zip.front().values.size();
  for (const SweepAxis& axis : spec.grid) {
    if (axis.values.size() > kMaxSweepPoints / points) {
      points = kMaxSweepPoints + 1;
      break;
    }
    points *= axis.values.size();
  }
  if (points > kMaxSweepPoints)
    (spec.grid.empty() ? sweep.value("zip") : sweep.value("grid"))
        .fail(fmt::format("the sweep has more than {} points; split it (each point is a run)", kMaxSweepPoints));
  return spec;
}

std::vector<SweepPoint> expand_points(const SweepSpec& spec) {
  std::size_t grid_count = 1;
  for (const SweepAxis& axis : spec.grid) grid_count *= axis.values.size();
  const std::size_t zip_count = spec.zip.empty() ? 1 : spec.zip.front().values.size();
  std::vector<SweepPoint> points;
  points.reserve(grid_count * zip_count);
  for (std::size_t g = 0; g < grid_count; ++g) {
    // The grid combination g, the last axis fastest.
    std::vector<std::size_t> digits(spec.grid.size());
    std::size_t rest = g;
    for (std::size_t a = spec.grid.size(); a-- > 0;) {
      digits[a] = rest % spec.grid[a].values.size();
      rest /= spec.grid[a].values.size();
    }
    for (std::size_t z = 0; z < zip_count; ++z) {
      SweepPoint point;
      point.index = points.size();
      for (std::size_t a = 0; a < spec.grid.size(); ++a)
        point.values.emplace_back(spec.grid[a].key, spec.grid[a].values[digits[a]]);
      for (const SweepAxis& axis : spec.zip) point.values.emplace_back(axis.key, axis.values[z]);
      points.push_back(std::move(point));
    }
  }
  return points;
}

std::optional<ConfigLocation> override_location(const SweepSpec& spec, const SweepPoint& point,
                                                const std::string& assignment) {
  for (std::size_t i = 0; i < spec.fixed.size(); ++i)
    if (spec.fixed[i] == assignment) return spec.fixed_locations[i];
  for (const auto& [key, value] : point.values) {
    if (key + "=" + value != assignment) continue;
    for (const std::vector<SweepAxis>* axes : {&spec.grid, &spec.zip})
      for (const SweepAxis& axis : *axes) {
        if (axis.key != key) continue;
        const auto it = std::find(axis.values.begin(), axis.values.end(), value);
        return axis.value_locations[static_cast<std::size_t>(it - axis.values.begin())];
      }
  }
  return std::nullopt;
}

std::vector<std::string> axis_keys(const SweepSpec& spec) {
  std::vector<std::string> keys;
  for (const SweepAxis& axis : spec.grid) keys.push_back(axis.key);
  for (const SweepAxis& axis : spec.zip) keys.push_back(axis.key);
  return keys;
}

}  // namespace wakesim

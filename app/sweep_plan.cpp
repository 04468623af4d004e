#include "wakesim/app/sweep_plan.h"

#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "wakesim/app/content_hash.h"
#include "wakesim/app/parsed_file_cache.h"
#include "wakesim/app/run_command.h"
#include "wakesim/app/sweep_input_error.h"
#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/workload/job_trace_error.h"

namespace wakesim {
namespace {

// The scenario file, read once before any point: a missing one is reported at
// the sweep's `scenario` key, as `run` reports a missing platform at the
// scenario's `platform` key.
void check_scenario_file(const SweepSpec& spec) {
  try {
    ConfigDocument::load_file(spec.scenario_file);
  } catch (const ConfigError& error) {
    if (error.line() > 0 || error.file() != spec.scenario_file) throw;
    throw ConfigError(spec.scenario_location, spec.scenario_key_path,
                      "scenario file '" + spec.scenario_file + "': " + error.message());
  }
}

// The sweep file, at the line of the override at fault when it is one of the
// point's (an axis value or a `set` entry).
std::string sweep_place(const SweepSpec& spec, const SweepPoint& point, const ConfigError& error) {
  if (error.location().from_override())
    if (const std::optional<ConfigLocation> where = override_location(spec, point, error.location().override_text))
      return where->describe();
  return spec.scenario_location.file;
}

SweepInputError point_error(const std::string& place, const SweepPoint& point, const std::string& what) {
  return SweepInputError(fmt::format("{}: point {} ({}): {}", place, point.index, describe_axis_values(point), what));
}

std::string point_id(const SweepSpec& spec, const PlannedPoint& planned, ParsedFileCache& files) {
  try {
    return content_hash(effective_configuration_json(spec.scenario_file, planned.overrides, files));
  } catch (const ConfigError& error) {
    throw point_error(sweep_place(spec, planned.point, error), planned.point, error.what());
  } catch (const JobTraceError& error) {
    throw point_error(spec.scenario_location.file, planned.point, error.what());
  }
}

}  // namespace

std::string describe_axis_values(const SweepPoint& point) {
  std::string text;
  for (const auto& [key, value] : point.values) text += (text.empty() ? "" : ", ") + key + "=" + value;
  return text;
}

std::vector<PlannedPoint> plan_sweep(const SweepSpec& spec) {
  check_scenario_file(spec);
  std::vector<PlannedPoint> planned;
  std::unordered_map<std::string, std::size_t> first_of_id;
  ParsedFileCache files;
  for (SweepPoint& point : expand_points(spec)) {
    PlannedPoint p;
    p.overrides = point.overrides(spec);
    p.point = std::move(point);
    p.id = point_id(spec, p, files);
    p.first_of_id = first_of_id.emplace(p.id, p.point.index).first->second;
    planned.push_back(std::move(p));
  }
  return planned;
}

}  // namespace wakesim

#pragma once
// DIR/sweep.json, a sweep directory's manifest: the sweep's name, scenario,
// axes, fixed overrides and every point (index, ID, axis values), the same in
// every shard's directory. Its `definition` is a hash of the name, axes, fixed
// overrides and points; it leaves out the scenario's path, so the same sweep
// started through another spelling of its path or from another directory (or
// machine) has the same definition. The `scenario` entry is the absolute path,
// for the reader.
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "wakesim/app/sweep_plan.h"
#include "wakesim/app/sweep_spec.h"

namespace wakesim {

nlohmann::ordered_json sweep_manifest(const SweepSpec& spec, const std::vector<PlannedPoint>& planned);

// DIR/sweep.json, checked to be a manifest wakesim wrote: throws
// SweepInputError naming the file (missing, not JSON, another format, edited).
nlohmann::ordered_json read_manifest(const std::filesystem::path& dir);

}  // namespace wakesim

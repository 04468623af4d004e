#include "wakesim/app/sweep_manifest.h"

#include <fstream>
#include <string>

#include "wakesim/app/content_hash.h"
#include "wakesim/app/sweep_input_error.h"

namespace wakesim {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr int kManifestSchema = 1;

std::string absolute_path(const std::string& path) {
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

// What the code reading a manifest relies on: the name and definition are
// strings, so are the axes, and every point has its index (in order), id and values.
bool well_formed(const ordered_json& m) {
  if (!m.contains("name") || !m["name"].is_string() || !m.contains("definition") || !m["definition"].is_string())
    return false;
  if (!m["axes"].is_array() || !m["points"].is_array()) return false;
  for (const auto& axis : m["axes"])
    if (!axis.is_string()) return false;
  std::size_t index = 0;
  for (const auto& point : m["points"]) {
    if (!point.is_object() || !point.contains("index") || !point["index"].is_number_unsigned() ||
        point["index"].get<std::size_t>() != index++ || !point.contains("id") || !point["id"].is_string() ||
        !point.contains("values") || !point["values"].is_object())
      return false;
    for (const auto& [key, value] : point["values"].items())
      if (!value.is_string()) return false;
  }
  return true;
}

}  // namespace

ordered_json sweep_manifest(const SweepSpec& spec, const std::vector<PlannedPoint>& planned) {
  ordered_json points = ordered_json::array();
  for (const PlannedPoint& p : planned) {
    ordered_json values = ordered_json::object();
    for (const auto& [key, value] : p.point.values) values[key] = value;
    points.push_back({{"index", p.point.index}, {"id", p.id}, {"values", values}});
  }
  const ordered_json defined = {
      {"name", spec.name}, {"axes", axis_keys(spec)}, {"fixed", spec.fixed}, {"points", points}};
  ordered_json result = {{"schema_version", kManifestSchema},
                         {"definition", content_hash(defined.dump())},
                         {"name", spec.name},
                         {"scenario", absolute_path(spec.scenario_file)}};
  for (const auto& [key, value] : defined.items())
    if (key != "name") result[key] = value;
  return result;
}

ordered_json read_manifest(const fs::path& dir) {
  const fs::path file = dir / "sweep.json";
  std::ifstream in(file);
  if (!in) throw SweepInputError(file.string() + ": cannot read (not a sweep directory?)");
  ordered_json m;
  try {
    m = ordered_json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw SweepInputError(file.string() + ": not valid JSON: " + error.what());
  }
  if (!m.is_object() || m.value("schema_version", 0) != kManifestSchema || !m.contains("points") || !m.contains("axes"))
    throw SweepInputError(file.string() + ": not a wakesim sweep manifest");
  if (!well_formed(m))
    throw SweepInputError(file.string() +
                          ": the manifest was changed by hand (a point or axis is malformed); "
                          "wakesim writes it: remove the directory or choose another --out");
  return m;
}

}  // namespace wakesim

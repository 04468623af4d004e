#include "wakesim/app/simulation.h"

#include <filesystem>

#include "wakesim/app/parsed_file_cache.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/platform_reader.h"
#include "wakesim/platforms/scenario_reader.h"

namespace wakesim {
namespace {

bool is_platform_override(const std::string& assignment) { return assignment.rfind("platform.", 0) == 0; }

ConfigDocument open_document(const std::string& path, ParsedFileCache* cache) {
  return cache ? cache->load(path) : ConfigDocument::load_file(path);
}

// The platform file; one that cannot be read at all (missing, a directory) is
// reported at the scenario's `platform` key, which named it.
ConfigDocument load_platform_file(ConfigDocument& scenario_doc, const std::string& platform_file,
                                  ParsedFileCache* cache) {
  try {
    return open_document(platform_file, cache);
  } catch (const ConfigError& error) {
    if (error.line() > 0 || error.file() != platform_file) throw;
    const ConfigNode platform_key = scenario_doc.root().child("scenario").value("platform");
    throw ConfigError(platform_key.location(), platform_key.path(),
                      "platform file '" + platform_file + "': " + error.message());
  }
}

}  // namespace

nlohmann::ordered_json LoadedScenario::effective_configuration() const {
  return {{"scenario", scenario_doc.effective().to_json()}, {"platform", platform_doc.effective().to_json()}};
}

LoadedScenario load_scenario(const std::string& scenario_file, const std::vector<std::string>& overrides,
                             ParsedFileCache* files) {
  ConfigDocument scenario_doc = open_document(scenario_file, files);
  for (const std::string& assignment : overrides)
    if (!is_platform_override(assignment)) scenario_doc.apply_override(assignment);
  const std::string directory = std::filesystem::path(scenario_file).parent_path().string();
  ScenarioSpec scenario = read_scenario(scenario_doc.root().child("scenario"), directory);
  scenario_doc.finish();

  ConfigDocument platform_doc = load_platform_file(scenario_doc, scenario.platform_file, files);
  for (const std::string& assignment : overrides)
    if (is_platform_override(assignment)) platform_doc.apply_override(assignment);
  PlatformSpec platform = read_platform(platform_doc.root().child("platform"));
  platform_doc.finish();
  apply_scenario_choices(scenario, platform);
  check_scenario_against(scenario, platform);
  return LoadedScenario{std::move(scenario_doc), std::move(platform_doc), std::move(scenario), std::move(platform),
                        overrides};
}

Simulation::Simulation(const LoadedScenario& loaded, const char* name)
    : loaded_(loaded), scenario_(name, loaded.scenario, loaded.platform) {}

Report Simulation::report() { return make_report(scenario_, loaded_.effective_configuration(), loaded_.overrides); }

}  // namespace wakesim

#pragma once
// Reads the `scenario:` map of a scenario file into a ScenarioSpec. The platform
// path is resolved against `scenario_directory`. Keys: scenarios/README.md.
#include <string>

#include "wakesim/core/config_node.h"
#include "wakesim/platforms/platform_spec.h"
#include "wakesim/platforms/scenario_spec.h"

namespace wakesim {

ScenarioSpec read_scenario(const ConfigNode& scenario, const std::string& scenario_directory);

// The scenario's choices that replace the platform's (IOMMU power bindings);
// throws ConfigError at the choice for a name the platform lacks.
void apply_scenario_choices(const ScenarioSpec& scenario, PlatformSpec& platform);

// Checks the names a scenario uses against its platform (DMA controllers and
// their channel counts); throws ConfigError at the client.
void check_scenario_against(const ScenarioSpec& scenario, const PlatformSpec& platform);

}  // namespace wakesim

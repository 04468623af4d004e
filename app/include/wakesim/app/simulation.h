#pragma once
// Embedding wakesim without its command line (docs/embedding.md): load a
// scenario file with `--set`-style overrides into checked specs, elaborate it,
// simulate it and get the Report that `wakesim run` prints and writes.
//
//   wakesim::LoadedScenario loaded = wakesim::load_scenario("scenarios/pl330_periodic.yaml",
//                                                           {"scenario.duration=100ms"});
//   wakesim::Simulation simulation(loaded);
//   simulation.run();
//   const wakesim::Report report = simulation.report();
//   double joules = report.json["metrics"]["energy"]["total_J"];
//
// Bad input throws ConfigError (file, line and key) or JobTraceError from
// load_scenario, and ConfigError or std::invalid_argument from the Simulation's
// constructor; nothing is simulated then. SystemC simulates once per process:
// run one Simulation per process (a sweep runs one process per point).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wakesim/app/report.h"
#include "wakesim/core/config_document.h"
#include "wakesim/platforms/platform_spec.h"
#include "wakesim/platforms/scenario.h"
#include "wakesim/platforms/scenario_spec.h"

namespace wakesim {

class ParsedFileCache;
class TraceSink;

// A scenario and its platform, read strictly with the overrides applied and
// checked against each other: what `wakesim validate` accepts.
struct LoadedScenario {
  ConfigDocument scenario_doc;
  ConfigDocument platform_doc;
  ScenarioSpec scenario;
  PlatformSpec platform;
  std::vector<std::string> overrides;

  // Both files with every default filled in, as report.json's `configuration`.
  nlohmann::ordered_json effective_configuration() const;
};

// `overrides` are "dotted.key=value": keys under `platform.` go to the platform
// file, the rest to the scenario. `files`, if given, parses each file once for
// many loads.
LoadedScenario load_scenario(const std::string& scenario_file, const std::vector<std::string>& overrides = {},
                             ParsedFileCache* files = nullptr);

// One elaborated scenario: its platform built and bound, its clients ready.
class Simulation {
 public:
  // `name` is the top-level SystemC module's; several may be elaborated (and
  // discarded) before one of them runs.
  explicit Simulation(const LoadedScenario& loaded, const char* name = "scenario");

  // Streams every power-state change and job to `sink` (trace files, tests).
  void attach_trace(TraceSink* sink) { scenario_.attach_trace(sink); }
  // Simulates the scenario's duration (sc_start). Once per process.
  void run() { scenario_.run(); }
  // The report of the run: report.json's tree, summary.csv's text and the summary.
  Report report();

  Scenario& scenario() { return scenario_; }

 private:
  const LoadedScenario& loaded_;
  Scenario scenario_;
};

}  // namespace wakesim

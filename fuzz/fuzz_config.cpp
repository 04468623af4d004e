// libFuzzer target over the configuration readers: each input is one YAML
// document, read the way `wakesim validate` reads scenario, platform and sweep
// files (app/run_command.cpp load(), app/sweep_command.cpp validate_sweep()), but
// without elaborating SystemC (that happens once per process) and without
// opening any file the input names:
//
// - `sweep:` at the top level: read_sweep, then the first few points, each as
//   its run would load it: a fixed scenario (the seed scenario of that file name,
//   else pl330_periodic.yaml) with the point's --set overrides applied to it and
//   to its platform.
// - `scenario:` and/or `platform:` at the top level: read_scenario and/or
//   read_platform. A scenario is checked against the platform of the same
//   document when there is one (a fuzz-only combination that lets the fuzzer
//   shape both sides of the checks), else against a fixed platform: the one in
//   platforms/ (or tests/data/scenarios/) with the file name the scenario
//   gives, else exynos_like.yaml.
// - Trace workloads (`workload: {type: trace, file: ...}`) read a fixed trace,
//   tests/data/scenarios/trace_jobs.csv, whatever file they name (a --set
//   replaces the name before reading).
// - What was read is written as JSON, as report.json and sweep point ids record
//   the effective configuration.
// - The input is also read as a job trace (CSV), JobTraceReader::read_string.
//
// Bad input must end in ConfigError or JobTraceError: those are caught here.
// Any other exception, a crash, a sanitizer report, a leak or a hang is a
// finding. The replay driver (fuzz/replay_main.cpp) runs the same function over
// fuzz/corpus and fuzz/regressions in the normal test build.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "wakesim/app/sweep_spec.h"
#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/platform_reader.h"
#include "wakesim/platforms/scenario_reader.h"
#include "wakesim/workload/job_trace_error.h"
#include "wakesim/workload/job_trace_reader.h"

#ifndef WAKESIM_SOURCE_DIR
#error "WAKESIM_SOURCE_DIR must name the source tree (the fixed platforms, scenarios and trace)"
#endif

namespace {

namespace fs = std::filesystem;
using namespace wakesim;

// The input's name in messages, and the directory its relative paths join.
const std::string kInputName = "fuzz-input.yaml";
const std::string kInputDirectory = "fuzz-input";
// Points of a sweep read per input (a sweep run reads all of them).
constexpr std::size_t kSweepPointsRead = 3;
// Larger sweeps (read_sweep allows up to kMaxSweepPoints) are not expanded
// here, for speed.
constexpr std::size_t kSweepPointsExpanded = 1000;

struct FixedFile {
  std::string path;
  std::string text;
};

struct Fixtures {
  std::map<std::string, FixedFile> platforms;  // by file name
  std::map<std::string, PlatformSpec> platform_specs;
  std::map<std::string, FixedFile> scenarios;  // by file name
  std::string trace_file;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every platform and scenario file of the source tree, read once.
Fixtures load_fixtures() {
  Fixtures fixtures;
  const fs::path root(WAKESIM_SOURCE_DIR);
  for (const char* dir : {"platforms", "scenarios", "tests/data/scenarios"}) {
    for (const fs::directory_entry& entry : fs::directory_iterator(root / dir)) {
      if (entry.path().extension() != ".yaml") continue;
      FixedFile file{entry.path().string(), read_text(entry.path())};
      const std::string name = entry.path().filename().string();
      ConfigDocument doc = ConfigDocument::load_string(file.text, file.path);
      ConfigNode top = doc.root();
      if (top.has("platform")) {
        fixtures.platform_specs.emplace(name, read_platform(top.child("platform")));
        doc.finish();
        fixtures.platforms.emplace(name, std::move(file));
      } else if (top.has("scenario")) {
        fixtures.scenarios.emplace(name, std::move(file));
      }
    }
  }
  fixtures.trace_file = (root / "tests/data/scenarios/trace_jobs.csv").string();
  return fixtures;
}

const Fixtures& fixtures() {
  static const Fixtures loaded = load_fixtures();
  return loaded;
}

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

template <typename Value>
const Value& by_name(const std::map<std::string, Value>& files, const std::string& path, const char* fallback) {
  auto it = files.find(file_name(path));
  return it != files.end() ? it->second : files.at(fallback);
}

// --set overrides pointing each trace workload of `text` (after `overrides`) at
// the fixed trace, so that no input opens a file it names (/dev/zero would never
// end). Read from a throwaway copy: looking keys up marks them read.
std::vector<std::string> trace_substitutions(std::string_view text, const std::string& name,
                                             const std::vector<std::string>& overrides) {
  ConfigDocument probe = ConfigDocument::load_string(text, name);
  for (const std::string& assignment : overrides) probe.apply_override(assignment);
  const ConfigNode root = probe.root();
  std::vector<std::string> result;
  if (!root.is_map() || !root.has("scenario")) return result;
  const ConfigNode scenario = root.value("scenario");
  if (!scenario.is_map() || !scenario.has("clients")) return result;
  const ConfigNode clients = scenario.value("clients");
  if (!clients.is_sequence()) return result;
  const std::vector<ConfigNode> elements = clients.as_sequence();
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const ConfigNode& client = elements[i];
    if (!client.is_map() || !client.has("workload")) continue;
    const ConfigNode workload = client.value("workload");
    if (!workload.is_map() || !workload.has("file") || !workload.value("file").is_scalar()) continue;
    result.push_back(fmt::format("scenario.clients.{}.workload.file='{}'", i, fixtures().trace_file));
  }
  return result;
}

bool mentions_file(std::string_view text) { return text.find("file") != std::string_view::npos; }

bool mentions_file(const std::vector<std::string>& overrides) {
  for (const std::string& assignment : overrides)
    if (mentions_file(assignment)) return true;
  return false;
}

// The checks load() makes once the scenario and its platform are read.
void check_against(const ScenarioSpec& scenario, PlatformSpec platform) {
  apply_scenario_choices(scenario, platform);
  check_scenario_against(scenario, platform);
}

// One point of a sweep, as load(file, overrides) reads it, from the fixed files;
// then its effective configuration as JSON, which plan() hashes into its id.
void read_point(const FixedFile& scenario_file, const std::vector<std::string>& overrides) {
  std::vector<std::string> scenario_overrides;
  std::vector<std::string> platform_overrides;
  for (const std::string& assignment : overrides)
    (assignment.rfind("platform.", 0) == 0 ? platform_overrides : scenario_overrides).push_back(assignment);
  const std::vector<std::string> traces =
      mentions_file(scenario_file.text) || mentions_file(scenario_overrides)
          ? trace_substitutions(scenario_file.text, scenario_file.path, scenario_overrides)
          : std::vector<std::string>{};
  ConfigDocument doc = ConfigDocument::load_string(scenario_file.text, scenario_file.path);
  for (const std::string& assignment : scenario_overrides) doc.apply_override(assignment);
  for (const std::string& assignment : traces) doc.apply_override(assignment);
  const ScenarioSpec scenario =
      read_scenario(doc.root().child("scenario"), fs::path(scenario_file.path).parent_path().string());
  doc.finish();
  if (platform_overrides.empty()) {
    check_against(scenario, by_name(fixtures().platform_specs, scenario.platform_file, "exynos_like.yaml"));
    doc.effective().to_json().dump();
    return;
  }
  const FixedFile& platform_file = by_name(fixtures().platforms, scenario.platform_file, "exynos_like.yaml");
  ConfigDocument platform_doc = ConfigDocument::load_string(platform_file.text, platform_file.path);
  for (const std::string& assignment : platform_overrides) platform_doc.apply_override(assignment);
  PlatformSpec platform = read_platform(platform_doc.root().child("platform"));
  platform_doc.finish();
  check_against(scenario, std::move(platform));
  doc.effective().to_json().dump();
  platform_doc.effective().to_json().dump();
}

void read_sweep_document(ConfigDocument& doc, const ConfigNode& root) {
  const SweepSpec spec = read_sweep(root.child("sweep"), kInputDirectory);
  doc.finish();
  // The number of points, saturating above the bound read_sweep enforces.
  std::size_t count = spec.zip.empty() ? 1 : spec.zip.front().values.size();
  for (const SweepAxis& axis : spec.grid)
    count = axis.values.size() > kMaxSweepPoints / count ? kMaxSweepPoints + 1 : count * axis.values.size();
  if (count > kMaxSweepPoints)  // not a ConfigError: a finding
    throw std::logic_error(fmt::format("read_sweep accepted more than {} points", kMaxSweepPoints));
  if (count > kSweepPointsExpanded) return;
  const FixedFile& scenario = by_name(fixtures().scenarios, spec.scenario_file, "pl330_periodic.yaml");
  const std::vector<SweepPoint> points = expand_points(spec);
  for (std::size_t i = 0; i < points.size() && i < kSweepPointsRead; ++i) {
    try {
      read_point(scenario, points[i].overrides(spec));
    } catch (const ConfigError&) {  // a refused point; a sweep records it and goes on
    } catch (const JobTraceError&) {
    }
  }
}

void read_document(std::string_view text) {
  const std::vector<std::string> traces =
      mentions_file(text) ? trace_substitutions(text, kInputName, {}) : std::vector<std::string>{};
  ConfigDocument doc = ConfigDocument::load_string(text, kInputName);
  for (const std::string& assignment : traces) doc.apply_override(assignment);
  const ConfigNode root = doc.root();
  if (root.has("sweep")) {
    read_sweep_document(doc, root);
    return;
  }
  const bool has_scenario = root.has("scenario");
  const bool has_platform = root.has("platform");
  std::optional<ScenarioSpec> scenario;
  std::optional<PlatformSpec> platform;
  if (has_scenario || !has_platform) scenario = read_scenario(root.child("scenario"), kInputDirectory);
  if (has_platform) platform = read_platform(root.child("platform"));
  doc.finish();
  if (scenario)
    check_against(*scenario, platform
                                 ? *platform
                                 : by_name(fixtures().platform_specs, scenario->platform_file, "exynos_like.yaml"));
  // The effective configuration, as report.json writes it.
  doc.effective().to_json().dump();
}

}  // namespace

// Reads the fixed files once, before the first input; a fixture that does not
// read is an error of the source tree, not a finding: it throws out of here.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  fixtures();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // WAKESIM_FUZZ_VERBOSE=1: how each reading ended, on stderr (to see what an
  // input reaches; the fuzzer runs quiet).
  static const bool verbose = std::getenv("WAKESIM_FUZZ_VERBOSE") != nullptr;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    read_document(text);
    if (verbose) std::cerr << "  as YAML: accepted\n";
  } catch (const ConfigError& error) {
    if (verbose) std::cerr << "  as YAML: " << error.what() << "\n";
  } catch (const JobTraceError& error) {  // a trace workload's rows
    if (verbose) std::cerr << "  as YAML: " << error.what() << "\n";
  }
  try {
    const JobTrace trace = JobTraceReader::read_string(text, "fuzz-input.csv");
    if (verbose) std::cerr << "  as CSV: " << trace.size() << " rows\n";
  } catch (const JobTraceError& error) {
    if (verbose) std::cerr << "  as CSV: " << error.what() << "\n";
  }
  return 0;
}

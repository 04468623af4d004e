#include "run_command.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include <systemc>

#include "atomic_file.h"
#include "escaped_exception.h"
#include "parsed_file_cache.h"
#include "core/config_document.h"
#include "core/config_error.h"
#include "platform_reader.h"
#include "report.h"
#include "scenario.h"
#include "scenario_reader.h"
#include "trace_files.h"
#include "trace_recorder.h"
#include "workload/job_trace_error.h"

namespace wakesim {
namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;

struct LoadedScenario {
  ConfigDocument scenario_doc;
  ConfigDocument platform_doc;
  ScenarioSpec scenario;
  PlatformSpec platform;
};

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

LoadedScenario load(const std::string& file, const std::vector<std::string>& overrides,
                    ParsedFileCache* cache = nullptr) {
  ConfigDocument scenario_doc = open_document(file, cache);
  for (const std::string& assignment : overrides)
    if (!is_platform_override(assignment)) scenario_doc.apply_override(assignment);
  const std::string directory = std::filesystem::path(file).parent_path().string();
  ScenarioSpec scenario = read_scenario(scenario_doc.root().child("scenario"), directory);
  scenario_doc.finish();

  ConfigDocument platform_doc = load_platform_file(scenario_doc, scenario.platform_file, cache);
  for (const std::string& assignment : overrides)
    if (is_platform_override(assignment)) platform_doc.apply_override(assignment);
  PlatformSpec platform = read_platform(platform_doc.root().child("platform"));
  platform_doc.finish();
  apply_scenario_choices(scenario, platform);
  check_scenario_against(scenario, platform);
  return LoadedScenario{std::move(scenario_doc), std::move(platform_doc), std::move(scenario),
                        std::move(platform)};
}

nlohmann::ordered_json effective_configuration(const LoadedScenario& loaded) {
  return {{"scenario", loaded.scenario_doc.effective().to_json()},
          {"platform", loaded.platform_doc.effective().to_json()}};
}

void write_outputs(const std::string& out_dir, const Report& report) {
  std::filesystem::create_directories(out_dir);
  write_file_atomically((std::filesystem::path(out_dir) / "report.json").string(),
                        report.json.dump(2) + "\n");
  write_file_atomically((std::filesystem::path(out_dir) / "summary.csv").string(), report.summary_csv);
}

bool tracing(const RunOptions& options) { return options.trace || options.vcd; }

// The trace options make sense together: a file needs --out, a window needs a file.
std::optional<std::string> trace_usage_error(const RunOptions& options) {
  if (tracing(options) && options.out_dir.empty())
    return std::string("--trace and --vcd write into the output directory: give --out DIR");
  if (!options.trace_window.empty() && !tracing(options))
    return std::string("--trace-window bounds --trace or --vcd: give one of them");
  return std::nullopt;
}

// The notes at the head of a trace file.
TraceInfo trace_info(const Scenario& scenario) {
  return {{"generator", std::string("wakesim ") + WAKESIM_VERSION},
          {"scenario", scenario.spec().name},
          {"seed", std::to_string(scenario.spec().seed)}};
}

// A run directory holds one run: the optional files an earlier run left there
// (a trace of another policy, say) are removed once this run's files are
// written, so nothing in DIR describes another run. Other files are the user's
// and stay.
void remove_stale_outputs(const RunOptions& options) {
  const std::filesystem::path dir(options.out_dir);
  if (!options.trace) std::filesystem::remove(dir / "trace.json");
  if (!options.vcd) std::filesystem::remove(dir / "power.vcd");
}

}  // namespace

namespace {

// Fault injection for crash-safety tests (a sweep must survive a point that
// dies): with WAKESIM_INJECT_ABORT=key=value in the environment, a run given that
// exact --set prints a multi-line report and aborts after simulating, before
// writing anything.
void abort_if_injected(const std::vector<std::string>& overrides) {
  const char* injected = std::getenv("WAKESIM_INJECT_ABORT");
  if (!injected) return;
  for (const std::string& assignment : overrides)
    if (assignment == injected) {
      // Several lines, as a real crash report (a sanitizer's, an assert's) has.
      std::fputs("wakesim: injected abort for\n  --set ", stderr);
      std::fputs(injected, stderr);
      std::fputs("\n", stderr);
      std::abort();
    }
}

}  // namespace

int run_scenario(const RunOptions& options, std::ostream& out, std::ostream& errors) {
  if (const std::optional<std::string> usage = trace_usage_error(options)) {
    errors << "wakesim: " << *usage << "\n";
    return kExitBadInput;
  }
  TraceWindow window;
  if (!options.trace_window.empty()) {
    try {
      window = parse_trace_window(options.trace_window);
    } catch (const std::invalid_argument& error) {
      errors << "wakesim: --trace-window: " << error.what() << "\n";
      return kExitBadInput;
    }
  }
  std::optional<LoadedScenario> loaded;
  std::optional<TraceFiles> traces;  // outlives the scenario that reports to it
  std::optional<Scenario> scenario;
  try {
    loaded.emplace(load(options.scenario_file, options.overrides));
    scenario.emplace("scenario", loaded->scenario, loaded->platform);
  } catch (const ConfigError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const JobTraceError& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const std::invalid_argument& error) {
    // A model refused its parameters where no reader check caught it: still the
    // input's fault, so a bad-input exit naming the file, not a crash.
    errors << "wakesim: " << options.scenario_file << ": " << error.what() << "\n";
    return kExitBadInput;
  }
  try {
    if (tracing(options)) {  // streamed from the start of the run
      traces.emplace(options.out_dir, options.trace, options.vcd, window, trace_info(*scenario));
      scenario->attach_trace(&traces->sink());
    }
    scenario->run();
    abort_if_injected(options.overrides);
    // The traces are complete on disk before any result file is replaced, so a
    // trace that cannot be written (which stopped the run short) leaves the
    // directory as the previous run left it.
    if (traces) traces->complete(sc_core::sc_time_stamp().value());
    const Report report = make_report(*scenario, effective_configuration(*loaded), options.overrides);
    if (!options.out_dir.empty()) write_outputs(options.out_dir, report);
    if (traces) traces->commit();
    if (!options.out_dir.empty()) remove_stale_outputs(options);
    if (!options.quiet) out << report.text;
  } catch (...) {
    return report_escaped_exception(errors);  // also what a SystemC process threw
  }
  return 0;
}

// Reads and checks each scenario and its platform, then elaborates it as `run`
// would (the checks only the built model can make: device-link cycles, IOMMU
// master links, subdomain rules, a model refusing its parameters) and discards
// it without simulating. Building module trees is allowed any number of times
// before sc_start(); each gets its own top-level name.
int validate_files(const std::vector<std::string>& files, std::ostream& out, std::ostream& errors) {
  static unsigned elaborated = 0;
  int status = 0;
  for (const std::string& file : files) {
    try {
      const LoadedScenario loaded = load(file, {});
      const std::string name = "validate_" + std::to_string(elaborated++);
      { const Scenario discarded(name.c_str(), loaded.scenario, loaded.platform); }
      out << file << ": ok\n";
    } catch (const ConfigError& error) {
      errors << "wakesim: " << error.what() << "\n";
      status = kExitBadInput;
    } catch (const JobTraceError& error) {
      errors << "wakesim: " << error.what() << "\n";
      status = kExitBadInput;
    } catch (const std::invalid_argument& error) {
      errors << "wakesim: " << file << ": " << error.what() << "\n";  // as run reports it
      status = kExitBadInput;
    }
  }
  return status;
}

std::string effective_configuration_json(const std::string& scenario_file,
                                         const std::vector<std::string>& overrides) {
  return effective_configuration(load(scenario_file, overrides)).dump();
}

std::string effective_configuration_json(const std::string& scenario_file,
                                         const std::vector<std::string>& overrides, ParsedFileCache& files) {
  return effective_configuration(load(scenario_file, overrides, &files)).dump();
}

}  // namespace wakesim

#include "wakesim/app/run_command.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include <systemc>

#include "wakesim/app/atomic_file.h"
#include "wakesim/app/escaped_exception.h"
#include "wakesim/app/parsed_file_cache.h"
#include "wakesim/app/report.h"
#include "wakesim/app/run_hooks.h"
#include "wakesim/app/simulation.h"
#include "wakesim/app/trace_files.h"
#include "wakesim/app/trace_recorder.h"
#include "wakesim/core/config_error.h"
#include "wakesim/core/version.h"
#include "wakesim/platforms/scenario.h"
#include "wakesim/workload/job_trace_error.h"

namespace wakesim {
namespace {

constexpr int kExitBadInput = 2;

void write_outputs(const std::string& out_dir, const Report& report) {
  std::filesystem::create_directories(out_dir);
  write_file_atomically((std::filesystem::path(out_dir) / "report.json").string(), report.json.dump(2) + "\n");
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

RunHooks& hooks() {
  static RunHooks installed;
  return installed;
}

}  // namespace

void set_run_hooks(RunHooks replacement) { hooks() = std::move(replacement); }
const RunHooks& run_hooks() { return hooks(); }

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
  std::optional<TraceFiles> traces;  // outlives the simulation that reports to it
  std::optional<Simulation> simulation;
  try {
    loaded.emplace(load_scenario(options.scenario_file, options.overrides));
    simulation.emplace(*loaded);
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
      traces.emplace(options.out_dir, options.trace, options.vcd, window, trace_info(simulation->scenario()));
      simulation->attach_trace(&traces->sink());
    }
    simulation->run();
    if (run_hooks().after_simulation) run_hooks().after_simulation(options.overrides);
    // The traces are complete on disk before any result file is replaced, so a
    // trace that cannot be written (which stopped the run short) leaves the
    // directory as the previous run left it.
    if (traces) traces->complete(sc_core::sc_time_stamp().value());
    const Report report = simulation->report();
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
      const LoadedScenario loaded = load_scenario(file);
      const std::string name = "validate_" + std::to_string(elaborated++);
      { const Simulation discarded(loaded, name.c_str()); }
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

std::string effective_configuration_json(const std::string& scenario_file, const std::vector<std::string>& overrides) {
  return load_scenario(scenario_file, overrides).effective_configuration().dump();
}

std::string effective_configuration_json(const std::string& scenario_file, const std::vector<std::string>& overrides,
                                         ParsedFileCache& files) {
  return load_scenario(scenario_file, overrides, &files).effective_configuration().dump();
}

}  // namespace wakesim

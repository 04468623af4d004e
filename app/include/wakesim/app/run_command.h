#pragma once
// `wakesim run` and `wakesim validate`: load the scenario and its platform, apply
// --set overrides (keys under `platform.` go to the platform file, the rest to
// the scenario), read everything strictly, elaborate, and (for run) simulate and
// write report.json and summary.csv whole or not at all. Bad input is a
// ConfigError before any output exists. With --trace / --vcd (which need --out)
// it also writes trace.json / power.vcd of the trace window, streamed as the run
// goes (trace_files.h) and put in place whole or not at all.
#include <iosfwd>
#include <string>
#include <vector>

namespace wakesim {

class ParsedFileCache;

struct RunOptions {
  std::string scenario_file;
  std::vector<std::string> overrides;  // "key.path=value"
  std::string out_dir;                 // empty: print only
  bool quiet = false;
  bool trace = false;        // write out_dir/trace.json (Chrome/Perfetto)
  bool vcd = false;          // write out_dir/power.vcd
  std::string trace_window;  // "START:END" (durations with units); empty: the whole run
};

// Exit codes: 0 ok, 1 runtime failure, 2 bad input (the message goes to `errors`).
int run_scenario(const RunOptions& options, std::ostream& out, std::ostream& errors);
int validate_files(const std::vector<std::string>& files, std::ostream& out, std::ostream& errors);

// The effective configuration (scenario and platform, defaults included) that
// `run` would simulate, as compact JSON: what a sweep names its points by.
// Throws ConfigError or JobTraceError for bad input, as run would refuse it.
std::string effective_configuration_json(const std::string& scenario_file, const std::vector<std::string>& overrides);
// The same, the scenario and platform files parsed once in `files` for many calls.
std::string effective_configuration_json(const std::string& scenario_file, const std::vector<std::string>& overrides,
                                         ParsedFileCache& files);

}  // namespace wakesim

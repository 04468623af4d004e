#pragma once
// `wakesim check DIR --baseline FILE`: the regression gate (docs/architecture.md, 'Scenarios, runs, sweeps and checks'). DIR is
// a run's output directory; its report.json metrics are compared with the
// baseline's, each within its tolerance, and what moved is printed as a table.
// `--write-baseline` makes FILE from DIR instead (every numeric metric, with the
// default tolerance), to commit next to the scenario.
//
// Baseline file (JSON):
//   {"schema_version": 1, "scenario": "pl330-periodic",
//    "tolerance": {"rtol": 1e-9, "atol": 0},           default for every metric
//    "metrics": {"clients.audio.latency.p99_us": 865.55,  a value, or
//                "energy.total_J": {"value": 0.0424, "rtol": 0.01, "atol": 1e-9}}}
// Paths are the dotted paths of report.json's "metrics" object. A metric passes
// when |now - baseline| <= atol + rtol * |baseline|; one missing from the report
// or not a number fails. Metrics in the report but not in the baseline are
// ignored (a baseline pins what it names).
#include <iosfwd>
#include <string>

namespace wakesim {

struct CheckOptions {
  std::string run_dir;
  std::string baseline_file;
  double rtol = -1;  // < 0: the baseline's default; otherwise overrides it for every metric
  double atol = -1;
  bool write_baseline = false;
};

// Exit codes: 0 every metric within tolerance (or the baseline written), 1 drift,
// 2 bad input (unreadable directory, report or baseline).
int check_run(const CheckOptions& options, std::ostream& out, std::ostream& errors);

}  // namespace wakesim

#pragma once
// `wakesim check DIR --baseline FILE`: the regression gate (docs/architecture.md, 'Scenarios, runs, sweeps and
// checks'). DIR is a run's output directory; its report.json metrics are compared with the baseline's, each within its
// tolerance, and what moved is printed as a table.
// `--write-baseline` makes FILE from DIR instead (every numeric metric, with the
// default tolerance), to commit next to the scenario. docs/check.md is the user's
// guide (with a CI example).
//
// Baseline file (JSON):
//   {"schema_version": 1, "scenario": "pl330-periodic",
//    "tolerance": {"rtol": 1e-9, "atol": 0},           default for every metric
//    "metrics": {"clients.audio.latency.p99_us": 865.55,  a value, or
//                "energy.total_J": {"value": 0.0424, "rtol": 0.01, "atol": 1e-9}}}
//   schema_version  required, 1.
//   scenario        optional; when given it must be report.json's "scenario"
//                   (a baseline of another scenario is refused, exit 2).
//   tolerance       optional; "rtol" (default 1e-9) and "atol" (default 0) for
//                   every metric that does not give its own.
//   metrics         required; dotted paths of report.json's "metrics" object (a
//                   boolean there counts as 1 or 0), each a number (the value,
//                   with the default tolerance) or an object with "value" and
//                   optionally its own "rtol" and/or "atol" (the other from the
//                   default).
// Every tolerance is a finite number >= 0; anything else is refused (exit 2),
// naming the file and the metric. --rtol/--atol on the command line override
// the tolerance of every metric, and are refused the same way.
//
// A metric passes when |now - baseline| <= atol + rtol * |baseline|; one missing
// from the report (or not a number there) fails. A metric in the report but not
// in the baseline is "new": listed, but a failure only with --strict.
//
// --format text (a table on stdout), junit (a JUnit XML document: a testsuite
// named after the scenario, a testcase per metric) or json ({scenario, passed,
// rows: [{metric, baseline, value, rtol, atol, status}]}). Errors go to stderr as
// one line in every format.
#include <iosfwd>
#include <optional>
#include <string>

namespace wakesim {

struct CheckOptions {
  std::string run_dir;
  std::string baseline_file;
  std::optional<double> rtol;  // given: overrides the baseline's for every metric
  std::optional<double> atol;
  bool write_baseline = false;
  bool strict = false;          // metrics not in the baseline fail
  std::string format = "text";  // text, junit or json
};

// Exit codes (the same in every format): 0 every metric within tolerance (or the
// baseline written), 1 drift (a metric beyond tolerance or missing, or under
// --strict a new one), 2 bad input (unreadable directory, report or baseline, a
// baseline of another scenario, a bad tolerance or format).
int check_run(const CheckOptions& options, std::ostream& out, std::ostream& errors);

}  // namespace wakesim

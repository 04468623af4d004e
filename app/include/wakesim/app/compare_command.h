#pragma once
// `wakesim compare SCENARIO [--policies sync,async,...] [--set KEY=VALUE ...]
// [--budget METRIC<=VALUE ...] [--out DIR] [-j N] [--plot]`: the headline
// question in one command. Each resume policy runs as its own `wakesim run`
// process (every client of the scenario set to it); then one table (latency,
// caller blocked, energy and its difference to the cheapest safe policy, the CPU
// energy, and what makes a run unsafe), the energy by component against the
// winner, and a verdict in words: the cheapest policy that is safe
// (run_safety.h) and within every budget (budget.h), and for every other policy
// the one number that rules it out.
//
// With --out, DIR keeps each policy's run (DIR/<policy>/report.json ...),
// compare.json and compare.csv (one row per policy, docs/metrics.md), and with
// --plot compare.png and compare.svg (scripts/plot.py compare). Without --out the
// runs go to a temporary directory that is removed.
#include <iosfwd>
#include <string>
#include <vector>

namespace wakesim {

struct CompareOptions {
  std::string scenario_file;
  std::string policies = "sync,async,irq_safe,always_on,early";
  std::vector<std::string> overrides;
  std::vector<std::string> budgets;
  std::string out_dir;
  unsigned jobs = 1;
  bool plot = false;
};

// Exit codes: 0 a policy is recommended, 1 none is safe within the budget or a
// run failed (the table and verdict are printed anyway), 2 bad input.
int compare_policies(const CompareOptions& options, std::ostream& out, std::ostream& errors);

}  // namespace wakesim

#pragma once
// `wakesim advise SWEEP_DIR [--budget METRIC<=VALUE ...] [--format text|json]`:
// the configuration a power architect should take from a finished sweep. Among
// the points that ran ok, are safe (run_safety.h) and meet every budget
// (budget.h), the one with the least total energy, with its margin to each
// budget and the runner-up (the next least energy) and how much more it costs.
// Ties go to the lower point index, so the answer is deterministic.
#include <iosfwd>
#include <string>
#include <vector>

namespace wakesim {

struct AdviseOptions {
  std::string sweep_dir;
  std::vector<std::string> budgets;
  std::string format = "text";  // text or json
};

// Exit codes: 0 a configuration recommended, 1 none is safe within the budget,
// 2 bad input (not a sweep directory, a malformed budget).
int advise_sweep(const AdviseOptions& options, std::ostream& out, std::ostream& errors);

}  // namespace wakesim

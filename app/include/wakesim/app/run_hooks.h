#pragma once
// A test-only seam in `wakesim run`: a hook called after the simulation and
// before any output is written. The wakesim executable never sets one; the
// test binary tests/support/fault_injecting_wakesim.cpp sets one that aborts
// chosen runs, so the sweep's crash handling can be tested on real processes.
#include <functional>
#include <string>
#include <vector>

namespace wakesim {

struct RunHooks {
  // Called with the run's --set overrides once it has simulated.
  std::function<void(const std::vector<std::string>& overrides)> after_simulation;
};

// Replaces the process's hooks (none by default).
void set_run_hooks(RunHooks hooks);
const RunHooks& run_hooks();

}  // namespace wakesim

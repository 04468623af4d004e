// The wakesim command line with a fault injected through the test-only run hook
// (wakesim/app/run_hooks.h), for testing the sweep's crash handling on real
// processes: with WAKESIM_INJECT_ABORT=key=value in the environment, a run given
// that exact --set prints a multi-line report and aborts after simulating,
// before writing anything. A sweep re-executes its own binary for each point,
// so a sweep run by this binary runs its points here too.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <systemc>  // declares sc_main extern "C"

#include "wakesim/app/command_line.h"
#include "wakesim/app/run_hooks.h"

namespace {

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

int sc_main(int argc, char* argv[]) {
  wakesim::set_run_hooks({abort_if_injected});
  return wakesim::wakesim_main(argc, argv);
}

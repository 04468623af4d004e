#pragma once
// System suspend and resume (drivers/base/power/main.c) over the devices of one
// PmCore: suspend walks the dependency order backwards (consumers and children
// before suppliers and parents, SYS-01), resume walks it forwards. Each device's
// system-sleep callbacks are pm_runtime_force_suspend()/force_resume() (SYS-04),
// as Exynos SysMMU and many simple drivers use. Runtime PM interplay follows
// SYS-03: get_noresume before prepare, barrier before suspend, put after complete.
// A device in a power domain also passes through genpd's prepare, suspend_noirq,
// resume_noirq and complete (GPD-09), so domains power off in their deepest
// state once all their devices are suspended. Every phase is timed.
#include <string>
#include <vector>

#include <systemc>

namespace wakesim {

class PmCore;
class RpmDevice;

struct SystemSleepPhase {
  std::string name;  // prepare, suspend, suspend_noirq, resume_noirq, resume, complete
  sc_core::sc_time duration;
};

struct SystemSleepReport {
  std::vector<SystemSleepPhase> phases;
  std::vector<std::string> order;  // device names in the order the phase visited them
  int error = 0;                   // the first failing callback's error (suspend stops there)
};

class SystemSleep {
 public:
  explicit SystemSleep(PmCore& core) : core_(core) {}

  // Both block the calling SystemC thread for the duration of the transition.
  SystemSleepReport suspend();
  SystemSleepReport resume();

 private:
  template <typename Step>
  void timed_phase(SystemSleepReport& report, const char* name, Step step);

  PmCore& core_;
  std::vector<RpmDevice*> suspended_;  // devices suspended by the last suspend(), in order
  bool noirq_done_ = false;            // resume_noirq only undoes a suspend_noirq
};

}  // namespace wakesim

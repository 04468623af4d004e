#pragma once
// System suspend and resume (drivers/base/power/main.c) over the devices of one
// PmCore: suspend walks the dependency order backwards (consumers and children
// before suppliers and parents, SYS-01), resume walks it forwards. Each device's
// system-sleep callbacks are pm_runtime_force_suspend()/force_resume() (SYS-04),
// as Exynos SysMMU and many simple drivers use. Runtime PM interplay follows
// SYS-03: get_noresume before prepare, barrier before suspend, put after complete.
// The time of every phase is measured in simulated time.
#include <string>
#include <vector>

#include <systemc>

namespace wakesim {

class PmCore;
class RpmDevice;

// A participant in the late phases (power domains: GPD-09).
class SystemSleepHooks {
 public:
  virtual ~SystemSleepHooks() = default;
  virtual void prepare() {}
  virtual void suspend_noirq() {}
  virtual void resume_noirq() {}
  virtual void complete() {}
};

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
  void add_hooks(SystemSleepHooks& hooks) { hooks_.push_back(&hooks); }

  // Both block the calling SystemC thread for the duration of the transition.
  SystemSleepReport suspend();
  SystemSleepReport resume();

 private:
  template <typename Step>
  void timed_phase(SystemSleepReport& report, const char* name, Step step);

  PmCore& core_;
  std::vector<SystemSleepHooks*> hooks_;
  std::vector<RpmDevice*> suspended_;  // devices suspended by the last suspend(), in order
};

}  // namespace wakesim

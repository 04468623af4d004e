#pragma once
// Runtime PM callbacks of a device driver with a duration and an energy per
// transition, and fault injection: a queued error is returned by the next
// callback of that kind, as a failing driver would.
//
// A callback is a list of phases (docs/cpu.md), each sleepable (clk_prepare of a
// PLL, a regulator, a firmware vote, a usleep poll: the CPU may idle meanwhile)
// or atomic (clk_enable, register restore: the CPU is busy). Without phases it is
// one atomic phase of the callback's duration. An irq-safe device's callbacks run
// with interrupts off: every phase spins on the CPU, and its sleepable phases are
// not run at all, because such a driver may not sleep and keeps what they turned
// on (a prepared clock) from probe on (drivers/amba/bus.c: an irq-safe device only
// clk_enable()s in amba_pm_runtime_resume). What a resume phase turns on draws its
// held power until the suspend undoes it, and for ever if it is never undone.
// Without a CPU system the phases are plain waits in the calling thread.
#include <deque>
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/units.h"
#include "wakesim/power/rpm_callbacks.h"

namespace wakesim {

struct CallbackPhase {
  std::string name;
  sc_core::sc_time duration = sc_core::SC_ZERO_TIME;
  bool sleepable = false;
  // Drawn from the end of this resume phase until the suspend (a prepared PLL).
  Power held_power;
  // The hardware's energy for the phase (the platform reader adds it to the
  // callback's energy).
  Energy energy;
};

struct TimedCallbacksParams {
  sc_core::sc_time suspend_duration = sc_core::SC_ZERO_TIME;
  sc_core::sc_time resume_duration = sc_core::SC_ZERO_TIME;
  double suspend_energy_joules = 0.0;
  double resume_energy_joules = 0.0;
  // When not empty, they replace the durations above (which should be their sums).
  std::vector<CallbackPhase> resume_phases;
  std::vector<CallbackPhase> suspend_phases;
};

class TimedCallbacks : public RpmCallbacks {
 public:
  explicit TimedCallbacks(const TimedCallbacksParams& params) : params_(params) {}

  int runtime_suspend(RpmDevice& device) override;
  int runtime_resume(RpmDevice& device) override;

  // The next suspend (resume) callback fails with `error` (a negative errno).
  void fail_next_suspend(int error) { suspend_faults_.push_back(error); }
  void fail_next_resume(int error) { resume_faults_.push_back(error); }

  // Books each callback's energy as a transition of `component` in `ledger`, and
  // the held power of its phases as the static state "held".
  void attach_energy(EnergyLedger& ledger, const std::string& component);
  // Books the held power up to now.
  void close_energy();

  const TimedCallbacksParams& params() const { return params_; }
  unsigned suspend_calls() const { return suspend_calls_; }
  unsigned resume_calls() const { return resume_calls_; }
  // Energy of every callback that ran, failed ones included (the work was done).
  double energy_joules() const { return energy_joules_; }
  // Power drawn now by what the resume phases turned on.
  Power held_power() const { return Power{held_watts_}; }

 private:
  int run(RpmDevice& device, const std::vector<CallbackPhase>& phases, const sc_core::sc_time& duration, double energy,
          std::deque<int>& faults, EnergyLedger::JouleAccount& account);
  void set_held(double watts);
  void hold_after_resume(bool irq_safe);
  void release_after_suspend(bool irq_safe);

  TimedCallbacksParams params_;
  std::deque<int> suspend_faults_;
  std::deque<int> resume_faults_;
  unsigned suspend_calls_ = 0;
  unsigned resume_calls_ = 0;
  double energy_joules_ = 0.0;
  EnergyLedger::JouleAccount suspend_account_;
  EnergyLedger::JouleAccount resume_account_;
  EnergyLedger::JouleAccount held_account_;
  double held_watts_ = 0.0;
  bool kept_prepared_ = false;  // irq-safe: the sleepable phases' power, from probe on
  sc_core::sc_time held_booked_until_ = sc_core::SC_ZERO_TIME;
};

}  // namespace wakesim

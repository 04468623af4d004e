#pragma once
// Runtime PM callbacks of a device driver with a duration and an energy per
// transition, and fault injection: a queued error is returned by the next
// callback of that kind, as a failing driver would.
#include <deque>
#include <systemc>

#include "core/energy_ledger.h"
#include "power/rpm_callbacks.h"

namespace wakesim {

struct TimedCallbacksParams {
  sc_core::sc_time suspend_duration = sc_core::SC_ZERO_TIME;
  sc_core::sc_time resume_duration = sc_core::SC_ZERO_TIME;
  double suspend_energy_joules = 0.0;
  double resume_energy_joules = 0.0;
};

class TimedCallbacks : public RpmCallbacks {
 public:
  explicit TimedCallbacks(const TimedCallbacksParams& params) : params_(params) {}

  int runtime_suspend(RpmDevice& device) override;
  int runtime_resume(RpmDevice& device) override;

  // The next suspend (resume) callback fails with `error` (a negative errno).
  void fail_next_suspend(int error) { suspend_faults_.push_back(error); }
  void fail_next_resume(int error) { resume_faults_.push_back(error); }

  // Books each callback's energy as a transition of `component` in `ledger`.
  void attach_energy(EnergyLedger& ledger, const std::string& component);

  const TimedCallbacksParams& params() const { return params_; }
  unsigned suspend_calls() const { return suspend_calls_; }
  unsigned resume_calls() const { return resume_calls_; }
  // Energy of every callback that ran, failed ones included (the work was done).
  double energy_joules() const { return energy_joules_; }

 private:
  int run(const sc_core::sc_time& duration, double energy, std::deque<int>& faults,
          EnergyLedger::JouleAccount& account);

  TimedCallbacksParams params_;
  std::deque<int> suspend_faults_;
  std::deque<int> resume_faults_;
  unsigned suspend_calls_ = 0;
  unsigned resume_calls_ = 0;
  double energy_joules_ = 0.0;
  EnergyLedger::JouleAccount suspend_account_;
  EnergyLedger::JouleAccount resume_account_;
};

}  // namespace wakesim

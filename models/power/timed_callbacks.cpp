#include "power/timed_callbacks.h"

namespace wakesim {

int TimedCallbacks::runtime_suspend(RpmDevice&) {
  ++suspend_calls_;
  return run(params_.suspend_duration, params_.suspend_energy_joules, suspend_faults_,
             suspend_account_);
}

int TimedCallbacks::runtime_resume(RpmDevice&) {
  ++resume_calls_;
  return run(params_.resume_duration, params_.resume_energy_joules, resume_faults_,
             resume_account_);
}

void TimedCallbacks::attach_energy(EnergyLedger& ledger, const std::string& component) {
  suspend_account_ = ledger.register_transition(component, "transition:suspend_callback");
  resume_account_ = ledger.register_transition(component, "transition:resume_callback");
}

int TimedCallbacks::run(const sc_core::sc_time& duration, double energy,
                        std::deque<int>& faults, EnergyLedger::JouleAccount& account) {
  if (duration != sc_core::SC_ZERO_TIME) sc_core::wait(duration);
  energy_joules_ += energy;
  if (account.bound()) account.add_joules(energy);
  if (faults.empty()) return 0;
  const int error = faults.front();
  faults.pop_front();
  return error;
}

}  // namespace wakesim

#include "wakesim/power/timed_callbacks.h"

#include "wakesim/cpu/cpu_execution.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

double held_watts(const std::vector<CallbackPhase>& phases, bool sleepable) {
  double watts = 0.0;
  for (const CallbackPhase& phase : phases)
    if (phase.sleepable == sleepable) watts += phase.held_power.watts;
  return watts;
}

}  // namespace

int TimedCallbacks::runtime_suspend(RpmDevice& device) {
  ++suspend_calls_;
  const int error = run(device, params_.suspend_phases, params_.suspend_duration, params_.suspend_energy_joules,
                        suspend_faults_, suspend_account_);
  if (error == 0) release_after_suspend(device.is_irq_safe());
  return error;
}

int TimedCallbacks::runtime_resume(RpmDevice& device) {
  ++resume_calls_;
  const int error = run(device, params_.resume_phases, params_.resume_duration, params_.resume_energy_joules,
                        resume_faults_, resume_account_);
  if (error == 0) hold_after_resume(device.is_irq_safe());
  return error;
}

void TimedCallbacks::attach_energy(EnergyLedger& ledger, const std::string& component) {
  suspend_account_ = ledger.register_transition(component, "transition:suspend_callback");
  resume_account_ = ledger.register_transition(component, "transition:resume_callback");
  if (held_watts(params_.resume_phases, true) + held_watts(params_.resume_phases, false) > 0)
    held_account_ = ledger.register_static(component, "state:held");
}

void TimedCallbacks::close_energy() { set_held(held_watts_); }

// Books the held power up to now, then draws `watts` from now on.
void TimedCallbacks::set_held(double watts) {
  const sc_time now = sc_core::sc_time_stamp();
  if (held_account_.bound() && held_watts_ > 0 && now > held_booked_until_)
    held_account_.add_joules((now - held_booked_until_).to_seconds() * held_watts_);
  held_booked_until_ = now;
  held_watts_ = watts;
}

// An irq-safe device's sleepable phases were done at probe (time 0) and are
// never undone: their power is due from then.
void TimedCallbacks::hold_after_resume(bool irq_safe) {
  const double sleepable = held_watts(params_.resume_phases, true);
  const double atomic = held_watts(params_.resume_phases, false);
  if (irq_safe && !kept_prepared_) {
    kept_prepared_ = true;
    const bool nothing_booked = held_booked_until_ == SC_ZERO_TIME && held_watts_ == 0.0;
    if (held_account_.bound() && sleepable > 0 && nothing_booked)
      held_account_.add_joules(sc_core::sc_time_stamp().to_seconds() * sleepable);
  }
  set_held(sleepable + atomic);
}

void TimedCallbacks::release_after_suspend(bool irq_safe) {
  set_held(irq_safe && kept_prepared_ ? held_watts(params_.resume_phases, true) : 0.0);
}

int TimedCallbacks::run(RpmDevice& device, const std::vector<CallbackPhase>& phases, const sc_time& duration,
                        double energy, std::deque<int>& faults, EnergyLedger::JouleAccount& account) {
  CpuSystem* cpus = device.core().cpus();
  const bool irq_safe = device.is_irq_safe();
  const CpuCause atomic_cause = irq_safe ? CpuCause::atomic_spin : CpuCause::pm_callback;
  if (phases.empty()) {
    run_code(cpus, atomic_cause, duration);
  } else {
    for (const CallbackPhase& phase : phases) {
      if (phase.sleepable && irq_safe) continue;  // kept on from probe
      if (phase.sleepable)
        sleep_code(cpus, CpuCause::pm_callback, phase.duration);
      else
        run_code(cpus, atomic_cause, phase.duration);
    }
  }
  energy_joules_ += energy;
  if (account.bound()) account.add_joules(energy);
  if (faults.empty()) return 0;
  const int error = faults.front();
  faults.pop_front();
  return error;
}

}  // namespace wakesim

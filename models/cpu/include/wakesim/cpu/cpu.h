#pragma once
// One CPU running the simulated kernel code (docs/cpu.md).
//
// Work is placed on the CPU with run(cause, duration): it starts at once if the
// CPU is running, after the work already placed on it if that is not finished
// (no preemption: the CPU runs one piece of code at a time, first come first
// served), or, if the CPU is idle, after it has left its idle state: the rest of
// an unfinished entry, the cluster's exit if the cluster is in an idle state,
// then the CPU state's exit latency. That wakeup is counted under the cause.
//
// When its last piece of work ends the CPU goes idle and the governor picks the
// state (select_idle_state) from the next timer armed on this CPU (arm_timer:
// autosuspend hrtimers, sleeping threads' timeouts). Work that arrives at the
// very instant the CPU would go idle finds it still running.
//
// Energy (with a ledger, component = the module name): running code at the
// active power ("busy:<cause>", dynamic), each idle state's power while resident
// ("state:<name>", static), the entry ("idle_entry") and the wakeup
// ("wake:<cause>", transitions) at the transition power.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/cpu/cpu_cause.h"
#include "wakesim/cpu/cpu_params.h"
#include "wakesim/cpu/cpu_stats.h"

namespace wakesim {

class CpuCluster;

class Cpu : public sc_core::sc_module {
 public:
  // Throws std::invalid_argument for no idle state or a negative power.
  Cpu(const sc_core::sc_module_name& name, const CpuParams& params, EnergyLedger* ledger = nullptr);

  // Places `duration` of code for `cause`; returns when it ends (the caller
  // waits until then).
  sc_core::sc_time run(CpuCause cause, const sc_core::sc_time& duration);

  // An hrtimer of `owner` on this CPU, due at `expiry` (re-arming moves it).
  void arm_timer(const void* owner, const sc_core::sc_time& expiry);
  void cancel_timer(const void* owner);
  // The earliest timer due at or after `now`.
  std::optional<sc_core::sc_time> next_timer(const sc_core::sc_time& now) const;

  // A PM QoS resume latency request on this CPU (cpu_latency_qos_add_request for
  // every CPU, or the CPU device's own resume latency constraint): the limit
  // becomes the smallest requested. Before the simulation starts.
  void constrain_latency(const sc_core::sc_time& limit);

  bool idle() const { return idle_; }
  // The idle state the CPU is in (meaningful while idle()).
  std::size_t idle_state() const { return state_; }
  const CpuParams& params() const { return params_; }
  CpuCluster* cluster() const { return cluster_; }
  // Books energy, residency and busy time up to now (call before reading them).
  void close_accounting();
  const CpuStats& stats() const { return stats_; }
  // After close_accounting() and the ledger's reset: forgets the stats, then
  // books again the work running past now (close_accounting took it back).
  void reset_stats();

 private:
  friend class CpuCluster;
  struct Reservation {
    CpuCause cause;
    sc_core::sc_time start;
    sc_core::sc_time end;      // booked up to here
    sc_core::sc_time ends_at;  // when the work ends
  };
  struct Timer {
    const void* owner;
    sc_core::sc_time expiry;
  };

  void enter_idle();
  void cancel_idle_entry(const sc_core::sc_time& now);
  sc_core::sc_time wake(CpuCause cause, const sc_core::sc_time& now);
  void book_idle(const sc_core::sc_time& until);
  void book_busy(CpuCause cause, const sc_core::sc_time& duration, double sign = 1.0);
  void add_joules(EnergyLedger::JouleAccount& account, const sc_core::sc_time& duration, Power power);

  CpuParams params_;
  Power transition_power_;
  CpuCluster* cluster_ = nullptr;
  bool idle_ = false;
  std::size_t state_ = 0;
  sc_core::sc_time idle_since_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time idle_booked_until_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time busy_until_ = sc_core::SC_ZERO_TIME;
  std::vector<Reservation> open_;  // reservations that may end after now
  std::vector<Timer> timers_;
  sc_core::sc_event idle_due_;
  CpuStats stats_;

  bool accounts_bound_ = false;
  std::array<EnergyLedger::JouleAccount, kCpuCauseCount> busy_accounts_;
  std::array<EnergyLedger::JouleAccount, kCpuCauseCount> wake_accounts_;
  std::vector<EnergyLedger::JouleAccount> state_accounts_;
  EnergyLedger::JouleAccount entry_account_;
};

}  // namespace wakesim

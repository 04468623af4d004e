#pragma once
// A cluster of CPUs sharing a power domain with idle states of its own (a PSCI
// OS-initiated domain idle state, cluster off): when its last CPU goes idle in
// its deepest state, the cluster enters the deepest state whose target residency
// and entry latency fit before the earliest timer of any of its CPUs (genpd's cpu
// governor, drivers/pmdomain/governor.c cpu_power_down_ok), and the first CPU woken pays
// the cluster's exit before its own (docs/cpu.md).
//
// Energy (with a ledger, component = the module name): the on power while not in
// a cluster state ("state:on", exits included), each state's power while in it
// ("state:<name>"), the entry at the on power ("idle_entry").
#include <optional>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/cpu/cpu_params.h"

namespace wakesim {

class Cpu;

class CpuCluster : public sc_core::sc_module {
 public:
  CpuCluster(const sc_core::sc_module_name& name, const CpuClusterParams& params, EnergyLedger* ledger = nullptr);

  // Before the simulation starts; the CPU must outlive the cluster.
  void add(Cpu& cpu);
  const std::vector<Cpu*>& cpus() const { return cpus_; }
  const CpuClusterParams& params() const { return params_; }

  // The cluster's state: none while on.
  const std::optional<std::size_t>& idle_state() const { return state_; }
  // Time on and in each state, times each state was entered.
  sc_core::sc_time on_time() const { return on_time_; }
  const std::vector<sc_core::sc_time>& residency() const { return residency_; }
  const std::vector<std::uint64_t>& entries() const { return entries_; }

  // Called by its CPUs.
  void cpu_went_idle(const Cpu& cpu, const sc_core::sc_time& now);
  void cpu_stayed_running(const Cpu& cpu, const sc_core::sc_time& now);
  // A CPU is woken: the cluster's exit delay (0 if it is on).
  sc_core::sc_time cpu_waking(const Cpu& cpu, const sc_core::sc_time& now);
  void close_accounting(const sc_core::sc_time& now);
  // After close_accounting(): forgets on time, residency and entries.
  void reset_stats();

 private:
  void book(const sc_core::sc_time& until);
  void add_joules(EnergyLedger::JouleAccount& account, const sc_core::sc_time& duration, Power power);

  CpuClusterParams params_;
  std::vector<Cpu*> cpus_;
  std::optional<std::size_t> state_;
  sc_core::sc_time state_since_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time booked_until_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time on_time_ = sc_core::SC_ZERO_TIME;
  std::vector<sc_core::sc_time> residency_;
  std::vector<std::uint64_t> entries_;

  bool accounts_bound_ = false;
  EnergyLedger::JouleAccount on_account_;
  EnergyLedger::JouleAccount entry_account_;
  std::vector<EnergyLedger::JouleAccount> state_accounts_;
};

}  // namespace wakesim

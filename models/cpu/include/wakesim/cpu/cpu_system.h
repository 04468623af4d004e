#pragma once
// The CPUs of a platform and the software placed on them (docs/cpu.md).
//
// A SystemC thread that stands for a piece of kernel software (a client
// thread, a kworker, genpd's work) binds itself to its CPU; code it then runs
// through run_code() / sleep_code() (cpu_execution.h) occupies that CPU or lets
// it idle. Threads that never bind (test benches, models' own threads) run
// without a CPU, exactly as a platform without CPUs does.
#include <memory>
#include <unordered_map>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/cpu/cpu.h"
#include "wakesim/cpu/cpu_cluster.h"
#include "wakesim/cpu/cpu_system_params.h"

namespace wakesim {

class CpuSystem : public sc_core::sc_module {
 public:
  // Throws std::invalid_argument for no cluster, an empty cluster, a placement
  // naming a CPU that does not exist, or bad CPU parameters.
  CpuSystem(const sc_core::sc_module_name& name, const CpuSystemParams& params, EnergyLedger* ledger = nullptr);

  unsigned cpu_count() const { return static_cast<unsigned>(cpus_.size()); }
  // Throws std::out_of_range for a CPU that does not exist.
  Cpu& cpu(unsigned index) const;
  const std::vector<std::unique_ptr<CpuCluster>>& clusters() const { return clusters_; }
  const CpuSystemParams& params() const { return params_; }
  Cpu& client_cpu() const { return cpu(params_.placement.client); }
  Cpu& irq_cpu() const { return cpu(params_.placement.irq); }
  Cpu& pm_wq_cpu() const { return cpu(params_.placement.pm_wq); }
  Cpu& timer_cpu() const { return cpu(params_.placement.timer); }

  // The calling SystemC process runs on `cpu` from now on.
  void bind_current(Cpu& cpu);
  // The CPU of the calling process, or null if it never bound itself.
  Cpu* current_cpu() const;

  void close_accounting();
  // After close_accounting() and the ledger's reset (Cpu::reset_stats).
  void reset_stats();

 private:
  CpuSystemParams params_;
  std::vector<std::unique_ptr<CpuCluster>> clusters_;
  std::vector<std::unique_ptr<Cpu>> cpus_;
  std::unordered_map<const sc_core::sc_object*, Cpu*> bound_;
};

}  // namespace wakesim

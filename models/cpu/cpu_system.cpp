#include "wakesim/cpu/cpu_system.h"

#include <stdexcept>
#include <string>

namespace wakesim {

namespace {

const CpuSystemParams& validated(const CpuSystemParams& params) {
  if (params.clusters.empty()) throw std::invalid_argument("a CPU system needs a cluster");
  unsigned count = 0;
  for (const CpuClusterSpec& cluster : params.clusters) {
    if (cluster.cpus == 0) throw std::invalid_argument("CPU cluster " + cluster.name + " has no CPU");
    count += cluster.cpus;
  }
  const CpuPlacement& p = params.placement;
  for (unsigned cpu : {p.client, p.irq, p.pm_wq, p.timer})
    if (cpu >= count)
      throw std::invalid_argument("software placed on cpu" + std::to_string(cpu) + ", but there are " +
                                  std::to_string(count) + " CPUs");
  return params;
}

// Null outside a process (elaboration): nothing is bound there.
const sc_core::sc_object* current_process() {
  const sc_core::sc_process_handle handle = sc_core::sc_get_current_process_handle();
  return handle.valid() ? handle.get_process_object() : nullptr;
}

}  // namespace

CpuSystem::CpuSystem(const sc_core::sc_module_name& name, const CpuSystemParams& params, EnergyLedger* ledger)
    : sc_core::sc_module(name), params_(validated(params)) {
  for (const CpuClusterSpec& spec : params_.clusters) {
    clusters_.push_back(std::make_unique<CpuCluster>(spec.name.c_str(), spec.cluster, ledger));
    for (unsigned i = 0; i < spec.cpus; ++i) {
      const std::string cpu_name = "cpu" + std::to_string(cpus_.size());
      cpus_.push_back(std::make_unique<Cpu>(cpu_name.c_str(), spec.cpu, ledger));
      clusters_.back()->add(*cpus_.back());
    }
  }
}

Cpu& CpuSystem::cpu(unsigned index) const {
  if (index >= cpus_.size()) throw std::out_of_range("no cpu" + std::to_string(index));
  return *cpus_[index];
}

void CpuSystem::bind_current(Cpu& cpu) { bound_[current_process()] = &cpu; }

Cpu* CpuSystem::current_cpu() const {
  const sc_core::sc_object* process = current_process();
  if (!process) return nullptr;
  const auto it = bound_.find(process);
  return it == bound_.end() ? nullptr : it->second;
}

void CpuSystem::close_accounting() {
  for (const auto& cpu : cpus_) cpu->close_accounting();
}

void CpuSystem::reset_stats() {
  for (const auto& cpu : cpus_) cpu->reset_stats();
  for (const auto& cluster : clusters_) cluster->reset_stats();
}

}  // namespace wakesim

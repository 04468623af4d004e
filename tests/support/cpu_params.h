#pragma once
// CPU parameters shared by the CPU tests, chosen so every expected time is easy
// to work by hand: WFI 1/1/2 us, core off 10/10/100 us (the PSCI binding's
// example CPU power-down), cluster off 500/500/2000 us (its cluster retention).
#include "support/power_params.h"
#include "wakesim/cpu/cpu_system_params.h"

namespace wakesim::test {

inline CpuParams test_cpu() {
  CpuParams cpu;
  cpu.active_power = Power{0.100};
  cpu.idle_states = {{"WFI", us(1), us(1), us(2), Power{0.020}}, {"core_off", us(10), us(10), us(100), Power{0.001}}};
  return cpu;
}

inline CpuIdleState test_cluster_off() { return {"cluster_off", us(500), us(500), us(2000), Power{0.002}}; }

// One cluster of `cpus` test CPUs; with `cluster_off`, the cluster may power off.
inline CpuSystemParams test_cpus(unsigned cpus, bool cluster_off = false) {
  CpuSystemParams params;
  CpuClusterSpec cluster;
  cluster.name = "little";
  cluster.cpus = cpus;
  cluster.cpu = test_cpu();
  cluster.cluster.on_power = Power{0.010};
  if (cluster_off) cluster.cluster.idle_states = {test_cluster_off()};
  params.clusters = {cluster};
  return params;
}

}  // namespace wakesim::test

#pragma once
// The CPUs of a platform: clusters of identical CPUs, where each piece of
// simulated software runs, and what that software costs (docs/cpu.md).
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/cpu/cpu_params.h"

namespace wakesim {

struct CpuClusterSpec {
  std::string name;
  unsigned cpus = 1;
  CpuParams cpu;
  CpuClusterParams cluster;
};

// Where the software runs: CPU numbers, counted across the clusters in order.
struct CpuPlacement {
  unsigned client = 0;  // dmaengine client threads (a client may name its own)
  unsigned irq = 0;     // the DMA controllers' interrupts and tasklets
  unsigned pm_wq = 0;   // pm_wq's kworkers (and genpd's power-off work), client helper threads
  unsigned timer = 0;   // the autosuspend hrtimers (armed on the CPU that ran put_autosuspend)
};

// CPU time of code the models run outside the runtime PM callbacks.
struct CpuSoftwareCosts {
  // Hard IRQ entry and the controller's handler, then the dmaengine tasklet that
  // runs the client's completion callback.
  sc_core::sc_time irq_handler = sc_core::sc_time(2, sc_core::SC_US);
  sc_core::sc_time tasklet = sc_core::sc_time(3, sc_core::SC_US);
  // The hrtimer interrupt running pm_suspend_timer_fn().
  sc_core::sc_time timer_handler = sc_core::sc_time(2, sc_core::SC_US);
};

struct CpuSystemParams {
  std::vector<CpuClusterSpec> clusters;
  CpuPlacement placement;
  CpuSoftwareCosts costs;
};

}  // namespace wakesim

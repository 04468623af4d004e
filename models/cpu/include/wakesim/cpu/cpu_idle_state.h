#pragma once
// One idle state of a CPU or of a cluster, as the kernel's device tree describes
// it (Documentation/devicetree/bindings/cpu/idle-states.yaml: entry-latency-us,
// exit-latency-us, min-residency-us), with the power drawn while in it.
#include <string>

#include <systemc>

#include "wakesim/core/units.h"

namespace wakesim {

struct CpuIdleState {
  std::string name;
  sc_core::sc_time entry_latency = sc_core::SC_ZERO_TIME;
  sc_core::sc_time exit_latency = sc_core::SC_ZERO_TIME;
  // The shortest stay for which entering is worth it (the governor's test).
  sc_core::sc_time target_residency = sc_core::SC_ZERO_TIME;
  // Drawn while resident; entry and exit draw the running (active) power.
  Power power;
};

}  // namespace wakesim

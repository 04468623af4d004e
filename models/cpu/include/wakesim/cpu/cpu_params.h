#pragma once
// Parameters of a CPU and of the cluster it belongs to (docs/cpu.md lists the
// defaults the platform files use and their sources).
#include <optional>
#include <vector>

#include <systemc>

#include "wakesim/core/units.h"
#include "wakesim/cpu/cpu_idle_state.h"

namespace wakesim {

struct CpuParams {
  // Drawn while the CPU runs kernel code.
  Power active_power;
  // Drawn while entering and leaving an idle state; unset: the first (WFI)
  // state's power. Most of a deep state's exit is the power-up sequence run by
  // firmware and the power controller, not code at full speed [assumed].
  std::optional<Power> transition_power;
  // Shallowest first; at least one (WFI). The cluster's states need every CPU
  // of the cluster in its deepest state.
  std::vector<CpuIdleState> idle_states;
  // PM QoS CPU latency limit (cpu_latency_qos): states that take longer to
  // leave are never chosen. Empty: no limit.
  std::optional<sc_core::sc_time> latency_limit;
};

struct CpuClusterParams {
  // Drawn by the cluster's shared logic (L2, its bus port) while it is not in
  // one of its idle states.
  Power on_power;
  // Cluster-level states (a PSCI domain idle state, cluster off), shallowest
  // first; may be empty.
  std::vector<CpuIdleState> idle_states;
};

}  // namespace wakesim

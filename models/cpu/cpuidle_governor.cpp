#include "wakesim/cpu/cpuidle_governor.h"

namespace wakesim {

std::optional<std::size_t> deepest_fitting_state(const std::vector<CpuIdleState>& states, std::size_t first,
                                                 const std::optional<sc_core::sc_time>& predicted_idle,
                                                 const std::optional<sc_core::sc_time>& latency_limit,
                                                 const sc_core::sc_time& extra_exit_latency) {
  std::optional<std::size_t> chosen;
  for (std::size_t i = first; i < states.size(); ++i) {
    const CpuIdleState& state = states[i];
    if (predicted_idle && state.target_residency > *predicted_idle) break;
    // dt_idle_states.c: a DT state's exit_latency is entry-latency-us + exit-latency-us.
    if (latency_limit && state.entry_latency + state.exit_latency + extra_exit_latency > *latency_limit) break;
    chosen = i;
  }
  return chosen;
}

std::size_t select_idle_state(const std::vector<CpuIdleState>& states,
                              const std::optional<sc_core::sc_time>& predicted_idle,
                              const std::optional<sc_core::sc_time>& latency_limit,
                              const sc_core::sc_time& extra_exit_latency) {
  return deepest_fitting_state(states, 1, predicted_idle, latency_limit, extra_exit_latency).value_or(0);
}

}  // namespace wakesim

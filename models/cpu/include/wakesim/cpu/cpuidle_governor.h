#pragma once
// The cpuidle governor in its simplest form, as menu and teo reduce to when the
// next timer event is the only prediction (drivers/cpuidle/governors/menu.c,
// teo.c): the deepest state whose target residency fits the predicted idle time
// and whose exit latency fits the PM QoS CPU latency limit, the exit latency being
// entry + exit as the kernel reads a DT state (drivers/cpuidle/dt_idle_states.c).
// The shallowest state (WFI) is always allowed.
#include <cstddef>
#include <optional>
#include <vector>

#include <systemc>

#include "wakesim/cpu/cpu_idle_state.h"

namespace wakesim {

// The deepest of states[first..] that fits, or none if states[first] does not:
// states are ordered shallowest first, so the search stops at the first state
// that does not fit (as menu's loop does). `predicted_idle` empty: no timer is due
// (idle for ever). `extra_exit_latency` is added to each state's exit latency
// before the limit test (a cluster state is left before its CPU's state).
std::optional<std::size_t> deepest_fitting_state(const std::vector<CpuIdleState>& states, std::size_t first,
                                                 const std::optional<sc_core::sc_time>& predicted_idle,
                                                 const std::optional<sc_core::sc_time>& latency_limit,
                                                 const sc_core::sc_time& extra_exit_latency = sc_core::SC_ZERO_TIME);

// A CPU's state: `states` non-empty; state 0 (WFI) when nothing deeper fits.
std::size_t select_idle_state(const std::vector<CpuIdleState>& states,
                              const std::optional<sc_core::sc_time>& predicted_idle,
                              const std::optional<sc_core::sc_time>& latency_limit,
                              const sc_core::sc_time& extra_exit_latency = sc_core::SC_ZERO_TIME);

}  // namespace wakesim

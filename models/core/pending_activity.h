#pragma once
// Whether any other SystemC process could act before a decoupled initiator's
// local time now + offset: a delta or timed notification, a runnable process or
// a pending update at or before it. When none can, nothing in the model (a power
// state, a reservation) can change before that time except through the caller
// itself, so synchronising first would give the same answer and cost a context
// switch (DESIGN.md §3: exact power states whatever the quantum).
#include <systemc>

namespace wakesim {

inline bool other_process_may_act_within(const sc_core::sc_time& offset) {
  return sc_core::sc_time_to_pending_activity(sc_core::sc_get_curr_simcontext()) <= offset;
}

}  // namespace wakesim

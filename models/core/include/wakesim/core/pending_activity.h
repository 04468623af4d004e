#pragma once
// Whether any other SystemC process could act before a decoupled initiator's
// local time now + offset: a delta or timed notification, a runnable process or
// a pending update at or before it. When none can, nothing in the model (a power
// state, a reservation) can change before that time except through the caller
// itself, so synchronising first would give the same answer and cost a context
// switch (docs/architecture.md, 'Timing model': exact power states whatever the quantum).
//
// The same answer as sc_time_to_pending_activity() <= offset, composed from the
// public simcontext queries it uses (pending activity now, the earliest timed
// notification) so that the hot path skips that call's frame and its
// sc_time_stamp() call; it runs two to three times per DMA burst.
#include <systemc>

namespace wakesim {

inline bool other_process_may_act_within(const sc_core::sc_time& offset) {
  const sc_core::sc_simcontext* context = sc_core::sc_get_curr_simcontext();
  if (context->pending_activity_at_current_time()) return true;
  sc_core::sc_time next = context->max_time();  // no timed notification: never
  context->next_time(next);
  return next - context->time_stamp() <= offset;
}

// A target's sync on arrival: waits out the transaction's annotated `delay`
// (and zeroes it) when another process could act before the transaction's
// time, so the target reads its shared state (power state, TLB, arbitration)
// in simulated-time order; otherwise leaves `delay` as it is, since nothing
// but the caller can change that state before then. A thread only.
inline void sync_on_arrival(sc_core::sc_time& delay) {
  if (delay == sc_core::SC_ZERO_TIME || !other_process_may_act_within(delay)) return;
  sc_core::wait(delay);
  delay = sc_core::SC_ZERO_TIME;
}

}  // namespace wakesim

#pragma once
// The current simulation time for hot paths. sc_time_stamp() is an out-of-line
// library call that looks up the simulation context each time; models read the
// time several times per transaction, so they use this inline equivalent (the
// same object: the context's current time).
#include <systemc>

namespace wakesim {

inline const sc_core::sc_time& sim_now() { return sc_core::sc_get_curr_simcontext()->time_stamp(); }

}  // namespace wakesim

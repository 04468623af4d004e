#pragma once
// Time helpers for hot paths, where the library's out-of-line calls add up
// (models read the time and convert picoseconds several times per transaction).
#include <cstdint>

#include <systemc>

namespace wakesim {

// sc_time_stamp(), inline: the same object (the context's current time).
inline const sc_core::sc_time& sim_now() { return sc_core::sc_get_curr_simcontext()->time_stamp(); }

// The delay from now until absolute time `at`; zero when `at` has passed.
inline sc_core::sc_time delay_until(const sc_core::sc_time& at) {
  const sc_core::sc_time& now = sim_now();
  return at > now ? at - now : sc_core::SC_ZERO_TIME;
}

// Waits until absolute time `at`, if it is ahead (a thread only).
inline void wait_until(const sc_core::sc_time& at) {
  const sc_core::sc_time now = sim_now();
  if (at > now) sc_core::wait(at - now);
}

// sc_time::from_value(ps) for a duration, without the library call: sc_time's
// inline multiplication by a double (it rounds ps * 1.0 + 0.5 down) is exact
// for every integer below 2^52 (75 minutes in ps), which covers any queueing
// delay; larger values take the library call.
inline sc_core::sc_time duration_of_ps(std::uint64_t ps) {
  static const sc_core::sc_time one_ps = sc_core::sc_time::from_value(1);
  if (ps < (std::uint64_t{1} << 52)) return one_ps * static_cast<double>(ps);
  return sc_core::sc_time::from_value(ps);
}

}  // namespace wakesim

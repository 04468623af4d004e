#pragma once
// Parameter shorthands shared by the runtime PM tests: times in microseconds.
#include <systemc>

#include "wakesim/power/pm_core.h"
#include "wakesim/power/timed_callbacks.h"

namespace wakesim::test {

inline sc_core::sc_time us(double value) { return sc_core::sc_time(value, sc_core::SC_US); }

// Driver callbacks taking `suspend_us` and `resume_us`, no energy.
inline TimedCallbacksParams timed(double suspend_us, double resume_us) {
  TimedCallbacksParams params;
  params.suspend_duration = us(suspend_us);
  params.resume_duration = us(resume_us);
  return params;
}

// A runtime PM core whose pm_wq dispatches after `latency_us`.
inline PmCoreParams wq_latency(double latency_us) {
  PmCoreParams params;
  params.pm_wq_dispatch_latency = us(latency_us);
  return params;
}

}  // namespace wakesim::test

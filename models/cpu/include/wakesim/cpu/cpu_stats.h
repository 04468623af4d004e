#pragma once
// What one CPU did: code run and wakeups by cause, time in each idle state.
#include <array>
#include <cstdint>
#include <vector>

#include <systemc>

#include "wakesim/cpu/cpu_cause.h"

namespace wakesim {

struct CpuStats {
  // Code run, by cause (up to the last accounting; work reserved past it is not counted).
  std::array<sc_core::sc_time, kCpuCauseCount> busy{};
  // Wakeups out of an idle state, by the cause of the work that needed the CPU.
  std::array<std::uint64_t, kCpuCauseCount> wakeups{};
  // Per idle state: time from entering it to the wakeup, and times entered.
  std::vector<sc_core::sc_time> residency;
  std::vector<std::uint64_t> entries;
  // Time spent leaving idle states (unfinished entry, the cluster's exit, the
  // CPU's exit) before the work that woke it could start.
  sc_core::sc_time waking = sc_core::SC_ZERO_TIME;

  sc_core::sc_time busy_total() const {
    sc_core::sc_time total = sc_core::SC_ZERO_TIME;
    for (const sc_core::sc_time& t : busy) total += t;
    return total;
  }
  std::uint64_t wakeups_total() const {
    std::uint64_t total = 0;
    for (std::uint64_t n : wakeups) total += n;
    return total;
  }
};

}  // namespace wakesim

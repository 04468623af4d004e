#pragma once
// Per-channel statistics of a DMA controller. Counts are exact; latency is a
// bounded-memory histogram (docs/architecture.md, 'Energy and latency accounting').
#include <cstdint>

#include <systemc>

#include "wakesim/core/field_sum.h"
#include "wakesim/core/latency_histogram.h"

namespace wakesim {

struct DmaChannelStats {
  std::uint64_t jobs = 0;     // memcpy / scatter-gather descriptors completed ok
  std::uint64_t periods = 0;  // cyclic periods completed ok
  std::uint64_t errors = 0;   // error completions (bus_errors + power_errors)
  std::uint64_t bus_errors = 0;
  std::uint64_t power_errors = 0;  // fail mode: the controller was not ACTIVE
  std::uint64_t terminated = 0;    // descriptors dropped by terminate_all (queued or running)
  std::uint64_t bytes = 0;         // bytes written by bursts that completed ok
  std::uint64_t bursts = 0;        // bursts completed ok (one read + one write each)
  // Descriptor (or cyclic period) programming: each pays the setup latency and
  // the per-descriptor energy.
  std::uint64_t setups = 0;
  // Descriptors that found the controller not ACTIVE when they had to move data
  // (counted once per descriptor, in both modes).
  std::uint64_t issued_while_suspended = 0;
  std::uint64_t stalls = 0;  // stall mode: waits for the controller to become ACTIVE
  sc_core::sc_time stall_time = sc_core::SC_ZERO_TIME;
  // submit() -> completion interrupt of memcpy / scatter-gather descriptors that
  // completed ok, in picoseconds.
  LatencyHistogram latency;

  // Every field, in declaration order (core/field_sum.h).
  template <class Self>
  static auto fields_of(Self& s) {
    return std::tie(s.jobs, s.periods, s.errors, s.bus_errors, s.power_errors, s.terminated, s.bytes, s.bursts,
                    s.setups, s.issued_while_suspended, s.stalls, s.stall_time, s.latency);
  }
  DmaChannelStats& operator+=(const DmaChannelStats& other) {
    add_fields(fields_of(*this), fields_of(other));
    return *this;
  }
  friend bool operator==(const DmaChannelStats& a, const DmaChannelStats& b) { return fields_of(a) == fields_of(b); }
};

}  // namespace wakesim

#pragma once
// Statistics of one upstream port of the IOMMU. Times are SystemC times;
// histograms hold picoseconds.
#include <cstdint>

#include <systemc>

#include "wakesim/core/field_sum.h"
#include "wakesim/core/latency_histogram.h"

namespace wakesim {

struct IommuPortStats {
  std::uint64_t transactions = 0;  // every b_transport on the port
  std::uint64_t bytes = 0;         // data length of those forwarded with an OK response
  std::uint64_t tlb_hits = 0;      // per translated piece (a split transaction looks up twice)
  std::uint64_t tlb_misses = 0;
  std::uint64_t walks = 0;
  // Misses that, after waiting for a walk slot, found the page in the TLB (filled
  // by the walk they queued behind) and did not walk.
  std::uint64_t merged_misses = 0;
  LatencyHistogram walk_latency;         // slot admission to walk end, per walk
  LatencyHistogram walk_queueing;        // miss to slot admission, per miss that asked for a slot
  std::uint64_t split_transactions = 0;  // crossed a page and went downstream in pieces
  // Faults (each also in the fault log, with an interrupt).
  std::uint64_t translation_faults = 0;
  std::uint64_t permission_faults = 0;
  std::uint64_t context_faults = 0;
  std::uint64_t walk_aborts = 0;
  // Refused while the IOMMU was suspended or the port gated (abort mode).
  std::uint64_t suspended_aborts = 0;
  // Forwarded untranslated while the IOMMU was suspended or the port gated
  // (bypass mode), and the bytes of those that completed OK.
  std::uint64_t isolation_violations = 0;
  std::uint64_t isolation_bytes = 0;
  // Forwarded untranslated because the stream has no context (unbound bypass).
  std::uint64_t unbound_bypassed = 0;
  // Held until the IOMMU was ACTIVE and the port ungated (stall mode).
  std::uint64_t stalls = 0;
  sc_core::sc_time stall_time = sc_core::SC_ZERO_TIME;
  // Downstream error responses to translated or bypassed traffic.
  std::uint64_t downstream_errors = 0;

  std::uint64_t faults() const {
    return translation_faults + permission_faults + context_faults + walk_aborts + suspended_aborts;
  }

  // Every field, in declaration order (core/field_sum.h).
  template <class Self>
  static auto fields_of(Self& s) {
    return std::tie(s.transactions, s.bytes, s.tlb_hits, s.tlb_misses, s.walks, s.merged_misses, s.walk_latency,
                    s.walk_queueing, s.split_transactions, s.translation_faults, s.permission_faults, s.context_faults,
                    s.walk_aborts, s.suspended_aborts, s.isolation_violations, s.isolation_bytes, s.unbound_bypassed,
                    s.stalls, s.stall_time, s.downstream_errors);
  }
  IommuPortStats& operator+=(const IommuPortStats& other) {
    add_fields(fields_of(*this), fields_of(other));
    return *this;
  }
  friend bool operator==(const IommuPortStats& a, const IommuPortStats& b) { return fields_of(a) == fields_of(b); }
};

}  // namespace wakesim

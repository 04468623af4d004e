#pragma once
// A bridge between two interconnect segments (docs/architecture.md, 'Layers',
// 'Timing model'): a loosely-timed TLM-2.0 target on its upstream segment and an
// initiator on its downstream one. It carries a segment's traffic for the
// address ranges that lie beyond it, as an asynchronous (clock-domain-crossing)
// AXI bridge does.
//
// The upstream interconnect hands over the target-local offset (address minus
// the base of the range mapped to the bridge); the bridge adds `address_offset`
// (that base) back, so the downstream segment decodes the global address, and
// restores the offset before returning.
//
// Timing of a transaction of `length` bytes arriving at t = sc_time_stamp() + delay:
//   transfer = ceil(length / data_width) periods of the bridge's clock;
//   start    = the earliest time >= t at which the bridge's link is free for
//              `transfer` (a ReservationTimeline: traffic crossing one bridge queues);
//   the downstream segment sees delay = start + transfer + latency - sc_time_stamp().
// The latency is pipelined (it delays but does not occupy the link). So a
// transaction crossing one bridge to a target takes: segment A's hop and
// transfer, the bridge's wait, transfer and latency, segment B's hop and
// transfer, and the target's own time.
//
// Errors (nothing is forwarded, no link time): the bridge's power domain is OFF:
// TLM_GENERIC_ERROR_RESPONSE, no delay added. An address the downstream segment
// does not map comes back from it as TLM_ADDRESS_ERROR_RESPONSE.
//
// Statistics: transactions forwarded, bytes completed OK, the wait distribution,
// busy time (transfer time booked), power errors and errors answered downstream.
// transport_dbg() forwards with the same address arithmetic and no timing.
// b_transport() allocates nothing and formats nothing.
#include <cstdint>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/bus/link_timing.h"
#include "wakesim/bus/reservation_timeline.h"
#include "wakesim/core/latency_histogram.h"
#include "wakesim/core/units.h"

namespace wakesim {

class PowerDomain;

// docs/parameters.md has no public anchor for a bridge: the defaults are
// assumptions for a 64-bit asynchronous AXI bridge, to be swept.
struct BridgeParams {
  // [assumption] two cycles of synchroniser on each side at 400 MHz.
  sc_core::sc_time latency = sc_core::sc_time(10, sc_core::SC_NS);
  // [assumption] a 64-bit link.
  unsigned data_width_bytes = 8;
  // [assumption] the I/O fabric's clock. The period is rounded to whole ps.
  Frequency clock{400e6};
  // The bridge's power domain; null: always on.
  const PowerDomain* domain = nullptr;
  // Added to the address before forwarding: the base of the range the upstream
  // segment maps to the bridge (the builder sets it).
  std::uint64_t address_offset = 0;
};

class Bridge : public sc_core::sc_module {
 public:
  struct Stats {
    std::uint64_t transactions = 0;   // forwarded downstream (timed)
    std::uint64_t bytes = 0;          // of those completed OK
    LatencyHistogram wait;            // start - arrival, per forwarded transaction
    std::uint64_t busy_ps = 0;        // transfer time booked
    std::uint64_t power_errors = 0;   // refused: the bridge's domain was OFF
    std::uint64_t target_errors = 0;  // answered downstream with an error
  };

  tlm_utils::simple_target_socket<Bridge> in;      // bound by the upstream segment
  tlm_utils::simple_initiator_socket<Bridge> out;  // bound to the downstream segment

  // Throws std::invalid_argument for a zero data width or a clock that is not
  // positive and finite or faster than 1 THz.
  Bridge(const sc_core::sc_module_name& name, const BridgeParams& params);

  // ceil(bytes / data_width) clock periods.
  sc_core::sc_time transfer_time(std::uint64_t bytes) const { return link_timing_.transfer_time(bytes); }
  const BridgeParams& params() const { return params_; }
  const Stats& stats() const { return stats_; }
  void reset_stats() { stats_ = Stats{}; }

 private:
  static BridgeParams validated(const std::string& name, const BridgeParams& params);
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& tx);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);

  BridgeParams params_;
  LinkTiming link_timing_;
  ReservationTimeline link_;
  Stats stats_;
};

}  // namespace wakesim

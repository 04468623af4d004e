#pragma once
// An SoC interconnect (docs/architecture.md, 'Layers', 'Timing model', 'Energy and latency accounting') as a
// loosely-timed TLM-2.0 router: any number of initiators bind to `in`, any number of targets to `out`, and an address
// map routes each transaction to one target port.
//
// Time order (`sync_on_arrival`, the default): b_transport() first waits until
// the transaction's local time t = sc_time_stamp() + delay, so the bus arbitrates
// and reads power states in simulated-time order whatever the initiators' quanta
// are (docs/architecture.md, 'Timing model': the quantum must not change the answer; with two Poisson
// sources at rho 0.6 on one port, booking out of order at a 1 us quantum raised
// the mean wait by 70%). It waits only when some other process could run before
// t (SystemC has activity pending before t: sc_time_to_pending_activity() <=
// delay); otherwise nothing can change a power state or reach the bus before t,
// so booking at once gives the same answer without the context switch, and the
// caller stays at its SystemC time (its delay counts from there, as TLM-2.0 LT
// allows). b_transport() must be called from a thread, which TLM-2.0 requires
// anyway. Without `sync_on_arrival`, transactions are booked in call order at
// their local times (faster, and exact only when calls come in time order).
//
// Timing of a transaction of `length` bytes arriving at time t, on its way to
// target port p:
//   transfer = ceil(length / data_width) clock cycles;
//   start    = the earliest time >= t at which port p is free for `transfer`
//              (its ReservationTimeline; with `initiator_port_contention`, the
//              initiator's port must be free for the same interval as well);
//   the target sees delay = start + transfer + hop_latency - sc_time_stamp(),
//   and adds its own time to it.
// The wait start - t is the queueing delay, recorded per port. The hop latency is
// pipelined: it delays the transaction but does not occupy the port.
//
// Statistics (PortStats, per initiator and per target port): transactions and
// bytes, the wait distribution, and the busy time: the sum of the transfer times
// of the transactions forwarded through the port (whole clock cycles, so a length
// that is not a multiple of the data width counts its last, partial beat whole).
// On a target port transfers never overlap, so busy / elapsed time is the port's
// utilisation; an initiator's transfers to different targets overlap unless
// `initiator_port_contention` is set, so its busy time can exceed the elapsed
// time. reset_stats() restarts them all (the end of a warm-up).
//
// Errors (the target is not called, no data moves, no energy, no port time):
// - the bus's own domain is OFF: TLM_GENERIC_ERROR_RESPONSE, no delay added;
// - no single mapped range holds [address, address + length):
//   TLM_ADDRESS_ERROR_RESPONSE after one hop latency;
// - the target's domain (given to map()) is OFF: TLM_GENERIC_ERROR_RESPONSE
//   after one hop latency.
// Domain states are read when the transaction is handled, which is at its
// arrival time or before it with nothing able to change them in between, with
// `sync_on_arrival`; without it an initiator that runs ahead must sync before
// touching anything whose power state can change (docs/architecture.md, 'Timing model').
//
// The address is translated to the target's local offset (address - base) while
// the target runs and restored before returning. transport_dbg() routes the same
// way, with no timing, statistics or power checks (it is the backdoor). No DMI:
// get_direct_mem_ptr() always returns false, so every access is timed.
//
// Energy: `energy_per_byte` for every byte of a transaction the target completed
// with TLM_OK_RESPONSE, as an exact event count (component = name(),
// "event:byte"). The bus's static power belongs to its PowerDomain.
//
// b_transport() and the address decode allocate nothing and format nothing (the
// reservation timelines grow once, to their working size, and then stay).
#include <cstdint>
#include <memory>
#include <vector>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/bus/address_map.h"
#include "wakesim/bus/link_timing.h"
#include "wakesim/bus/reservation_timeline.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/latency_histogram.h"
#include "wakesim/core/units.h"

namespace wakesim {

class PowerDomain;

// docs/parameters.md has no public anchor for an interconnect's latency or energy:
// the defaults are assumptions for a 128-bit AXI-class fabric, to be swept.
struct InterconnectParams {
  // [assumption] two cycles at 400 MHz per hop (request plus response slice).
  sc_core::sc_time hop_latency = sc_core::sc_time(5, sc_core::SC_NS);
  // [assumption] 128-bit data path.
  unsigned data_width_bytes = 16;
  // [assumption] a typical I/O fabric clock. The period is rounded to whole ps.
  Frequency clock{400e6};
  // [assumption] order of magnitude of one SRAM access per byte: Horowitz, ISSCC
  // 2014, 45 nm, 8 KB 64-bit SRAM read ~10 pJ / 8 B (docs/parameters.md, 'Energy anchors').
  Energy energy_per_byte{1.25e-12};
  // Also reserve the initiator's port for the transfer (a crossbar whose master
  // links are as narrow as its slave links); otherwise only target ports queue.
  bool initiator_port_contention = false;
  // Wait until each transaction's arrival time before arbitrating (see above).
  bool sync_on_arrival = true;
  // The bus's own power domain; null: always on.
  const PowerDomain* domain = nullptr;
};

class Interconnect : public sc_core::sc_module {
 public:
  // Per-port statistics. Times are picoseconds.
  struct PortStats {
    std::uint64_t transactions = 0;   // forwarded to a target (timed)
    std::uint64_t bytes = 0;          // of those the target completed OK
    LatencyHistogram wait;            // queueing: start - arrival, per forwarded transaction
    std::uint64_t unmapped = 0;       // address errors (initiator ports only)
    std::uint64_t power_errors = 0;   // the bus's or the target's domain was OFF
    std::uint64_t target_errors = 0;  // the target answered with an error
    std::uint64_t busy_ps = 0;        // transfer time of the forwarded transactions

    // busy_ps / window_ps (0 for an empty window).
    double utilisation(std::uint64_t window_ps) const {
      return window_ps == 0 ? 0.0 : static_cast<double>(busy_ps) / static_cast<double>(window_ps);
    }
  };

  // Initiators bind here; binding order gives the initiator port number.
  tlm_utils::multi_passthrough_target_socket<Interconnect> in;
  // Bound to targets; binding order gives the target port number used by map().
  tlm_utils::multi_passthrough_initiator_socket<Interconnect> out;

  // Registers the "event:byte" account in `ledger` (component = name()); with a
  // null ledger the bus keeps a private one. Throws std::invalid_argument for a
  // zero data width, a clock that is not positive and finite or faster than
  // 1 THz, or a negative or non-finite energy.
  Interconnect(const sc_core::sc_module_name& name, const InterconnectParams& params, EnergyLedger* ledger = nullptr);

  // Routes [base, base + size) to target port `port`, whose power domain is
  // `domain` (null: always on). Elaboration only. Throws std::invalid_argument for
  // a zero size or an overlap (the message names both ranges), std::logic_error
  // once elaboration has finished. end_of_elaboration() throws
  // std::invalid_argument if a mapped port has no target bound.
  void map(std::size_t port, std::uint64_t base, std::uint64_t size, const PowerDomain* domain = nullptr);
  const AddressMap& address_map() const { return map_; }

  // ceil(bytes / data_width) clock periods.
  sc_core::sc_time transfer_time(std::uint64_t bytes) const { return link_timing_.transfer_time(bytes); }
  sc_core::sc_time clock_period() const { return sc_core::sc_time::from_value(link_timing_.period_ps()); }
  const InterconnectParams& params() const { return params_; }

  // Statistics; ports exist from end of elaboration (target ports from map() too).
  std::size_t initiator_port_count() const { return initiator_ports_.size(); }
  std::size_t target_port_count() const { return target_ports_.size(); }
  const PortStats& initiator_port(std::size_t port) const { return initiator_ports_.at(port).stats; }
  const PortStats& target_port(std::size_t port) const { return target_ports_.at(port).stats; }
  // Time booked on a port's reservation timeline so far.
  sc_core::sc_time target_port_busy_time(std::size_t port) const;
  std::uint64_t unmapped_accesses() const { return unmapped_; }
  std::uint64_t bus_off_accesses() const { return bus_off_; }
  std::uint64_t target_off_accesses() const { return target_off_; }
  std::uint64_t bytes_transferred() const { return bytes_; }
  EnergyLedger& ledger() { return ledger_; }
  // Forgets every statistic (the port timelines keep their bookings).
  void reset_stats();

 private:
  struct Port {
    ReservationTimeline timeline;
    PortStats stats;
  };

  static InterconnectParams validated(const std::string& name, const InterconnectParams& params);
  void end_of_elaboration() override;
  void grow_target_ports(std::size_t count);

  void b_transport(int id, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned int transport_dbg(int id, tlm::tlm_generic_payload& tx);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  void invalidate_direct_mem_ptr(int id, sc_dt::uint64 start, sc_dt::uint64 end);

  bool refuse_if_off(Port& source, const AddressMapping& route, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  std::uint64_t reserve(Port& source, Port& target, std::uint64_t arrival_ps, std::uint64_t duration_ps,
                        std::uint64_t now_ps);
  void forward(Port& source, const AddressMapping& route, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void account(Port& source, Port& target, const tlm::tlm_generic_payload& tx);

  InterconnectParams params_;
  LinkTiming link_timing_;
  std::unique_ptr<EnergyLedger> own_ledger_;
  EnergyLedger& ledger_;
  EnergyLedger::EventAccount byte_energy_;
  AddressMap map_;
  // Sized during elaboration only, so references into them stay valid while simulating.
  std::vector<Port> initiator_ports_;
  std::vector<Port> target_ports_;
  bool elaborated_ = false;

  std::uint64_t unmapped_ = 0;
  std::uint64_t bus_off_ = 0;
  std::uint64_t target_off_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace wakesim

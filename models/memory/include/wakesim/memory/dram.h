#pragma once
// One DRAM channel as a loosely-timed TLM-2.0 target (docs/architecture.md, 'Layers', 'Timing model', 'Energy and
// latency accounting'), with a real sparse backing store so data moves functionally.
//
// Timing of an access of `length` bytes arriving at local time
// t = sc_time_stamp() + delay:
//   wake   = tXP if the device was in power-down, tXSR if in self-refresh, else 0;
//   row    = the worst row the access touches: 0 for a hit, tRCD for an ACT into
//            a precharged bank, tRP + tRCD for a conflict (the activations of one
//            access overlap, as they go to different banks);
//   ready  = t + wake + access_latency + row;
//   occupancy = length / bandwidth (rounded to whole ps) on the data bus's
//            ReservationTimeline: start = the earliest free slot >= ready, so
//            several masters share the bandwidth;
//   done   = start + occupancy, returned as delay = done - sc_time_stamp().
//
// Energy (component = name()): "event:bit_read" and "event:bit_write" per bit of
// every access's data length, "event:activate" per ACT (ACT+PRE pair), exact
// event counts; background power by state through a PowerStateResidency
// ("state:active_standby", "state:precharge_standby", "state:power_down",
// "state:self_refresh"). The device starts in precharge standby; an access puts
// it in active standby (open-page: rows stay open). After `power_down_timeout`
// of idleness it precharges all banks and enters power-down, after
// `self_refresh_timeout` self-refresh (both measured from the end of the last
// access; either may be absent). Those transitions are applied lazily, when the
// next access arrives or update_accounting() runs, at the exact times they were
// due. An access that arrives out of time order, before the end of the activity
// already booked, is taken as if the device were awake.
//
// Statistics: Stats (accesses, row outcomes, the data-bus wait), each bank's row
// outcomes (rows().bank_stats()), the data bus's busy time and the time in each
// power state (residency()). reset_stats() restarts them all (the end of a
// warm-up) without changing the device's state.
//
// Errors: an address range outside the memory -> TLM_ADDRESS_ERROR_RESPONSE; a
// zero streaming width -> TLM_BURST_ERROR_RESPONSE; a byte-enable pointer with a
// zero byte-enable length -> TLM_BYTE_ENABLE_ERROR_RESPONSE. Byte enables (any
// pattern, repeated every byte_enable_length bytes) and streaming (a streaming
// width below the length: the address wraps every streaming-width bytes) are
// supported. TLM_IGNORE_COMMAND completes OK without moving data or time.
//
// transport_dbg() is the backdoor: it reads or writes the backing store with no
// time, energy, row or power-state effect, clipped to the end of the memory.
// No DMI: get_direct_mem_ptr() returns false.
#include <cstdint>
#include <memory>
#include <optional>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/bus/reservation_timeline.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/field_sum.h"
#include "wakesim/core/latency_histogram.h"
#include "wakesim/core/power_state_residency.h"
#include "wakesim/core/units.h"
#include "wakesim/memory/row_buffer.h"
#include "wakesim/memory/sparse_memory.h"

namespace wakesim {

// Defaults: one LPDDR4-3200 x16 channel of a Micron 6 Gb die, from the memspec
// MICRON_6Gb_LPDDR4-3200_32bit_A.json in tukl-msd/DRAMPower (docs/parameters.md, 'Energy anchors'):
// clock 1600 MHz (tCK = 0.625 ns), 8 banks, 49152 rows, 1024 columns, 16 bit wide.
// Energies and background powers are the IDD-derived figures of docs/parameters.md, 'Energy anchors'.
struct DramParams {
  ByteSize size{768ull << 20};  // 8 banks x 49152 rows x 1024 columns x 2 B = 6 Gb
  // RL = 28 tCK = 17.5 ns (read latency; WL is shorter, one figure is used for both).
  sc_core::sc_time access_latency = sc_core::sc_time(17500, sc_core::SC_PS);
  // 3200 MT/s x 16 bit = 51.2 Gbit/s peak (docs/parameters.md, 'Energy anchors').
  Bandwidth bandwidth{6.4e9};
  unsigned banks = 8;                                                // nbrOfBanks
  ByteSize row_size{2048};                                           // 1024 columns x 16 bit
  sc_core::sc_time t_rcd = sc_core::sc_time(18125, sc_core::SC_PS);  // RCD = 29 tCK
  sc_core::sc_time t_rp = sc_core::sc_time(18125, sc_core::SC_PS);   // RPPB = 29 tCK
  Energy read_energy_per_bit{8.5e-12};                               // 5.3 pJ/bit core + 3.2 pJ/bit I/O
  Energy write_energy_per_bit{5.0e-12};
  Energy activation_energy{1.2e-9};  // one ACT+PRE pair
  Power active_standby{37e-3};
  Power precharge_standby{33e-3};
  Power power_down{5.5e-3};  // precharge power-down
  Power self_refresh{1.2e-3};
  // Idle timeouts are memory-controller policy, with no public default: off
  // unless a platform sets them. Measured from the end of the last access.
  std::optional<sc_core::sc_time> power_down_timeout;
  std::optional<sc_core::sc_time> self_refresh_timeout;                           // must exceed power_down_timeout
  sc_core::sc_time power_down_exit = sc_core::sc_time(7500, sc_core::SC_PS);      // XP = 12 tCK
  sc_core::sc_time self_refresh_exit = sc_core::sc_time(286250, sc_core::SC_PS);  // XSR = 458 tCK
};

class Dram : public sc_core::sc_module {
 public:
  // Indices of the residency states.
  enum PowerState : std::size_t { active_standby, precharge_standby, power_down, self_refresh };

  struct Stats {
    std::uint64_t reads = 0;
    std::uint64_t writes = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t bytes_written = 0;
    std::uint64_t row_hits = 0;
    std::uint64_t row_empty = 0;      // ACT into a precharged bank
    std::uint64_t row_conflicts = 0;  // PRE + ACT
    std::uint64_t address_errors = 0;
    std::uint64_t burst_errors = 0;
    std::uint64_t byte_enable_errors = 0;
    LatencyHistogram wait;  // ps from ready to the start of the data transfer
    std::uint64_t activations() const { return row_empty + row_conflicts; }

    // Every field, in declaration order (core/field_sum.h).
    template <class Self>
    static auto fields_of(Self& s) {
      return std::tie(s.reads, s.writes, s.bytes_read, s.bytes_written, s.row_hits, s.row_empty, s.row_conflicts,
                      s.address_errors, s.burst_errors, s.byte_enable_errors, s.wait);
    }
    Stats& operator+=(const Stats& other) {
      add_fields(fields_of(*this), fields_of(other));
      return *this;
    }
    friend bool operator==(const Stats& a, const Stats& b) { return fields_of(a) == fields_of(b); }
  };

  tlm_utils::simple_target_socket<Dram> socket;

  // Registers its accounts in `ledger` (component = name()); with a null ledger it
  // keeps a private one. Throws std::invalid_argument for a zero size, banks or
  // row size, a bandwidth that is not positive and finite, a negative or
  // non-finite energy or power, or a self-refresh timeout not above the
  // power-down timeout.
  Dram(const sc_core::sc_module_name& name, const DramParams& params = DramParams(), EnergyLedger* ledger = nullptr);

  // Backdoor: the backing store directly (what transport_dbg uses). Throws
  // std::out_of_range outside the memory.
  void backdoor_write(std::uint64_t address, const void* data, std::uint64_t length);
  void backdoor_read(std::uint64_t address, void* data, std::uint64_t length) const;
  const SparseMemory& storage() const { return storage_; }

  // length / bandwidth, rounded to whole picoseconds.
  sc_core::sc_time occupancy(std::uint64_t bytes) const;
  // Data-bus time booked since construction or reset_stats().
  sc_core::sc_time busy_time() const { return sc_core::sc_time::from_value(data_bus_.busy_ps() - busy_ps_at_reset_); }

  // Applies the idle transitions due by now and flushes residency and static
  // energy up to now (or to the start of the last access, if that is later).
  // Call before reading residency() or the ledger.
  void update_accounting();
  // update_accounting(), then forgets every statistic: counts, row outcomes,
  // busy time and residency restart from now (from the start of the last access
  // if that is later).
  void reset_stats();
  PowerState power_state() const { return static_cast<PowerState>(residency_.current_state()); }
  const PowerStateResidency& residency() const { return residency_; }
  const RowBuffer& rows() const { return rows_; }
  const Stats& stats() const { return stats_; }
  const DramParams& params() const { return params_; }
  EnergyLedger& ledger() { return ledger_; }

 private:
  static DramParams validated(const std::string& name, const DramParams& params);

  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& tx);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);

  tlm::tlm_response_status check(const tlm::tlm_generic_payload& tx);
  std::uint64_t wake_up(std::uint64_t arrival_ps);
  void settle(std::uint64_t time_ps);
  std::uint64_t open_rows(std::uint64_t address, std::uint64_t footprint);
  void move_data(tlm::tlm_generic_payload& tx);
  void move_bytes_one_by_one(tlm::tlm_generic_payload& tx);
  void count_data(const tlm::tlm_generic_payload& tx);

  DramParams params_;
  std::unique_ptr<EnergyLedger> own_ledger_;
  EnergyLedger& ledger_;
  EnergyLedger::EventAccount read_energy_;
  EnergyLedger::EventAccount write_energy_;
  EnergyLedger::EventAccount activation_energy_;
  PowerStateResidency residency_;
  SparseMemory storage_;
  RowBuffer rows_;
  ReservationTimeline data_bus_;
  std::uint64_t activity_until_ps_;  // end of the latest access booked
  std::uint64_t busy_ps_at_reset_ = 0;
  Stats stats_;
  // occupancy() of the last length seen: traffic repeats one burst size, and
  // the division and rounding would otherwise run on every access.
  mutable std::uint64_t last_occupancy_bytes_ = ~std::uint64_t{0};
  mutable std::uint64_t last_occupancy_ps_ = 0;
  std::uint64_t occupancy_ps(std::uint64_t bytes) const;
};

}  // namespace wakesim

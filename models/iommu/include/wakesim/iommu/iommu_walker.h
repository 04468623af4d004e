#pragma once
// The IOMMU's hardware page-table walker (docs/architecture.md, 'The IOMMU'): each level's PTE is a
// real TLM read through the walker's initiator socket, so walks contend with DMA
// traffic on the interconnect and in DRAM, and their latency is whatever the
// memory system makes it. Decoding is PageTableWalk's, the same step-by-step
// walk the driver's software walk uses.
//
// A walk (walk()), called by the thread whose transaction missed in the TLB,
// holding a slot from acquire() and synced to the time the walk starts:
//   1. walk cache (if it has entries): one lookup, lookup_latency_cycles x the
//      IOMMU clock; a hit starts the walk at the cached table's level
//      (PageTableWalk::from_level), skipping that many PTE reads;
//   2. one read of pte_bytes() per remaining level, each issued when the
//      previous one completed (the reads are dependent), through the socket with
//      the IOMMU's own StreamIdExtension (walker_stream_id); each read counts
//      one "event:pte_read";
//   3. the table descriptors read go into the walk cache;
//   4. the calling thread is synced to the walk's end, so the slot is released
//      (release()) at the exact time the walk finished.
// So a walk that starts at t ends at t + lookup + sum of its PTE read latencies.
// A PTE read with an error response ends the walk (a walk abort); an invalid PTE
// ends it with a translation fault at that level.
//
// One reusable payload and 8-byte buffer per walk slot; walk() allocates nothing.
#include <cstdint>
#include <memory>
#include <string>

#include <systemc>
#include <tlm>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/units.h"
#include "wakesim/iommu/page_table_walk.h"
#include "wakesim/iommu/tlb.h"
#include "wakesim/iommu/walk_cache.h"
#include "wakesim/iommu/walk_slots.h"

namespace wakesim {

struct IommuWalkerParams {
  // docs/parameters.md, 'Suggested defaults': 8 concurrent walks (MMU-500: 8 per TBU).
  unsigned slots = 8;
  WalkCacheParams walk_cache;
  // [assumption] the walker's own work per PTE read (request, response, decode),
  // about one 64-bit SRAM access (docs/parameters.md, 'Energy anchors'); the DRAM and bus charge
  // their own energy for the read.
  Energy pte_read_energy{10e-12};
  // The stream ID on the walker's PTE reads.
  std::uint32_t stream_id = 0xfffffff0u;
};

// What to walk: a context's table (format, root) for an IOVA, with the tags the
// walk cache files entries under.
struct IommuWalkRequest {
  const PageTableFormat* format = nullptr;
  std::uint64_t root = 0;
  std::uint32_t context = 0;
  std::uint32_t asid = 0;
  std::uint64_t iova = 0;
};

struct IommuWalkResult {
  bool translated = false;
  bool aborted = false;  // a PTE read got an error response
  tlm::tlm_response_status pte_response = tlm::TLM_OK_RESPONSE;
  TlbTranslation translation;  // translated only
  unsigned start_level = 0;    // > 0: a walk-cache hit skipped that many levels
  unsigned end_level = 0;      // where the walk ended (leaf, fault or abort)
  unsigned reads = 0;          // PTE reads issued
};

struct IommuWalkerStats {
  std::uint64_t walks = 0;
  std::uint64_t pte_reads = 0;
  std::uint64_t translated = 0;
  std::uint64_t faults = 0;
  std::uint64_t aborts = 0;
};

class IommuWalker {
 public:
  // `socket` is the IOMMU's walker socket (bound before the simulation runs);
  // `clock_period` the IOMMU clock (for the walk-cache lookup). Registers
  // (component, "event:pte_read") and the walk cache's account in `ledger`.
  // Throws std::invalid_argument for zero slots or a bad walk-cache geometry.
  IommuWalker(const IommuWalkerParams& params, sc_core::sc_time clock_period, tlm::tlm_initiator_socket<>& socket,
              EnergyLedger& ledger, const std::string& component);

  // Blocks the calling (synced) thread until a walk slot is free.
  unsigned acquire() { return slots_.acquire(); }
  void release(unsigned slot) { slots_.release(slot); }
  // The walk, starting now; returns with the caller synced to its end.
  IommuWalkResult walk(unsigned slot, const IommuWalkRequest& request);

  // The walk-cache lookup time (zero without a walk cache).
  sc_core::sc_time walk_cache_latency() const;
  WalkCache& walk_cache() { return cache_; }
  const WalkCache& walk_cache() const { return cache_; }
  const WalkSlots& slots() const { return slots_; }
  const IommuWalkerStats& stats() const { return stats_; }

 private:
  PageTableWalk start(const IommuWalkRequest& request, sc_core::sc_time& at, IommuWalkResult& result);
  // One PTE read at absolute time `at`; `at` becomes its completion. False on an
  // error response.
  bool read_pte(unsigned slot, std::uint64_t address, unsigned bytes, sc_core::sc_time& at, std::uint64_t& value);
  void fill_cache(const IommuWalkRequest& request, const PageTableWalk& walk);

  IommuWalkerParams params_;
  sc_core::sc_time clock_period_;
  tlm::tlm_initiator_socket<>& socket_;
  WalkSlots slots_;
  WalkCache cache_;
  EnergyLedger::EventAccount pte_account_;
  std::unique_ptr<tlm::tlm_generic_payload[]> payloads_;
  std::unique_ptr<unsigned char[]> buffers_;  // 8 bytes per slot
  IommuWalkerStats stats_;
};

}  // namespace wakesim

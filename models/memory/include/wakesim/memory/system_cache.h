#pragma once
// A system-level cache in front of the DRAM (docs/architecture.md, 'Layers'):
// a loosely-timed TLM-2.0 module between the DRAM's interconnect port and the
// DRAM, a set-associative store of line tags with LRU replacement.
//
// Which transactions it caches: an IOMMU walker's page-table reads (a payload
// whose StreamIdExtension names no DMA channel, as IommuWalker sends), and, with
// `cache_dma`, every other read too. Everything else passes straight through
// (counted as `bypassed`).
//
// Timing of a cacheable read arriving with delay d:
//   every line it touches present: a hit, delay = d + hit_latency (the data
//     comes from the DRAM's backdoor: the cache holds tags, the DRAM the data,
//     so a write that bypasses the cache can never leave it stale);
//   otherwise a miss: the lookup, then the DRAM: delay = what the DRAM returns
//     for d + hit_latency; then every line it touches is filled, each evicting
//     its set's least recently used line when the set is full.
// A write is forwarded unchanged (write-through, no allocate) and leaves the
// tags alone: the data of a cached line is always the DRAM's.
//
// Statistics: hits, misses, fills, evictions, bypassed. No allocation on the
// hot path: the tag store (a SetAssociativeStore of line numbers) is allocated
// whole at construction.
#include <cstdint>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/core/set_associative_store.h"
#include "wakesim/core/units.h"

namespace wakesim {

// docs/parameters.md has no public anchor for a phone SoC's system cache: the
// defaults are assumptions of its order (a few MiB, 16 ways, 64 B lines, tens
// of cycles), to be swept.
struct SystemCacheParams {
  ByteSize size{2u << 20};                                              // [assumption]
  unsigned ways = 16;                                                   // [assumption]
  ByteSize line{64};                                                    // [assumption] a power of two
  sc_core::sc_time hit_latency = sc_core::sc_time(20, sc_core::SC_NS);  // [assumption]
  bool cache_dma = false;  // also cache DMA reads, not only page-table walks
};

class SystemCache : public sc_core::sc_module {
 public:
  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t fills = 0;      // lines allocated
    std::uint64_t evictions = 0;  // valid lines replaced
    std::uint64_t bypassed = 0;   // not cacheable: writes, and DMA reads without cache_dma
  };

  tlm_utils::simple_target_socket<SystemCache> in;
  tlm_utils::simple_initiator_socket<SystemCache> out;

  // Throws std::invalid_argument unless the line is a power of two of at least
  // 8 B, ways >= 1, and the size a whole number of sets (size / (ways x line)).
  SystemCache(const sc_core::sc_module_name& name, const SystemCacheParams& params);

  const SystemCacheParams& params() const { return params_; }
  std::uint64_t sets() const { return sets_; }
  // Whether the line holding `address` is present (no LRU effect).
  bool holds(std::uint64_t address) const;
  const Stats& stats() const { return stats_; }
  void reset_stats() { stats_ = Stats{}; }

 private:
  static SystemCacheParams validated(const std::string& name, const SystemCacheParams& params);
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& tx);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  bool cacheable(tlm::tlm_generic_payload& tx) const;
  using TagStore = SetAssociativeStore<std::uint64_t>;  // the line number of each way
  bool all_present(std::uint64_t first_line, std::uint64_t last_line) const;
  void fill(std::uint64_t line);
  // The way holding `line`, or nullptr when absent.
  TagStore::Way* find(std::uint64_t line);
  const TagStore::Way* find(std::uint64_t line) const;
  std::uint32_t set_of(std::uint64_t line) const { return static_cast<std::uint32_t>(line % sets_); }

  SystemCacheParams params_;
  std::uint64_t sets_;
  unsigned line_shift_ = 0;
  TagStore tags_;
  Stats stats_;
};

}  // namespace wakesim

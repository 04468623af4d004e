#pragma once
// The IOMMU's walk cache (an SMMU's "page table walk cache", a SysMMU v3.2+
// FLPD cache): it remembers where the tables below the root are, so a walk for
// a nearby IOVA can start lower down and read fewer PTEs (docs/architecture.md, 'The IOMMU').
//
// An entry records one table descriptor the walker read: for context c and ASID
// a, the IOVA region covered by one entry of walk level l - 1 (entry_span(l - 1)
// bytes, aligned) has its level-l table at address T. Only table pointers are
// cached (levels 1 .. levels() - 1), never leaves: leaves belong to the TLB.
//
// lookup() returns the deepest cached table for an IOVA (the walk then starts
// there with PageTableWalk::from_level and skips `level` PTE reads). Hardware
// probes every level at once, so one lookup() is one lookup for the statistics
// and the energy, hit or miss, whatever the number of levels searched.
//
// Organisation: entries = sets x ways, ways == 0 (or ways == entries) fully
// associative; an entry of level l for region base B lives in set
// ((B >> index_shift(l - 1)) + l) % sets, so neighbouring regions spread over
// the sets and the levels of one IOVA do not all collide. Replacement is LRU;
// an invalid way is used first (a SetAssociativeStore holds the entries).
// entries == 0 means no walk cache: lookup() returns nothing and counts
// nothing, insert() does nothing.
//
// Invalidation mirrors the TLB's: by IOVA range (the entries of one context and
// ASID whose region overlaps it: unmapping a page drops the table pointers above
// it, which also covers tables that unmap freed), by ASID, by context, all; and
// clear() for contents lost to a power-off (counted as a flush).
//
// The cache is timeless; the walker adds the lookup latency. lookup() and
// insert() allocate nothing.
#include <cstdint>
#include <optional>
#include <string>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/set_associative_store.h"
#include "wakesim/core/units.h"
#include "wakesim/iommu/page_table_format.h"

namespace wakesim {

struct WalkCacheParams {
  std::uint32_t entries = 64;  // docs/parameters.md, 'Suggested defaults': 64 entries, 4-way (Cortex-A55, gem5 SMMUv3)
  std::uint32_t ways = 4;      // 0 = fully associative
  // In IOMMU clock cycles (the TLB's clock); gem5's SMMUv3 walk cache: 4 cycles.
  std::uint32_t lookup_latency_cycles = 1;
  // [assumption] one small SRAM read: Horowitz, ISSCC 2014, 45 nm, 32-bit read of
  // an 8 KB SRAM ~5 pJ (docs/parameters.md, 'Energy anchors').
  Energy lookup_energy{5e-12};
};

// Where a walk may start: the table of walk level `level` is at `table`.
struct WalkCacheHit {
  unsigned level = 0;
  std::uint64_t table = 0;
};

struct WalkCacheStats {
  std::uint64_t lookups = 0;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t levels_skipped = 0;  // sum over hits of the level the walk started at
  std::uint64_t insertions = 0;
  std::uint64_t evictions = 0;
  std::uint64_t invalidations = 0;
  std::uint64_t invalidated_entries = 0;
  std::uint64_t flushes = 0;
  std::uint64_t flushed_entries = 0;
};

class WalkCache {
 public:
  // Registers (component, "event:walk_cache_lookup", lookup_energy) in `ledger`
  // if one is given and entries > 0. Throws std::invalid_argument for ways that
  // do not divide entries.
  explicit WalkCache(const WalkCacheParams& params, EnergyLedger* ledger = nullptr,
                     const std::string& component = "walk_cache");

  bool enabled() const { return params_.entries > 0; }
  std::optional<WalkCacheHit> lookup(std::uint32_t context, std::uint32_t asid, const PageTableFormat& format,
                                     std::uint64_t iova);
  // Caches "the level-`level` table for iova's region is at `table`" (1 <= level < levels()).
  void insert(std::uint32_t context, std::uint32_t asid, const PageTableFormat& format, unsigned level,
              std::uint64_t iova, std::uint64_t table);

  std::size_t invalidate_range(std::uint32_t context, std::uint32_t asid, std::uint64_t iova, std::uint64_t size);
  std::size_t invalidate_asid(std::uint32_t asid);
  std::size_t invalidate_context(std::uint32_t context);
  std::size_t invalidate_all();
  std::size_t clear();

  std::size_t valid_entries() const;
  std::uint32_t sets() const { return store_.sets(); }
  std::uint32_t ways() const { return store_.ways(); }
  std::uint32_t lookup_latency_cycles() const { return params_.lookup_latency_cycles; }
  const WalkCacheStats& stats() const { return stats_; }
  void reset_stats() { stats_ = WalkCacheStats{}; }

 private:
  // The tag and data of one way (its valid bit and stamp are the store's).
  struct Entry {
    std::uint64_t region_base = 0;
    std::uint64_t region_mask = 0;  // entry_span(level - 1) - 1
    std::uint64_t table = 0;
    std::uint32_t context = 0;
    std::uint32_t asid = 0;
    unsigned level = 0;
  };
  using Store = SetAssociativeStore<Entry>;
  using Way = Store::Way;

  std::uint32_t set_of(const PageTableFormat& format, unsigned level, std::uint64_t base) const {
    return static_cast<std::uint32_t>(((base >> format.index_shift(level - 1)) + level) % store_.sets());
  }
  Way* find(std::uint32_t context, std::uint32_t asid, const PageTableFormat& format, unsigned level,
            std::uint64_t iova);
  // store_.remove_if counted as one invalidation.
  template <typename Predicate>
  std::size_t invalidate_where(Predicate predicate);

  WalkCacheParams params_;
  Store store_;
  EnergyLedger::EventAccount lookup_account_;
  WalkCacheStats stats_;
};

}  // namespace wakesim

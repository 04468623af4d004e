#pragma once
// An IOMMU TLB (IOTLB): a timing-free store of translations that the IOMMU model
// consults before walking the page tables (docs/architecture.md, 'The IOMMU').
//
// Entries are tagged by (stream ID, ASID, page-aligned IOVA, page size) and hold
// the physical page and its permissions. Pages of any power-of-two size from
// 4 KiB up (4 KiB, 64 KiB, 1 MiB, 2 MiB, 512 MiB, 1 GiB ...) live side by side:
// an entry matches an IOVA when the IOVA lies inside its page.
//
// Organisation: `entries` = sets x ways; ways == 0 (or ways == entries) is fully
// associative (one set). The set of an IOVA is its 4 KiB page number modulo the
// number of sets: set = (iova >> 12) % sets. A lookup searches that set only.
//
// Large pages in a set-associative TLB: an entry is filed in the set of the IOVA
// whose miss inserted it (the 4 KiB page number of that IOVA, not of the large
// page's base), and a lookup only searches the set of its own 4 KiB page number.
// So a 64 KiB or 2 MiB page that is touched at IOVAs falling in different sets is
// cached once per set touched, each entry covering the whole page. This is how
// the Exynos SysMMU's 8-way x 64-set TLB behaves, and why its driver issues 16
// per-4 KiB invalidations for a 64 KiB page and 64 (one per set) for a 1 MiB
// section (docs/parameters.md, 'IOMMU structure'). A fully associative TLB keeps one entry per
// large page.
//
// Replacement, on an insert into a full set: lru (least recently looked up or
// inserted), fifo (oldest insertion; hits do not refresh) or random (uniform
// over the set's ways, drawn from a RandomStream seeded by `random_seed`, so a
// given seed replays exactly). An invalid way, if any, is always used first.
//
// Hit latency is given in cycles of the IOMMU clock (hit_latency_cycles x
// clock_period), because TRMs state it in clocks (MMU-500: 2) and a platform
// sweeps the clock separately. The TLB itself is timeless: the IOMMU model adds
// hit_latency() to the transaction's delay.
//
// Storage, replacement and invalidation scans are a SetAssociativeStore's.
// Hot path: lookup() allocates nothing and formats nothing; all storage is
// allocated in the constructor. A hint table remembers where the last search
// for a 4 KiB page found its entry, so repeated hits skip the set search. Invalidation scans every entry (it is rare,
// and a large page can sit in any set).
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/set_associative_store.h"
#include "wakesim/core/units.h"
#include "wakesim/iommu/access_permissions.h"

namespace wakesim {

struct TlbParams {
  std::uint32_t entries = 64;  // docs/parameters.md, 'Suggested defaults': 64, fully associative, LRU
  std::uint32_t ways = 0;      // 0 = fully associative
  ReplacementPolicy replacement = ReplacementPolicy::lru;
  std::uint64_t random_seed = 0;         // for `random` (e.g. RandomStreams::stream_seed(name))
  std::uint32_t hit_latency_cycles = 2;  // MMU-500 TRM best case
  sc_core::sc_time clock_period = sc_core::sc_time(1, sc_core::SC_NS);
  Energy lookup_energy;  // per lookup, hit or miss
};

// A cached translation: the physical page that an IOVA's page maps to.
struct TlbTranslation {
  std::uint64_t phys_base = 0;  // aligned to page_size
  std::uint64_t page_size = 0;  // power of two, >= 4 KiB
  AccessPermissions perms;

  // The physical address of `iova` (which must lie in the cached page).
  std::uint64_t translate(std::uint64_t iova) const { return phys_base | (iova & (page_size - 1)); }
};

struct TlbStats {
  std::uint64_t lookups = 0;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t insertions = 0;           // new entries (an update in place is not one)
  std::uint64_t evictions = 0;            // valid entries displaced by an insertion
  std::uint64_t invalidations = 0;        // invalidate_* calls
  std::uint64_t invalidated_entries = 0;  // entries those calls removed
  std::uint64_t flushes = 0;              // clear() calls (power loss)
  std::uint64_t flushed_entries = 0;      // entries lost to them
};

class Tlb {
 public:
  static constexpr unsigned kIndexShift = 12;  // sets are indexed by the 4 KiB page number

  // Registers the dynamic account (component, "event:tlb_lookup", lookup_energy)
  // in `ledger` if one is given. Throws std::invalid_argument for zero entries,
  // ways that do not divide entries, or a zero clock period.
  explicit Tlb(const TlbParams& params, EnergyLedger* ledger = nullptr, const std::string& component = "tlb");

  // The translation of `iova` for (stream, asid), or nullopt on a miss. Counts a
  // lookup (and its energy) and a hit or a miss; a hit refreshes LRU age.
  std::optional<TlbTranslation> lookup(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova) {
    ++stats_.lookups;
    if (lookup_account_.bound()) lookup_account_.count();
    Way* way = find(stream, asid, iova);
    if (way == nullptr) {
      ++stats_.misses;
      return std::nullopt;
    }
    ++stats_.hits;
    store_.on_hit(*way);
    return way->value.translation;
  }

  // The same search without side effects (no statistics, energy or LRU update).
  std::optional<TlbTranslation> probe(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova) const;

  // Caches `translation` for the page containing `iova`, in the set of `iova`
  // (see the header comment). An entry with the same tag in that set is updated
  // in place; otherwise an invalid way or the replacement victim is used. Throws
  // std::invalid_argument if page_size is not a power of two >= 4 KiB or
  // phys_base is not aligned to it.
  void insert(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova, const TlbTranslation& translation);

  // Invalidation; each returns the number of entries removed and counts one
  // invalidation. By page: the entries of (stream, asid) whose page overlaps
  // [iova, iova + size) (size 0 is treated as 1 byte).
  std::size_t invalidate_range(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova, std::uint64_t size);
  std::size_t invalidate_asid(std::uint32_t asid);      // every stream
  std::size_t invalidate_stream(std::uint32_t stream);  // every ASID
  std::size_t invalidate_all();
  // Contents lost because the IOMMU's power domain turned off: counted as a
  // flush, not an invalidation.
  std::size_t clear();

  std::size_t valid_entries() const;
  std::uint32_t entries() const { return params_.entries; }
  std::uint32_t sets() const { return store_.sets(); }
  std::uint32_t ways() const { return store_.ways(); }
  ReplacementPolicy replacement() const { return params_.replacement; }
  const sc_core::sc_time& hit_latency() const { return hit_latency_; }
  const TlbStats& stats() const { return stats_; }
  // Zeroes the statistics (e.g. after a warm-up); keeps the contents.
  void reset_stats() { stats_ = TlbStats{}; }

 private:
  // The tag and data of one way (its valid bit and stamp are the store's).
  struct Entry {
    std::uint64_t page_base = 0;    // IOVA of the page
    std::uint64_t offset_mask = 0;  // page_size - 1
    std::uint32_t stream = 0;
    std::uint32_t asid = 0;
    TlbTranslation translation;

    bool matches(std::uint32_t s, std::uint32_t a, std::uint64_t iova) const {
      return stream == s && asid == a && (iova & ~offset_mask) == page_base;
    }
  };
  using Store = SetAssociativeStore<Entry>;
  using Way = Store::Way;

  std::uint32_t set_of(std::uint64_t iova) const {
    return static_cast<std::uint32_t>((iova >> kIndexShift) % store_.sets());
  }
  // The way a set search would find for (stream, asid, iova); a hit in the
  // hint table skips the search.
  Way* find(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova) {
    const std::uint64_t page = iova >> kIndexShift;
    Hint& hint = hints_[hint_index(page, stream, asid)];
    if (hint.epoch == epoch_ && hint.page == page && hint.stream == stream && hint.asid == asid)
      return &store_.at(hint.entry);
    Way* way = store_.find_in_set(set_of(iova), [&](const Entry& e) { return e.matches(stream, asid, iova); });
    if (way != nullptr) hint = Hint{page, epoch_, stream, asid, static_cast<std::uint32_t>(store_.index_of(*way))};
    return way;
  }
  // Fibonacci hashing of the whole key: buffers at large power-of-two strides
  // (one per channel, source and destination) share their low page bits, and
  // indexing by those alone made them evict each other's hints.
  static std::size_t hint_index(std::uint64_t page, std::uint32_t stream, std::uint32_t asid) {
    const std::uint64_t key = page ^ (std::uint64_t{stream} << 40) ^ (std::uint64_t{asid} << 52);
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> (64 - kHintBits));
  }
  // Contents changed: every hint is stale (the search could now find another way).
  void forget_hints() { ++epoch_; }
  template <class Predicate>
  std::size_t remove_if(Predicate predicate);
  // remove_if counted as one invalidation.
  template <typename Predicate>
  std::size_t invalidate_where(Predicate predicate);

  // Lookup hints: the way the last search for a (stream, asid, 4 KiB page) found,
  // valid while the contents are unchanged (same epoch). Every IOVA of a 4 KiB
  // page matches the same entries, so a valid hint is exactly the search's
  // answer, and a hit on it skips scanning a fully associative TLB. Direct
  // mapped; LRU stamps are not contents, so hits do not invalidate hints.
  struct Hint {
    std::uint64_t page = 0;
    std::uint64_t epoch = 0;  // 0: never valid (epoch_ starts at 1)
    std::uint32_t stream = 0;
    std::uint32_t asid = 0;
    std::uint32_t entry = 0;
  };
  static constexpr unsigned kHintBits = 6;
  static constexpr std::size_t kHints = std::size_t{1} << kHintBits;

  TlbParams params_;
  sc_core::sc_time hit_latency_;  // clock_period x hit_latency_cycles
  Store store_;
  std::array<Hint, kHints> hints_{};
  std::uint64_t epoch_ = 1;
  EnergyLedger::EventAccount lookup_account_;
  TlbStats stats_;
};

}  // namespace wakesim

#include "wakesim/iommu/walk_cache.h"

#include "wakesim/iommu/inclusive_end.h"

#include <stdexcept>

namespace wakesim {
namespace {

std::uint32_t ways_of(const WalkCacheParams& params) {
  if (params.entries == 0) return 0;
  if (params.ways == 0) return params.entries;
  if (params.ways > params.entries || params.entries % params.ways != 0) {
    throw std::invalid_argument("WalkCache: ways must divide entries (" +
                                std::to_string(params.entries) + " entries, " +
                                std::to_string(params.ways) + " ways)");
  }
  return params.ways;
}

}  // namespace

WalkCache::WalkCache(const WalkCacheParams& params, EnergyLedger* ledger,
                     const std::string& component)
    : params_(params),
      ways_(ways_of(params)),
      sets_(ways_ == 0 ? 0 : params.entries / ways_),
      entries_(params.entries) {
  if (ledger != nullptr && enabled()) {
    lookup_account_ =
        ledger->register_dynamic(component, "event:walk_cache_lookup", params.lookup_energy);
  }
}

WalkCache::Entry* WalkCache::find(std::uint32_t context, std::uint32_t asid,
                                  const PageTableFormat& format, unsigned level,
                                  std::uint64_t iova) {
  const std::uint64_t mask = format.entry_span(level - 1) - 1;
  const std::uint64_t base = iova & ~mask;
  Entry* way = &entries_[static_cast<std::size_t>(set_of(format, level, base)) * ways_];
  for (Entry* end = way + ways_; way != end; ++way) {
    if (way->valid && way->context == context && way->asid == asid && way->level == level &&
        way->region_base == base && way->region_mask == mask) {
      return way;
    }
  }
  return nullptr;
}

std::optional<WalkCacheHit> WalkCache::lookup(std::uint32_t context, std::uint32_t asid,
                                              const PageTableFormat& format, std::uint64_t iova) {
  if (!enabled()) return std::nullopt;
  ++stats_.lookups;
  if (lookup_account_.bound()) lookup_account_.count();
  for (unsigned level = format.levels() - 1; level >= 1; --level) {
    Entry* entry = find(context, asid, format, level, iova);
    if (entry == nullptr) continue;
    ++stats_.hits;
    stats_.levels_skipped += level;
    entry->stamp = ++clock_;
    return WalkCacheHit{level, entry->table};
  }
  ++stats_.misses;
  return std::nullopt;
}

void WalkCache::insert(std::uint32_t context, std::uint32_t asid, const PageTableFormat& format,
                       unsigned level, std::uint64_t iova, std::uint64_t table) {
  if (!enabled()) return;
  if (level == 0 || level >= format.levels()) {
    throw std::invalid_argument("WalkCache::insert: only tables below the root are cached");
  }
  if (Entry* same = find(context, asid, format, level, iova)) {
    same->table = table;
    same->stamp = ++clock_;
    return;
  }
  const std::uint64_t mask = format.entry_span(level - 1) - 1;
  const std::uint64_t base = iova & ~mask;
  Entry& slot = victim(set_of(format, level, base));
  if (slot.valid) ++stats_.evictions;
  ++stats_.insertions;
  slot = Entry{base, mask, table, ++clock_, context, asid, level, true};
}

WalkCache::Entry& WalkCache::victim(std::uint32_t set) {
  Entry* first = &entries_[static_cast<std::size_t>(set) * ways_];
  Entry* oldest = first;
  for (std::uint32_t w = 0; w < ways_; ++w) {
    if (!first[w].valid) return first[w];
    if (first[w].stamp < oldest->stamp) oldest = &first[w];
  }
  return *oldest;
}

template <class Predicate>
std::size_t WalkCache::remove_if(Predicate predicate) {
  std::size_t removed = 0;
  for (Entry& entry : entries_) {
    if (entry.valid && predicate(entry)) {
      entry.valid = false;
      ++removed;
    }
  }
  return removed;
}

template <typename Predicate>
std::size_t WalkCache::invalidate_where(Predicate predicate) {
  const std::size_t removed = remove_if(predicate);
  ++stats_.invalidations;
  stats_.invalidated_entries += removed;
  return removed;
}

std::size_t WalkCache::invalidate_range(std::uint32_t context, std::uint32_t asid,
                                        std::uint64_t iova, std::uint64_t size) {
  const std::uint64_t last = inclusive_end(iova, size);
  return invalidate_where([&](const Entry& e) {
    return e.context == context && e.asid == asid && e.region_base <= last &&
           iova <= e.region_base + e.region_mask;
  });
}

std::size_t WalkCache::invalidate_asid(std::uint32_t asid) {
  return invalidate_where([&](const Entry& e) { return e.asid == asid; });
}

std::size_t WalkCache::invalidate_context(std::uint32_t context) {
  return invalidate_where([&](const Entry& e) { return e.context == context; });
}

std::size_t WalkCache::invalidate_all() {
  return invalidate_where([](const Entry&) { return true; });
}

std::size_t WalkCache::clear() {
  const std::size_t removed = remove_if([](const Entry&) { return true; });
  ++stats_.flushes;
  stats_.flushed_entries += removed;
  return removed;
}

std::size_t WalkCache::valid_entries() const {
  std::size_t count = 0;
  for (const Entry& entry : entries_) count += entry.valid ? 1 : 0;
  return count;
}

}  // namespace wakesim

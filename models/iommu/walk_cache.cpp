#include "wakesim/iommu/walk_cache.h"

#include "wakesim/iommu/inclusive_end.h"

#include <stdexcept>

namespace wakesim {

WalkCache::WalkCache(const WalkCacheParams& params, EnergyLedger* ledger, const std::string& component)
    : params_(params), store_("WalkCache", params.entries, params.ways, ReplacementPolicy::lru) {
  if (ledger != nullptr && enabled()) {
    lookup_account_ = ledger->register_dynamic(component, "event:walk_cache_lookup", params.lookup_energy);
  }
}

WalkCache::Way* WalkCache::find(std::uint32_t context, std::uint32_t asid, const PageTableFormat& format,
                                unsigned level, std::uint64_t iova) {
  const std::uint64_t mask = format.entry_span(level - 1) - 1;
  const std::uint64_t base = iova & ~mask;
  return store_.find_in_set(set_of(format, level, base), [&](const Entry& e) {
    return e.context == context && e.asid == asid && e.level == level && e.region_base == base && e.region_mask == mask;
  });
}

std::optional<WalkCacheHit> WalkCache::lookup(std::uint32_t context, std::uint32_t asid, const PageTableFormat& format,
                                              std::uint64_t iova) {
  if (!enabled()) return std::nullopt;
  ++stats_.lookups;
  if (lookup_account_.bound()) lookup_account_.count();
  for (unsigned level = format.levels() - 1; level >= 1; --level) {
    Way* way = find(context, asid, format, level, iova);
    if (way == nullptr) continue;
    ++stats_.hits;
    stats_.levels_skipped += level;
    store_.touch(*way);
    return WalkCacheHit{level, way->value.table};
  }
  ++stats_.misses;
  return std::nullopt;
}

void WalkCache::insert(std::uint32_t context, std::uint32_t asid, const PageTableFormat& format, unsigned level,
                       std::uint64_t iova, std::uint64_t table) {
  if (!enabled()) return;
  if (level == 0 || level >= format.levels()) {
    throw std::invalid_argument("WalkCache::insert: only tables below the root are cached");
  }
  if (Way* same = find(context, asid, format, level, iova)) {
    same->value.table = table;
    store_.touch(*same);
    return;
  }
  const std::uint64_t mask = format.entry_span(level - 1) - 1;
  const std::uint64_t base = iova & ~mask;
  Way& slot = store_.victim(set_of(format, level, base));
  if (store_.place(slot, Entry{base, mask, table, context, asid, level})) ++stats_.evictions;
  ++stats_.insertions;
}

template <typename Predicate>
std::size_t WalkCache::invalidate_where(Predicate predicate) {
  const std::size_t removed = store_.remove_if(predicate);
  ++stats_.invalidations;
  stats_.invalidated_entries += removed;
  return removed;
}

std::size_t WalkCache::invalidate_range(std::uint32_t context, std::uint32_t asid, std::uint64_t iova,
                                        std::uint64_t size) {
  const std::uint64_t last = inclusive_end(iova, size);
  return invalidate_where([&](const Entry& e) {
    return e.context == context && e.asid == asid && e.region_base <= last && iova <= e.region_base + e.region_mask;
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
  const std::size_t removed = store_.remove_if([](const Entry&) { return true; });
  ++stats_.flushes;
  stats_.flushed_entries += removed;
  return removed;
}

std::size_t WalkCache::valid_entries() const { return store_.valid_entries(); }

}  // namespace wakesim

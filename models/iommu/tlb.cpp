#include "wakesim/iommu/tlb.h"

#include "wakesim/iommu/inclusive_end.h"

#include <stdexcept>

namespace wakesim {
namespace {

bool is_power_of_two(std::uint64_t value) { return value != 0 && (value & (value - 1)) == 0; }

// Checked before the store is built, so that this is the first error reported.
std::uint32_t checked_entries(const TlbParams& params) {
  if (params.entries == 0) throw std::invalid_argument("Tlb: entries must be at least 1");
  return params.entries;
}

}  // namespace

Tlb::Tlb(const TlbParams& params, EnergyLedger* ledger, const std::string& component)
    : params_(params),
      hit_latency_(params.clock_period * params.hit_latency_cycles),
      store_("Tlb", checked_entries(params), params.ways, params.replacement, params.random_seed) {
  if (params.clock_period == sc_core::SC_ZERO_TIME) {
    throw std::invalid_argument("Tlb: clock_period must be positive");
  }
  if (ledger != nullptr) {
    lookup_account_ = ledger->register_dynamic(component, "event:tlb_lookup", params.lookup_energy);
  }
}

std::optional<TlbTranslation> Tlb::probe(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova) const {
  const Way* way = store_.find_in_set(set_of(iova), [&](const Entry& e) { return e.matches(stream, asid, iova); });
  if (way == nullptr) return std::nullopt;
  return way->value.translation;
}

void Tlb::insert(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova, const TlbTranslation& translation) {
  const std::uint64_t size = translation.page_size;
  if (!is_power_of_two(size) || size < (std::uint64_t{1} << kIndexShift)) {
    throw std::invalid_argument("Tlb::insert: page size must be a power of two of at least 4 KiB");
  }
  if ((translation.phys_base & (size - 1)) != 0) {
    throw std::invalid_argument("Tlb::insert: physical page base not aligned to the page size");
  }
  const std::uint32_t set = set_of(iova);
  const std::uint64_t page_base = iova & ~(size - 1);
  // Same tag: refresh the data (a remap without invalidation) in place.
  if (Way* same = store_.find_in_set(set, [&](const Entry& e) {
        return e.stream == stream && e.asid == asid && e.page_base == page_base && e.offset_mask == size - 1;
      })) {
    same->value.translation = translation;
    forget_hints();
    store_.on_hit(*same);
    return;
  }
  Way& slot = store_.victim(set);
  forget_hints();
  if (store_.place(slot, Entry{page_base, size - 1, stream, asid, translation})) ++stats_.evictions;
  ++stats_.insertions;
}

template <class Predicate>
std::size_t Tlb::remove_if(Predicate predicate) {
  forget_hints();
  return store_.remove_if(predicate);
}

template <typename Predicate>
std::size_t Tlb::invalidate_where(Predicate predicate) {
  const std::size_t removed = remove_if(predicate);
  ++stats_.invalidations;
  stats_.invalidated_entries += removed;
  return removed;
}

std::size_t Tlb::invalidate_range(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova, std::uint64_t size) {
  const std::uint64_t last = inclusive_end(iova, size);
  return invalidate_where([&](const Entry& e) {
    return e.stream == stream && e.asid == asid && e.page_base <= last && iova <= e.page_base + e.offset_mask;
  });
}

std::size_t Tlb::invalidate_asid(std::uint32_t asid) {
  return invalidate_where([&](const Entry& e) { return e.asid == asid; });
}

std::size_t Tlb::invalidate_stream(std::uint32_t stream) {
  return invalidate_where([&](const Entry& e) { return e.stream == stream; });
}

std::size_t Tlb::invalidate_all() {
  return invalidate_where([](const Entry&) { return true; });
}

std::size_t Tlb::clear() {
  const std::size_t removed = remove_if([](const Entry&) { return true; });
  ++stats_.flushes;
  stats_.flushed_entries += removed;
  return removed;
}

std::size_t Tlb::valid_entries() const { return store_.valid_entries(); }

}  // namespace wakesim

#include "wakesim/iommu/tlb.h"

#include "wakesim/iommu/inclusive_end.h"

#include <stdexcept>

namespace wakesim {
namespace {

bool is_power_of_two(std::uint64_t value) { return value != 0 && (value & (value - 1)) == 0; }

std::uint32_t ways_of(const TlbParams& params) {
  if (params.entries == 0) throw std::invalid_argument("Tlb: entries must be at least 1");
  if (params.ways == 0) return params.entries;
  if (params.ways > params.entries || params.entries % params.ways != 0) {
    throw std::invalid_argument("Tlb: ways must divide entries (" +
                                std::to_string(params.entries) + " entries, " +
                                std::to_string(params.ways) + " ways)");
  }
  return params.ways;
}

}  // namespace

const char* to_string(TlbReplacement replacement) {
  switch (replacement) {
    case TlbReplacement::lru: return "lru";
    case TlbReplacement::fifo: return "fifo";
    case TlbReplacement::random: return "random";
  }
  return "?";
}

Tlb::Tlb(const TlbParams& params, EnergyLedger* ledger, const std::string& component)
    : params_(params),
      hit_latency_(params.clock_period * params.hit_latency_cycles),
      ways_(ways_of(params)),
      sets_(params.entries / ways_),
      entries_(params.entries),
      random_(params.random_seed) {
  if (params.clock_period == sc_core::SC_ZERO_TIME) {
    throw std::invalid_argument("Tlb: clock_period must be positive");
  }
  if (ledger != nullptr) {
    lookup_account_ = ledger->register_dynamic(component, "event:tlb_lookup", params.lookup_energy);
  }
}

std::optional<TlbTranslation> Tlb::probe(std::uint32_t stream, std::uint32_t asid,
                                         std::uint64_t iova) const {
  const std::size_t first = static_cast<std::size_t>(set_of(iova)) * ways_;
  for (std::size_t i = first; i < first + ways_; ++i) {
    if (entries_[i].matches(stream, asid, iova)) return entries_[i].translation;
  }
  return std::nullopt;
}

void Tlb::insert(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova,
                 const TlbTranslation& translation) {
  const std::uint64_t size = translation.page_size;
  if (!is_power_of_two(size) || size < (std::uint64_t{1} << kIndexShift)) {
    throw std::invalid_argument("Tlb::insert: page size must be a power of two of at least 4 KiB");
  }
  if ((translation.phys_base & (size - 1)) != 0) {
    throw std::invalid_argument("Tlb::insert: physical page base not aligned to the page size");
  }
  const std::uint32_t set = set_of(iova);
  const std::uint64_t page_base = iova & ~(size - 1);
  Entry* way = &entries_[static_cast<std::size_t>(set) * ways_];
  for (Entry* end = way + ways_; way != end; ++way) {
    // Same tag: refresh the data (a remap without invalidation) in place.
    if (way->valid && way->stream == stream && way->asid == asid && way->page_base == page_base &&
        way->offset_mask == size - 1) {
      way->translation = translation;
      forget_hints();
      if (params_.replacement == TlbReplacement::lru) way->stamp = ++clock_;
      return;
    }
  }
  Entry& slot = victim(set);
  forget_hints();
  if (slot.valid) ++stats_.evictions;
  ++stats_.insertions;
  slot.page_base = page_base;
  slot.offset_mask = size - 1;
  slot.stamp = ++clock_;
  slot.stream = stream;
  slot.asid = asid;
  slot.valid = true;
  slot.translation = translation;
}

Tlb::Entry& Tlb::victim(std::uint32_t set) {
  Entry* first = &entries_[static_cast<std::size_t>(set) * ways_];
  for (std::uint32_t w = 0; w < ways_; ++w) {
    if (!first[w].valid) return first[w];
  }
  if (params_.replacement == TlbReplacement::random) {
    return first[random_.uniform_int(0, ways_ - 1)];
  }
  // lru and fifo both evict the smallest stamp; they differ in what refreshes it.
  Entry* oldest = first;
  for (std::uint32_t w = 1; w < ways_; ++w) {
    if (first[w].stamp < oldest->stamp) oldest = &first[w];
  }
  return *oldest;
}

template <class Predicate>
std::size_t Tlb::remove_if(Predicate predicate) {
  forget_hints();
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
std::size_t Tlb::invalidate_where(Predicate predicate) {
  const std::size_t removed = remove_if(predicate);
  ++stats_.invalidations;
  stats_.invalidated_entries += removed;
  return removed;
}

std::size_t Tlb::invalidate_range(std::uint32_t stream, std::uint32_t asid, std::uint64_t iova,
                                  std::uint64_t size) {
  const std::uint64_t last = inclusive_end(iova, size);
  return invalidate_where([&](const Entry& e) {
    return e.stream == stream && e.asid == asid && e.page_base <= last &&
           iova <= e.page_base + e.offset_mask;
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

std::size_t Tlb::valid_entries() const {
  std::size_t count = 0;
  for (const Entry& entry : entries_) count += entry.valid ? 1 : 0;
  return count;
}

}  // namespace wakesim

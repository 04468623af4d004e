#include "wakesim/drivers/page_table_allocator.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

namespace wakesim {

PageTableAllocator::PageTableAllocator(std::uint64_t base, std::uint64_t size) : base_(base), size_(size) {
  if (size == 0 || base + size - 1 < base) {
    throw std::invalid_argument("PageTableAllocator: the region is empty or wraps around");
  }
  free_.emplace(base, size);
}

std::optional<std::uint64_t> PageTableAllocator::allocate(std::uint64_t bytes) {
  if (bytes == 0 || (bytes & (bytes - 1)) != 0) {
    throw std::invalid_argument("PageTableAllocator::allocate: size must be a power of two");
  }
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    const std::uint64_t start = it->first;
    const std::uint64_t length = it->second;
    const std::uint64_t aligned = (start + bytes - 1) & ~(bytes - 1);
    if (aligned < start) continue;  // wrapped: nothing aligned above start
    const std::uint64_t skip = aligned - start;
    if (skip > length || length - skip < bytes) continue;
    free_.erase(it);
    if (skip > 0) free_.emplace(start, skip);
    if (length - skip > bytes) free_.emplace(aligned + bytes, length - skip - bytes);
    allocated_.emplace(aligned, bytes);
    bytes_in_use_ += bytes;
    ++stats_.allocations;
    stats_.peak_bytes = std::max(stats_.peak_bytes, bytes_in_use_);
    return aligned;
  }
  ++stats_.failures;
  return std::nullopt;
}

void PageTableAllocator::free(std::uint64_t address) {
  const auto it = allocated_.find(address);
  if (it == allocated_.end()) {
    throw std::invalid_argument("PageTableAllocator::free: no block allocated at " + std::to_string(address));
  }
  const std::uint64_t length = it->second;
  allocated_.erase(it);
  bytes_in_use_ -= length;
  ++stats_.frees;
  add_free(address, length);
}

void PageTableAllocator::add_free(std::uint64_t start, std::uint64_t length) {
  auto next = free_.lower_bound(start);
  if (next != free_.begin()) {
    auto previous = std::prev(next);
    if (previous->first + previous->second == start) {
      start = previous->first;
      length += previous->second;
      free_.erase(previous);
    }
  }
  if (next != free_.end() && start + length == next->first) {
    length += next->second;
    free_.erase(next);
  }
  free_.emplace(start, length);
}

std::uint64_t PageTableAllocator::block_size(std::uint64_t address) const {
  const auto it = allocated_.find(address);
  return it == allocated_.end() ? 0 : it->second;
}

}  // namespace wakesim

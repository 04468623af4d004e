#pragma once
// Hands out page-table pages from a physical region reserved for them (the
// kernel's page allocator as the IOMMU driver sees it), so that page tables live
// at real DRAM addresses the walker reads.
//
// Blocks are powers of two, aligned to their size (a table's required
// alignment). First fit by address over a list of free extents that merges
// neighbours on free, so freed tables are reused and any mix of sizes (Exynos:
// 16 KiB lv1 + 1 KiB lv2) can be served. Deterministic: the same calls give the
// same addresses. Exhaustion is a return value, not an exception: allocate()
// returns nullopt and the driver reports -ENOMEM. Only addresses are managed
// here; the caller zeroes a new table in memory.
#include <cstdint>
#include <map>
#include <optional>

namespace wakesim {

struct PageTableAllocatorStats {
  std::uint64_t allocations = 0;
  std::uint64_t frees = 0;
  std::uint64_t failures = 0;  // allocate() calls that found no room
  std::uint64_t peak_bytes = 0;
};

class PageTableAllocator {
 public:
  // The region [base, base + size). Throws std::invalid_argument for an empty
  // region or one that wraps around 2^64.
  PageTableAllocator(std::uint64_t base, std::uint64_t size);

  // A block of `bytes` bytes aligned to `bytes`, or nullopt when no free extent
  // holds one. Throws std::invalid_argument unless bytes is a power of two.
  std::optional<std::uint64_t> allocate(std::uint64_t bytes);
  // Returns the block starting at `address`. Throws std::invalid_argument if no
  // allocated block starts there (a double or wild free).
  void free(std::uint64_t address);

  std::uint64_t base() const { return base_; }
  std::uint64_t size() const { return size_; }
  bool contains(std::uint64_t address) const { return address - base_ < size_; }
  std::uint64_t bytes_in_use() const { return bytes_in_use_; }
  std::size_t blocks_in_use() const { return allocated_.size(); }
  // The size of the block at `address`, or 0 if none is allocated there.
  std::uint64_t block_size(std::uint64_t address) const;
  const PageTableAllocatorStats& stats() const { return stats_; }

 private:
  void add_free(std::uint64_t start, std::uint64_t length);

  std::uint64_t base_;
  std::uint64_t size_;
  std::map<std::uint64_t, std::uint64_t> free_;       // start -> length; disjoint, merged
  std::map<std::uint64_t, std::uint64_t> allocated_;  // start -> length
  std::uint64_t bytes_in_use_ = 0;
  PageTableAllocatorStats stats_;
};

}  // namespace wakesim

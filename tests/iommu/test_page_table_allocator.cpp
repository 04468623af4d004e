// PageTableAllocator: alignment, first fit, reuse after free with merging, clean
// exhaustion, and refusal of bad frees.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>

#include "wakesim/drivers/page_table_allocator.h"

using wakesim::PageTableAllocator;

TEST_CASE("the allocator hands out aligned blocks and fills alignment gaps first fit", "[iommu][pagetable]") {
  PageTableAllocator allocator(0x1000, 0x10000);                              // [0x1000, 0x11000)
  CHECK(allocator.allocate(0x4000) == std::optional<std::uint64_t>(0x4000));  // aligned up
  CHECK(allocator.allocate(0x400) == std::optional<std::uint64_t>(0x1000));   // the gap below
  CHECK(allocator.allocate(0x1000) == std::optional<std::uint64_t>(0x2000));
  CHECK(allocator.allocate(0x1000) == std::optional<std::uint64_t>(0x3000));
  CHECK(allocator.allocate(0x400) == std::optional<std::uint64_t>(0x1400));
  CHECK(allocator.bytes_in_use() == 0x4000 + 0x400 + 0x1000 + 0x1000 + 0x400);
  CHECK(allocator.blocks_in_use() == 5);
  CHECK(allocator.block_size(0x4000) == 0x4000);
  CHECK(allocator.block_size(0x5000) == 0);
  CHECK_THROWS_AS(allocator.allocate(0x3000), std::invalid_argument);
  CHECK_THROWS_AS(allocator.allocate(0), std::invalid_argument);
}

TEST_CASE("the allocator reuses freed blocks and is exhausted cleanly", "[iommu][pagetable]") {
  PageTableAllocator allocator(0x8000'0000, 4 * 0x1000);
  for (std::uint64_t i = 0; i < 4; ++i) {
    CHECK(allocator.allocate(0x1000) == std::optional<std::uint64_t>(0x8000'0000 + i * 0x1000));
  }
  CHECK_FALSE(allocator.allocate(0x1000).has_value());
  CHECK_FALSE(allocator.allocate(0x40).has_value());
  CHECK(allocator.stats().failures == 2);
  CHECK(allocator.bytes_in_use() == 0x4000);

  allocator.free(0x8000'2000);
  CHECK(allocator.allocate(0x1000) == std::optional<std::uint64_t>(0x8000'2000));  // reused
  CHECK_THROWS_AS(allocator.free(0x8000'2800), std::invalid_argument);             // not a block start
  allocator.free(0x8000'2000);
  CHECK_THROWS_AS(allocator.free(0x8000'2000), std::invalid_argument);  // double free

  // Freed neighbours merge: the whole region serves one aligned 16 KiB block.
  allocator.free(0x8000'0000);
  allocator.free(0x8000'1000);
  allocator.free(0x8000'3000);
  CHECK(allocator.bytes_in_use() == 0);
  CHECK(allocator.allocate(0x4000) == std::optional<std::uint64_t>(0x8000'0000));
  CHECK(allocator.stats().peak_bytes == 0x4000);
  CHECK(allocator.stats().allocations == 6);
  CHECK(allocator.stats().frees == 5);
}

TEST_CASE("an empty or wrapping allocator region is refused", "[iommu][pagetable]") {
  CHECK_THROWS_AS(PageTableAllocator(0x1000, 0), std::invalid_argument);
  CHECK_THROWS_AS(PageTableAllocator(~std::uint64_t{0} - 0xfff, 0x2000), std::invalid_argument);
}

// The walk cache on its own (deepest table wins, LRU, invalidation overlaps,
// disabled at zero entries) and DramPhysicalMemory (the driver's view of the
// Dram backdoor).
#include <catch2/catch.hpp>

#include <stdexcept>

#include "wakesim/iommu/arm_lpae_format.h"
#include "wakesim/iommu/walk_cache.h"
#include "wakesim/memory/dram.h"
#include "wakesim/memory/dram_physical_memory.h"

using namespace wakesim;

namespace {

WalkCacheParams geometry(std::uint32_t entries, std::uint32_t ways) {
  WalkCacheParams params;
  params.entries = entries;
  params.ways = ways;
  return params;
}

constexpr std::uint64_t kMiB = 1 << 20;
constexpr std::uint64_t kGiB = 1 << 30;

}  // namespace

TEST_CASE("the deepest cached table for an IOVA is returned", "[iommu][walk_cache]") {
  const ArmLpaeFormat format(ArmGranule::k4KiB);
  WalkCache cache(geometry(16, 0));
  cache.insert(0, 1, format, 1, 0x1000'0000, 0xA000);  // L1 table: region of 512 GiB
  cache.insert(0, 1, format, 2, 0x1000'0000, 0xB000);  // L2 table: region of 1 GiB
  cache.insert(0, 1, format, 3, 0x1000'0000, 0xC000);  // L3 table: region of 2 MiB
  const auto same_l3 = cache.lookup(0, 1, format, 0x1000'0000 + 2 * kMiB - 1);
  REQUIRE(same_l3);
  CHECK(same_l3->level == 3);
  CHECK(same_l3->table == 0xC000);
  const auto same_l2 = cache.lookup(0, 1, format, 0x1000'0000 + 2 * kMiB);
  REQUIRE(same_l2);
  CHECK(same_l2->level == 2);
  const auto same_l1 = cache.lookup(0, 1, format, 0x1000'0000 + kGiB);
  REQUIRE(same_l1);
  CHECK(same_l1->level == 1);
  CHECK_FALSE(cache.lookup(0, 2, format, 0x1000'0000));  // another ASID
  CHECK_FALSE(cache.lookup(1, 1, format, 0x1000'0000));  // another context
  CHECK(cache.stats().lookups == 5);
  CHECK(cache.stats().hits == 3);
  CHECK(cache.stats().levels_skipped == 3 + 2 + 1);
  CHECK_THROWS_AS(cache.insert(0, 1, format, 0, 0, 0x1000), std::invalid_argument);
  CHECK_THROWS_AS(cache.insert(0, 1, format, 4, 0, 0x1000), std::invalid_argument);
}

TEST_CASE("a full set evicts its least recently used entry", "[iommu][walk_cache]") {
  // Fully associative, 2 entries: L3 tables of three 2 MiB regions. Looking up
  // region A makes B the oldest, so inserting C evicts B.
  const ArmLpaeFormat format(ArmGranule::k4KiB);
  WalkCache cache(geometry(2, 0));
  const std::uint64_t a = 0x1000'0000;
  const std::uint64_t b = a + 2 * kMiB;
  const std::uint64_t c = a + 4 * kMiB;
  cache.insert(0, 1, format, 3, a, 0x1000);
  cache.insert(0, 1, format, 3, b, 0x2000);
  REQUIRE(cache.lookup(0, 1, format, a));
  cache.insert(0, 1, format, 3, c, 0x3000);
  CHECK(cache.lookup(0, 1, format, a));
  CHECK_FALSE(cache.lookup(0, 1, format, b));
  CHECK(cache.lookup(0, 1, format, c));
  CHECK(cache.stats().evictions == 1);
  CHECK(cache.valid_entries() == 2);
}

TEST_CASE("invalidation by range removes the tables whose region overlaps it", "[iommu][walk_cache]") {
  const ArmLpaeFormat format(ArmGranule::k4KiB);
  WalkCache cache(geometry(16, 4));
  const std::uint64_t a = 0x1000'0000;
  cache.insert(0, 1, format, 2, a, 0x1000);                                 // 1 GiB region [0x0, 0x4000_0000)
  cache.insert(0, 1, format, 3, a, 0x2000);                                 // [a, a + 2 MiB)
  cache.insert(0, 1, format, 3, a + 2 * kMiB, 0x3000);                      // [a + 2 MiB, a + 4 MiB)
  cache.insert(1, 1, format, 3, a, 0x4000);                                 // context 1: untouched by context 0
  CHECK(cache.invalidate_range(0, 1, a + 2 * kMiB - 0x1000, 0x1000) == 2);  // the L2 and first L3
  CHECK_FALSE(cache.lookup(0, 1, format, a));
  CHECK(cache.lookup(0, 1, format, a + 2 * kMiB));
  CHECK(cache.invalidate_context(1) == 1);
  CHECK(cache.invalidate_asid(1) == 1);
  CHECK(cache.valid_entries() == 0);
  cache.insert(0, 1, format, 3, a, 0x2000);
  CHECK(cache.clear() == 1);
  CHECK(cache.stats().flushes == 1);
  CHECK(cache.stats().invalidations == 3);
  CHECK(cache.stats().invalidated_entries == 4);
}

TEST_CASE("zero entries is no walk cache", "[iommu][walk_cache]") {
  const ArmLpaeFormat format(ArmGranule::k4KiB);
  WalkCache cache(geometry(0, 4));
  CHECK_FALSE(cache.enabled());
  cache.insert(0, 1, format, 3, 0x1000, 0x2000);
  CHECK_FALSE(cache.lookup(0, 1, format, 0x1000));
  CHECK(cache.stats().lookups == 0);
  CHECK_THROWS_AS(WalkCache(geometry(12, 5)), std::invalid_argument);
}

TEST_CASE("dram physical memory reads and writes little endian words through the backdoor", "[iommu][memory]") {
  DramParams params;
  params.size = ByteSize{1 << 20};
  Dram dram("dram", params);
  DramPhysicalMemory memory(dram, 0x8000'0000);  // the Dram is mapped at 2 GiB
  memory.write64(0x8000'1000, 0x1122'3344'5566'7788ull);
  memory.write32(0x8000'2004, 0xA1B2'C3D4u);
  CHECK(memory.read64(0x8000'1000) == 0x1122'3344'5566'7788ull);
  CHECK(memory.read32(0x8000'1000) == 0x5566'7788u);
  CHECK(memory.read32(0x8000'2004) == 0xA1B2'C3D4u);
  std::uint8_t first = 0;
  dram.backdoor_read(0x1000, &first, 1);
  CHECK(first == 0x88);  // little-endian, at offset address - base
  memory.zero(0x8000'1000, 0x2000);
  CHECK(memory.read64(0x8000'1000) == 0);
  CHECK(memory.read32(0x8000'2004) == 0);
  CHECK_THROWS_AS(memory.read64(0x8000'1004), std::invalid_argument);
  CHECK_THROWS_AS(memory.read32(0x7fff'fff0), std::out_of_range);
  CHECK_THROWS_AS(memory.read32(0x8010'0000), std::out_of_range);
  CHECK(dram.stats().reads == 0);  // the backdoor is not timed traffic
}

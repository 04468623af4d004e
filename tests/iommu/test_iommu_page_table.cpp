// IommuPageTable (the IOMMU driver's map/unmap) over every format, in sparse test
// memory: scattered pages walk back exactly, a page walk reads `levels` PTEs and
// a block fewer, blocks and sections are chosen when alignment allows, unmap
// frees tables and later walks fault, bad maps and unmaps are refused without
// side effects, and an exhausted table allocator fails cleanly.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "iommu/sparse_test_memory.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/drivers/iommu_page_table.h"
#include "wakesim/drivers/page_table_allocator.h"
#include "wakesim/iommu/page_table_format.h"

using wakesim::AccessPermissions;
using wakesim::IommuPageTable;
using wakesim::IovaRange;
using wakesim::PageTableAllocator;
using wakesim::PageTableFormat;
using wakesim::PageTableFormatKind;
using wakesim::PageTableWalk;
using wakesim::RandomStream;
using wakesim::UnmapResult;
using wakesim::test::SparseTestMemory;

namespace {

constexpr std::uint64_t KiB = 1024;
constexpr std::uint64_t MiB = 1024 * KiB;
constexpr std::uint64_t GiB = 1024 * MiB;
constexpr std::uint64_t kTableRegion = 0x8000'0000;  // below 4 GiB for the 32-bit formats
constexpr std::uint64_t kIova = 0x1000'0000;
constexpr std::uint64_t kFarIova = 0x5000'0000;  // another leaf table in every format
constexpr std::uint64_t kPhys = 0x4000'0000;
const auto kRW = AccessPermissions::read_write();

const PageTableFormatKind kAllFormats[] = {PageTableFormatKind::arm64_4k, PageTableFormatKind::arm64_64k,
                                           PageTableFormatKind::exynos_sysmmu, PageTableFormatKind::rockchip};

struct Fixture {
  explicit Fixture(PageTableFormatKind kind, std::uint64_t region_bytes = 16 * MiB)
      : format(wakesim::make_page_table_format(kind)),
        allocator(kTableRegion, region_bytes),
        table(*format, memory, allocator) {}

  std::uint64_t page() const { return format->min_page_size(); }
  unsigned levels() const { return format->levels(); }

  std::unique_ptr<PageTableFormat> format;
  SparseTestMemory memory;
  PageTableAllocator allocator;
  IommuPageTable table;
};

// Walks `iova` and checks it lands on `phys` through a leaf of `page_size`
// after exactly `reads` PTE reads from memory, all inside the table region.
void check_walk(Fixture& fx, std::uint64_t iova, std::uint64_t phys, std::uint64_t page_size, unsigned reads) {
  INFO("iova " << std::hex << iova << " expected phys " << phys);
  fx.memory.forget_reads();
  const PageTableWalk walk = fx.table.walk(iova);
  REQUIRE(walk.translated());
  CHECK(walk.output_address() == phys);
  CHECK(walk.page_size() == page_size);
  CHECK(walk.reads() == reads);
  CHECK(fx.memory.reads() == reads);
  for (std::uint64_t address : fx.memory.read_addresses()) CHECK(fx.allocator.contains(address));
  CHECK(fx.table.iova_to_phys(iova) == std::optional<std::uint64_t>(phys));
}

void check_fault(Fixture& fx, std::uint64_t iova) {
  INFO("iova " << std::hex << iova);
  const PageTableWalk walk = fx.table.walk(iova);
  CHECK(walk.faulted());
  CHECK_FALSE(fx.table.iova_to_phys(iova).has_value());
}

void check_ranges(const UnmapResult& result, const std::vector<IovaRange>& expected) {
  REQUIRE(result.invalidate.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("range " << i);
    CHECK(result.invalidate[i].iova == expected[i].iova);
    CHECK(result.invalidate[i].size == expected[i].size);
    CHECK(result.invalidate[i].page_size == expected[i].page_size);
  }
}

}  // namespace

TEST_CASE("scattered pages map and walk back through levels PTE reads in every format", "[iommu][pagetable]") {
  for (PageTableFormatKind kind : kAllFormats) {
    INFO(wakesim::to_string(kind));
    Fixture fx(kind);
    const std::uint64_t page = fx.page();
    constexpr std::uint64_t kPages = 64;
    // Physical pages in a shuffled order with gaps, so a walk that ignored the
    // tables (or confused two entries) would land elsewhere.
    std::vector<std::uint64_t> slot(kPages);
    std::iota(slot.begin(), slot.end(), 0);
    RandomStream random(2024);
    for (std::uint64_t i = kPages - 1; i > 0; --i) std::swap(slot[i], slot[random.uniform_int(0, i)]);
    for (std::uint64_t i = 0; i < kPages; ++i) {
      REQUIRE(fx.table.map(kIova + i * page, kPhys + 3 * slot[i] * page, page, kRW) == 0);
    }
    CHECK(fx.table.mapped_bytes() == kPages * page);
    for (std::uint64_t i = 0; i < kPages; ++i) {
      for (std::uint64_t offset : {std::uint64_t{0}, page / 2 + 8, page - 1}) {
        check_walk(fx, kIova + i * page + offset, kPhys + 3 * slot[i] * page + offset, page, fx.levels());
      }
    }
    // The first read is the root entry the format addresses.
    fx.memory.forget_reads();
    fx.table.walk(kIova);
    CHECK(fx.memory.read_addresses().front() == fx.format->pte_address(0, fx.table.root(), kIova));
    check_fault(fx, kIova + kPages * page);
    check_fault(fx, kIova - page);
  }
}

TEST_CASE("ARM 4 KiB uses 1 GiB and 2 MiB blocks when aligned and walks fewer levels", "[iommu][pagetable]") {
  Fixture fx(PageTableFormatKind::arm64_4k);
  REQUIRE(fx.table.map(256 * GiB, 0x1'4000'0000, GiB, kRW) == 0);
  CHECK(fx.table.table_count() == 2);  // root and one L1 table: the block sits in L1
  check_walk(fx, 256 * GiB + 0x1234'5678, 0x1'4000'0000 + 0x1234'5678, GiB, 2);

  // 2 MiB + 4 KiB, both ends aligned: one L2 block, then one L3 page.
  REQUIRE(fx.table.map(0x4020'0000, 0x8040'0000, 2 * MiB + 4 * KiB, kRW) == 0);
  check_walk(fx, 0x4020'0000 + 0x1'2345, 0x8040'0000 + 0x1'2345, 2 * MiB, 3);
  check_walk(fx, 0x4040'0010, 0x8060'0010, 4 * KiB, 4);

  // Physical side only 4 KiB aligned: 512 pages, no block.
  REQUIRE(fx.table.map(0x6000'0000, 0x9000'1000, 2 * MiB, kRW) == 0);
  check_walk(fx, 0x6000'0000 + 0x1F'F123, 0x9000'1000 + 0x1F'F123, 4 * KiB, 4);
  // IOVA side only 4 KiB aligned: pages too.
  REQUIRE(fx.table.map(0x7000'1000, 0xA000'0000, 2 * MiB, kRW) == 0);
  check_walk(fx, 0x7000'1000, 0xA000'0000, 4 * KiB, 4);

  // Overlaps with a block either way are refused.
  CHECK(fx.table.map(0x4020'0000 + 8 * KiB, 0x1000, 4 * KiB, kRW) == -EEXIST);
  CHECK(fx.table.map(0x4040'0000, 0xB000'0000, 2 * MiB, kRW) == -EEXIST);  // holds a page
  CHECK(fx.table.map(256 * GiB + 2 * MiB, 0xB000'0000, 2 * MiB, kRW) == -EEXIST);

  // Unmapping the block and page gathers one range per page size.
  const UnmapResult result = fx.table.unmap(0x4020'0000, 2 * MiB + 4 * KiB);
  CHECK(result.error == 0);
  CHECK(result.unmapped == 2 * MiB + 4 * KiB);
  check_ranges(result, {{0x4020'0000, 2 * MiB, 2 * MiB}, {0x4040'0000, 4 * KiB, 4 * KiB}});
  check_fault(fx, 0x4020'0000);
  check_fault(fx, 0x4040'0000);
}

TEST_CASE("ARM 64 KiB uses 512 MiB blocks when aligned", "[iommu][pagetable]") {
  Fixture fx(PageTableFormatKind::arm64_64k);
  REQUIRE(fx.table.map(0x2000'0000, 0x6000'0000, 512 * MiB + 64 * KiB, kRW) == 0);
  check_walk(fx, 0x2000'0000 + 0x0ABC'DEF0, 0x6000'0000 + 0x0ABC'DEF0, 512 * MiB, 2);
  check_walk(fx, 0x4000'0000 + 0x1234, 0x8000'0000 + 0x1234, 64 * KiB, 3);
  CHECK(fx.table.table_count() == 3);  // root, one L2 table, one L3 table
}

TEST_CASE("Exynos uses 1 MiB sections and 64 KiB large pages when aligned", "[iommu][pagetable]") {
  Fixture fx(PageTableFormatKind::exynos_sysmmu);
  REQUIRE(fx.table.map(0x1000'0000, 0x4010'0000, MiB + 64 * KiB + 4 * KiB, kRW) == 0);
  check_walk(fx, 0x1000'0000 + 0x8'7654, 0x4010'0000 + 0x8'7654, MiB, 1);
  check_walk(fx, 0x1010'0000 + 0xFFFF, 0x4020'0000 + 0xFFFF, 64 * KiB, 2);
  check_walk(fx, 0x1011'0000 + 0x10, 0x4021'0000 + 0x10, 4 * KiB, 2);
  CHECK(fx.table.table_count() == 2);  // lv1 and one lv2 table

  // The large page fills its 16 lv2 entries with one value.
  const PageTableWalk walk = fx.table.walk(0x1010'0000);
  const std::uint64_t lv2 = walk.step(0).decoded.address;
  const std::uint32_t first = fx.memory.read32(fx.format->pte_address(1, lv2, 0x1010'0000));
  for (std::uint64_t i = 0; i < 16; ++i) {
    CHECK(fx.memory.read32(fx.format->pte_address(1, lv2, 0x1010'0000 + i * 4 * KiB)) == first);
  }
  CHECK(fx.memory.read32(fx.format->pte_address(1, lv2, 0x1010'0000 + 16 * 4 * KiB)) != first);

  CHECK(fx.table.map(0x1000'0000 + 4 * KiB, 0x1000, 4 * KiB, kRW) == -EEXIST);  // in the section
  CHECK(fx.table.map(0x1010'0000, 0x5000'0000, MiB, kRW) == -EEXIST);           // over the lv2 table
  CHECK(fx.table.map(0x1011'0000, 0x5000'0000, 64 * KiB, kRW) == -EEXIST);      // over a small page
  // Unmapping 4 KiB of the large page would split it.
  const UnmapResult split = fx.table.unmap(0x1010'0000 + 4 * KiB, 4 * KiB);
  CHECK(split.error == -EINVAL);
  CHECK(split.unmapped == 0);
  check_walk(fx, 0x1010'0000 + 4 * KiB, 0x4020'0000 + 4 * KiB, 64 * KiB, 2);
}

TEST_CASE("Rockchip maps a 1 MiB range as 256 pages", "[iommu][pagetable]") {
  Fixture fx(PageTableFormatKind::rockchip);
  REQUIRE(fx.table.map(0x1000'0000, 0x4010'0000, MiB, kRW) == 0);
  check_walk(fx, 0x1000'0000 + 0x8'0123, 0x4010'0000 + 0x8'0123, 4 * KiB, 2);
  const UnmapResult result = fx.table.unmap(0x1000'0000, MiB);
  CHECK(result.unmapped == MiB);
  check_ranges(result, {{0x1000'0000, MiB, 4 * KiB}});
}

TEST_CASE("unmap frees emptied tables and later walks fault in every format", "[iommu][pagetable]") {
  for (PageTableFormatKind kind : kAllFormats) {
    INFO(wakesim::to_string(kind));
    Fixture fx(kind);
    const std::uint64_t page = fx.page();
    const std::uint64_t root_bytes = fx.format->table_bytes(0);
    for (std::uint64_t i = 0; i < 3; ++i) {
      REQUIRE(fx.table.map(kIova + i * page, kPhys + (7 - i) * page, page, kRW) == 0);
    }
    CHECK(fx.table.table_count() == fx.levels());  // one table per level
    REQUIRE(fx.table.map(kFarIova, kPhys, page, kRW) == 0);
    CHECK(fx.table.table_count() > fx.levels());

    // The middle page alone: its table still holds two entries.
    UnmapResult middle = fx.table.unmap(kIova + page, page);
    CHECK(middle.error == 0);
    CHECK(middle.unmapped == page);
    CHECK_FALSE(middle.tables_freed);
    check_ranges(middle, {{kIova + page, page, page}});
    check_fault(fx, kIova + page);
    check_walk(fx, kIova, kPhys + 7 * page, page, fx.levels());

    // Over the hole: stops there, having unmapped the first page.
    UnmapResult stopped = fx.table.unmap(kIova, 3 * page);
    CHECK(stopped.error == -ENOENT);
    CHECK(stopped.unmapped == page);
    check_ranges(stopped, {{kIova, page, page}});
    UnmapResult last = fx.table.unmap(kIova + 2 * page, page);
    CHECK(last.error == 0);
    CHECK(last.tables_freed);
    CHECK(fx.table.table_count() == fx.levels());  // only the far page's path is left
    for (std::uint64_t i = 0; i < 3; ++i) check_fault(fx, kIova + i * page);
    check_walk(fx, kFarIova, kPhys, page, fx.levels());

    UnmapResult far = fx.table.unmap(kFarIova, page);
    CHECK(far.tables_freed);
    check_fault(fx, kFarIova);
    CHECK(fx.table.table_count() == 1);
    CHECK(fx.table.mapped_bytes() == 0);
    CHECK(fx.allocator.bytes_in_use() == root_bytes);
    CHECK(fx.table.stats().tables_freed + 1 == fx.table.stats().tables_allocated);
    // A walk of the empty table faults at the root after one read.
    const PageTableWalk empty = fx.table.walk(kFarIova);
    CHECK(empty.faulted());
    CHECK(empty.reads() == 1);
    CHECK(empty.level() == 0);
  }
}

TEST_CASE("misaligned and overlapping maps are refused and change nothing", "[iommu][pagetable]") {
  for (PageTableFormatKind kind : kAllFormats) {
    INFO(wakesim::to_string(kind));
    Fixture fx(kind);
    const std::uint64_t page = fx.page();
    const std::uint64_t writes = fx.memory.writes();
    CHECK(fx.table.map(kIova + 0x800, kPhys, page, kRW) == -EINVAL);
    CHECK(fx.table.map(kIova, kPhys + 0x800, page, kRW) == -EINVAL);
    CHECK(fx.table.map(kIova, kPhys, page + 0x800, kRW) == -EINVAL);
    CHECK(fx.table.map(kIova, kPhys, 0, kRW) == -EINVAL);
    CHECK(fx.table.map(kIova, kPhys, page, AccessPermissions{}) == -EINVAL);
    const std::uint64_t iova_end = std::uint64_t{1} << fx.format->input_bits();
    const std::uint64_t phys_end = std::uint64_t{1} << fx.format->output_bits();
    CHECK(fx.table.map(iova_end - page, kPhys, 2 * page, kRW) == -ERANGE);
    CHECK(fx.table.map(kIova, phys_end - page, 2 * page, kRW) == -ERANGE);
    CHECK(fx.memory.writes() == writes);  // nothing was written
    CHECK(fx.table.table_count() == 1);

    REQUIRE(fx.table.map(kIova, kPhys, page, kRW) == 0);
    const std::size_t tables = fx.table.table_count();
    const std::uint64_t in_use = fx.allocator.bytes_in_use();
    CHECK(fx.table.map(kIova, kPhys + 8 * page, page, kRW) == -EEXIST);
    // Three pages whose last one collides: the first two are rolled back.
    CHECK(fx.table.map(kIova - 2 * page, kPhys + 16 * page, 3 * page, kRW) == -EEXIST);
    check_fault(fx, kIova - 2 * page);
    check_fault(fx, kIova - page);
    check_walk(fx, kIova, kPhys, page, fx.levels());
    CHECK(fx.table.table_count() == tables);
    CHECK(fx.allocator.bytes_in_use() == in_use);
    CHECK(fx.table.mapped_bytes() == page);
  }
}

TEST_CASE("unmapping what is not mapped is an error", "[iommu][pagetable]") {
  for (PageTableFormatKind kind : kAllFormats) {
    INFO(wakesim::to_string(kind));
    Fixture fx(kind);
    const std::uint64_t page = fx.page();
    UnmapResult nothing = fx.table.unmap(kIova, page);
    CHECK(nothing.error == -ENOENT);
    CHECK(nothing.unmapped == 0);
    CHECK(nothing.invalidate.empty());
    CHECK(fx.table.unmap(kIova + 0x800, page).error == -EINVAL);
    CHECK(fx.table.unmap(kIova, page + 0x800).error == -EINVAL);
    CHECK(fx.table.unmap(kIova, 0).error == -EINVAL);

    REQUIRE(fx.table.map(kIova, kPhys, 2 * page, kRW) == 0);
    UnmapResult beyond = fx.table.unmap(kIova, 3 * page);
    CHECK(beyond.error == -ENOENT);
    CHECK(beyond.unmapped == 2 * page);
    check_ranges(beyond, {{kIova, 2 * page, page}});
    CHECK(fx.table.mapped_bytes() == 0);
  }
}

TEST_CASE("unmapping part of a block is refused and keeps the block", "[iommu][pagetable]") {
  Fixture fx(PageTableFormatKind::arm64_4k);
  REQUIRE(fx.table.map(0x4000'0000, 0x8000'0000, 2 * MiB, kRW) == 0);
  const UnmapResult inside = fx.table.unmap(0x4000'0000 + 4 * KiB, 4 * KiB);
  CHECK(inside.error == -EINVAL);
  CHECK(inside.unmapped == 0);
  const UnmapResult head = fx.table.unmap(0x4000'0000, 4 * KiB);
  CHECK(head.error == -EINVAL);
  CHECK(head.unmapped == 0);
  const UnmapResult straddle = fx.table.unmap(0x4000'0000 + 4 * KiB, 2 * MiB);  // long enough
  CHECK(straddle.error == -EINVAL);
  CHECK(straddle.unmapped == 0);
  check_walk(fx, 0x4000'0000 + 4 * KiB, 0x8000'0000 + 4 * KiB, 2 * MiB, 3);
  CHECK(fx.table.unmap(0x4000'0000, 2 * MiB).unmapped == 2 * MiB);
}

TEST_CASE("permissions survive map and walk as the format can store them", "[iommu][pagetable]") {
  for (PageTableFormatKind kind : kAllFormats) {
    INFO(wakesim::to_string(kind));
    Fixture fx(kind);
    const std::uint64_t page = fx.page();
    const AccessPermissions requested[] = {AccessPermissions::read_only(), AccessPermissions::write_only(),
                                           AccessPermissions::read_write()};
    for (std::uint64_t i = 0; i < 3; ++i) {
      REQUIRE(fx.table.map(kIova + i * page, kPhys + i * page, page, requested[i]) == 0);
    }
    for (std::uint64_t i = 0; i < 3; ++i) {
      const PageTableWalk walk = fx.table.walk(kIova + i * page);
      REQUIRE(walk.translated());
      CHECK(walk.perms() == fx.format->representable(requested[i]));
    }
    CHECK(fx.table.walk(kIova).perms() == AccessPermissions::read_only());
  }
}

// ARM 4 KiB: one page needs root + L1 + L2 + L3 = four 4 KiB tables.
TEST_CASE("an exhausted table allocator fails the map cleanly and recovers", "[iommu][pagetable]") {
  SECTION("no room for a new L3 table") {
    Fixture fx(PageTableFormatKind::arm64_4k, 4 * 4 * KiB);
    REQUIRE(fx.table.map(0, kPhys, 4 * KiB, kRW) == 0);
    CHECK(fx.allocator.bytes_in_use() == 16 * KiB);
    CHECK(fx.table.map(2 * MiB, kPhys, 4 * KiB, kRW) == -ENOMEM);
    check_fault(fx, 2 * MiB);
    CHECK(fx.table.table_count() == 4);
    CHECK(fx.allocator.stats().failures == 1);
    // A two-page map whose second page needs the missing table: rolled back.
    CHECK(fx.table.map(2 * MiB - 4 * KiB, kPhys, 8 * KiB, kRW) == -ENOMEM);
    check_fault(fx, 2 * MiB - 4 * KiB);
    CHECK(fx.table.mapped_bytes() == 4 * KiB);
    check_walk(fx, 0, kPhys, 4 * KiB, 4);
  }
  SECTION("room for the L2 table but not the L3 below it") {
    Fixture fx(PageTableFormatKind::arm64_4k, 5 * 4 * KiB);
    REQUIRE(fx.table.map(0, kPhys, 4 * KiB, kRW) == 0);
    CHECK(fx.table.map(GiB, kPhys, 4 * KiB, kRW) == -ENOMEM);
    CHECK(fx.allocator.bytes_in_use() == 16 * KiB);  // the new L2 table was given back
    CHECK(fx.table.table_count() == 4);
    CHECK(fx.table.stats().tables_freed == 1);
    const PageTableWalk walk = fx.table.walk(GiB);
    CHECK(walk.faulted());
    CHECK(walk.reads() == 2);  // the L1 entry is invalid again
    // Freeing the first page's tables makes room.
    CHECK(fx.table.unmap(0, 4 * KiB).tables_freed);
    CHECK(fx.table.table_count() == 1);
    REQUIRE(fx.table.map(GiB, kPhys, 4 * KiB, kRW) == 0);
    check_walk(fx, GiB, kPhys, 4 * KiB, 4);
    CHECK(fx.table.map(0, kPhys, 4 * KiB, kRW) == -ENOMEM);  // and now that one cannot fit
  }
  SECTION("Exynos with room for the lv1 table and one lv2 table") {
    Fixture fx(PageTableFormatKind::exynos_sysmmu, 16 * KiB + 1 * KiB);
    REQUIRE(fx.table.map(0x1000'0000, kPhys, 4 * KiB, kRW) == 0);
    CHECK(fx.table.map(0x1010'0000, kPhys, 4 * KiB, kRW) == -ENOMEM);
    CHECK(fx.table.map(0x1010'0000, 0x4010'0000, MiB, kRW) == 0);  // a section needs no table
    check_walk(fx, 0x1010'0000, 0x4010'0000, MiB, 1);
  }
}

TEST_CASE("construction needs room for the root inside the output range", "[iommu][pagetable]") {
  const auto arm = wakesim::make_page_table_format(PageTableFormatKind::arm64_4k);
  const auto exynos = wakesim::make_page_table_format(PageTableFormatKind::exynos_sysmmu);
  SparseTestMemory memory;
  PageTableAllocator small(kTableRegion, 2 * KiB);
  CHECK_THROWS_AS(IommuPageTable(*arm, memory, small), std::runtime_error);
  PageTableAllocator high(std::uint64_t{1} << 32, 64 * KiB);
  CHECK_THROWS_AS(IommuPageTable(*exynos, memory, high), std::invalid_argument);

  // Destruction gives every table back.
  PageTableAllocator allocator(kTableRegion, MiB);
  {
    IommuPageTable table(*arm, memory, allocator);
    REQUIRE(table.map(0, kPhys, 4 * KiB, kRW) == 0);
    REQUIRE(table.map(GiB, kPhys, 4 * KiB, kRW) == 0);
    CHECK(allocator.blocks_in_use() == 6);
  }
  CHECK(allocator.blocks_in_use() == 0);
}

// The domain's pgsize_bitmap restricted (IommuPageTable's page_sizes, a driver's
// choice such as intel_iommu=sp_off): the same aligned range that the full bitmap
// maps as blocks is mapped with the largest size the restricted bitmap allows.
TEST_CASE("restricted page sizes map an aligned range with 4 KiB pages or 2 MiB blocks only", "[iommu][pagetable]") {
  const auto arm = wakesim::make_page_table_format(PageTableFormatKind::arm64_4k);
  SparseTestMemory memory;
  PageTableAllocator allocator(kTableRegion, 16 * MiB);

  // 4 KiB only: a 1 GiB-aligned 4 MiB range is 1024 pages (1024 leaf PTEs) in two leaf tables.
  IommuPageTable pages(*arm, memory, allocator, 4 * KiB);
  CHECK(pages.page_sizes() == 4 * KiB);
  REQUIRE(pages.map(GiB, 2 * GiB, 4 * MiB, kRW) == 0);
  CHECK(pages.table_count() == 5);              // root, L1, L2 and two L3 tables
  CHECK(pages.stats().pte_writes == 1024 + 4);  // the pages and the four table entries
  PageTableWalk walk = pages.walk(GiB + 3 * MiB + 0x123);
  REQUIRE(walk.translated());
  CHECK(walk.page_size() == 4 * KiB);
  CHECK(walk.output_address() == 2 * GiB + 3 * MiB + 0x123);

  // Up to 2 MiB: the same range is two blocks, although a 1 GiB block would fit its
  // alignment at GiB if the range were long enough; a whole 1 GiB is 512 blocks.
  IommuPageTable blocks(*arm, memory, allocator, 4 * KiB | 2 * MiB);
  REQUIRE(blocks.map(GiB, 2 * GiB, 4 * MiB, kRW) == 0);
  CHECK(blocks.table_count() == 3);  // root, L1, L2: the blocks sit in L2
  walk = blocks.walk(GiB + 3 * MiB);
  REQUIRE(walk.translated());
  CHECK(walk.page_size() == 2 * MiB);
  REQUIRE(blocks.map(4 * GiB, 8 * GiB, GiB, kRW) == 0);
  walk = blocks.walk(4 * GiB + 0x1234'5678);
  REQUIRE(walk.translated());
  CHECK(walk.page_size() == 2 * MiB);

  // The full bitmap (0: the format's) maps that 1 GiB as one block.
  IommuPageTable largest(*arm, memory, allocator);
  CHECK(largest.page_sizes() == arm->page_sizes());
  REQUIRE(largest.map(4 * GiB, 8 * GiB, GiB, kRW) == 0);
  walk = largest.walk(4 * GiB + 0x1234'5678);
  REQUIRE(walk.translated());
  CHECK(walk.page_size() == GiB);
}

TEST_CASE("page sizes outside the format or without its smallest page are refused", "[iommu][pagetable]") {
  const auto arm = wakesim::make_page_table_format(PageTableFormatKind::arm64_4k);
  SparseTestMemory memory;
  PageTableAllocator allocator(kTableRegion, MiB);
  CHECK_THROWS_AS(IommuPageTable(*arm, memory, allocator, 64 * KiB), std::invalid_argument);
  CHECK_THROWS_AS(IommuPageTable(*arm, memory, allocator, 4 * KiB | 64 * KiB), std::invalid_argument);
  CHECK_THROWS_AS(IommuPageTable(*arm, memory, allocator, 2 * MiB), std::invalid_argument);
  CHECK(allocator.blocks_in_use() == 0);  // refused before the root was allocated
}

// Page-table formats: geometry per format, descriptor bit layouts against
// hand-assembled words, decoding of invalid, table and leaf entries, and the
// step-by-step walk over hand-written tables.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>

#include "wakesim/iommu/arm_lpae_format.h"
#include "wakesim/iommu/exynos_sysmmu_format.h"
#include "wakesim/iommu/page_table_walk.h"
#include "wakesim/iommu/rockchip_iommu_format.h"

using wakesim::AccessPermissions;
using wakesim::ArmGranule;
using wakesim::ArmLpaeFormat;
using wakesim::DecodedPte;
using wakesim::ExynosSysmmuFormat;
using wakesim::PageTableWalk;
using wakesim::PteKind;
using wakesim::RockchipIommuFormat;

namespace {

constexpr std::uint64_t KiB = 1024;
constexpr std::uint64_t MiB = 1024 * KiB;
constexpr std::uint64_t GiB = 1024 * MiB;

const auto kRO = AccessPermissions::read_only();
const auto kRW = AccessPermissions::read_write();
const auto kWO = AccessPermissions::write_only();

void check_leaf(const DecodedPte& d, std::uint64_t address, std::uint64_t size, AccessPermissions perms) {
  CHECK(d.kind == PteKind::leaf);
  CHECK(d.address == address);
  CHECK(d.page_size == size);
  CHECK(d.perms == perms);
}

}  // namespace

TEST_CASE("ARM 4 KiB granule geometry is four 9-bit levels with 1 GiB and 2 MiB blocks", "[iommu][pagetable]") {
  const ArmLpaeFormat f(ArmGranule::k4KiB);
  CHECK(f.levels() == 4);
  CHECK(f.entry_bytes() == 8);
  CHECK(f.input_bits() == 48);
  for (unsigned l = 0; l < 4; ++l) {
    CHECK(f.index_bits(l) == 9);
    CHECK(f.index_shift(l) == 39 - 9 * l);
    CHECK(f.table_bytes(l) == 4 * KiB);
    CHECK(f.architectural_level(l) == l);
  }
  CHECK(f.page_sizes() == (4 * KiB | 2 * MiB | GiB));
  CHECK(f.leaf_level(GiB) == 1u);
  CHECK(f.leaf_level(2 * MiB) == 2u);
  CHECK(f.leaf_level(4 * KiB) == 3u);
  CHECK_FALSE(f.leaf_level(512 * GiB).has_value());
  // IOVA 0x0000_8040_3020_1abc: indices 1, 1, 1, 1 and offset 0xabc... computed.
  const std::uint64_t iova = (std::uint64_t{5} << 39) | (std::uint64_t{6} << 30) | (7u << 21) | (8u << 12) | 0xabc;
  CHECK(f.pte_address(0, 0x10000, iova) == 0x10000 + 5 * 8);
  CHECK(f.pte_address(1, 0x20000, iova) == 0x20000 + 6 * 8);
  CHECK(f.pte_address(2, 0x30000, iova) == 0x30000 + 7 * 8);
  CHECK(f.pte_address(3, 0x40000, iova) == 0x40000 + 8 * 8);
}

TEST_CASE("ARM 64 KiB granule geometry is three levels with a 512 byte root", "[iommu][pagetable]") {
  const ArmLpaeFormat f(ArmGranule::k64KiB);
  CHECK(f.levels() == 3);
  CHECK(f.index_shift(0) == 42);
  CHECK(f.index_bits(0) == 6);
  CHECK(f.index_shift(1) == 29);
  CHECK(f.index_bits(1) == 13);
  CHECK(f.index_shift(2) == 16);
  CHECK(f.index_bits(2) == 13);
  CHECK(f.table_bytes(0) == 512);
  CHECK(f.table_bytes(1) == 64 * KiB);
  CHECK(f.page_sizes() == (64 * KiB | 512 * MiB));
  CHECK(f.architectural_level(0) == 1);
  CHECK(f.leaf_sizes(0) == 0);  // no L1 blocks without 52-bit addressing
}

TEST_CASE("ARM 4 KiB tables with a 39-bit IOVA walk three levels", "[iommu][pagetable]") {
  const ArmLpaeFormat f(ArmGranule::k4KiB, 39);
  CHECK(f.levels() == 3);
  CHECK(f.architectural_level(0) == 1);
  CHECK(f.page_sizes() == (4 * KiB | 2 * MiB | GiB));
  CHECK(f.leaf_level(GiB) == 0u);
  CHECK_THROWS_AS(ArmLpaeFormat(ArmGranule::k4KiB, 49), std::invalid_argument);
  CHECK_THROWS_AS(ArmLpaeFormat(ArmGranule::k64KiB, 29), std::invalid_argument);
}

TEST_CASE("ARM descriptors have the VMSAv8-64 bit layout", "[iommu][pagetable]") {
  const ArmLpaeFormat f(ArmGranule::k4KiB);
  // valid|page (0b11), AP[1] 0x40, SH 0x300, AF 0x400, nG 0x800 = 0xf43; AP[2]
  // read-only adds 0x80; UXN|PXN is 3 << 53 = 0x0060_0000_0000_0000.
  CHECK(f.encode_leaf(3, 0x1234'5000, 4 * KiB, kRW) == 0x0060'0000'1234'5F43ull);
  CHECK(f.encode_leaf(3, 0x1234'5000, 4 * KiB, kRO) == 0x0060'0000'1234'5FC3ull);
  // A block leaves bit 1 clear.
  CHECK(f.encode_leaf(2, 0x8040'0000, 2 * MiB, kRW) == 0x0060'0000'8040'0F41ull);
  CHECK(f.encode_leaf(1, 0x1'4000'0000, GiB, kRO) == 0x0060'0001'4000'0FC1ull);
  CHECK(f.encode_table(0, 0xABCD'E000) == 0xABCD'E003ull);
  // Write-only cannot be said in stage-1 AP: it is stored read-write.
  CHECK(f.encode_leaf(3, 0x1000, 4 * KiB, kWO) == f.encode_leaf(3, 0x1000, 4 * KiB, kRW));
  CHECK(f.representable(kWO) == kRW);

  check_leaf(f.decode(3, 0x0060'0000'1234'5FC3ull), 0x1234'5000, 4 * KiB, kRO);
  check_leaf(f.decode(2, 0x0060'0000'8040'0F41ull), 0x8040'0000, 2 * MiB, kRW);
  check_leaf(f.decode(1, 0x0060'0001'4000'0FC1ull), 0x1'4000'0000, GiB, kRO);
  const DecodedPte table = f.decode(0, 0xABCD'E003ull);
  CHECK(table.kind == PteKind::table);
  CHECK(table.address == 0xABCD'E000);
  for (unsigned l = 0; l < 4; ++l) CHECK(f.decode(l, 0).kind == PteKind::invalid);
  CHECK(f.decode(3, 0x0060'0000'1234'5F42ull).kind == PteKind::invalid);  // valid bit clear
  CHECK(f.decode(0, 0x0000'0080'0000'0741ull).kind == PteKind::invalid);  // no L0 blocks
  CHECK(f.decode(3, 0x0000'0000'1234'5741ull).kind == PteKind::invalid);  // reserved at L3

  CHECK_THROWS_AS(f.encode_leaf(3, 0x1800, 4 * KiB, kRW), std::invalid_argument);  // misaligned
  CHECK_THROWS_AS(f.encode_leaf(3, 0x1000, 2 * MiB, kRW), std::invalid_argument);  // not a leaf here
  CHECK_THROWS_AS(f.encode_leaf(3, std::uint64_t{1} << 48, 4 * KiB, kRW), std::invalid_argument);
  CHECK_THROWS_AS(f.encode_leaf(3, 0x1000, 4 * KiB, AccessPermissions{}), std::invalid_argument);
  CHECK_THROWS_AS(f.encode_table(3, 0x1000), std::invalid_argument);
}

TEST_CASE("ARM 64 KiB descriptors take addresses from bit 16", "[iommu][pagetable]") {
  const ArmLpaeFormat f(ArmGranule::k64KiB);
  CHECK(f.encode_table(0, 0x7654'0000) == 0x7654'0003ull);
  CHECK(f.decode(0, 0x7654'F003ull).address == 0x7654'0000);  // bits [15:12] are not address
  check_leaf(f.decode(1, f.encode_leaf(1, 0x6000'0000, 512 * MiB, kRW)), 0x6000'0000, 512 * MiB, kRW);
  check_leaf(f.decode(2, f.encode_leaf(2, 0x6001'0000, 64 * KiB, kRO)), 0x6001'0000, 64 * KiB, kRO);
}

TEST_CASE("Exynos SysMMU descriptors have the exynos-iommu bit layout", "[iommu][pagetable]") {
  const ExynosSysmmuFormat f;
  CHECK(f.levels() == 2);
  CHECK(f.entry_bytes() == 4);
  CHECK(f.entries_per_table(0) == 4096);
  CHECK(f.table_bytes(0) == 16 * KiB);
  CHECK(f.entries_per_table(1) == 256);
  CHECK(f.table_bytes(1) == 1 * KiB);
  CHECK(f.page_sizes() == (4 * KiB | 64 * KiB | MiB));
  // Section: type 0b10, AP[0] bit 10, AP[2] bit 15 (SYSMMU_LV1_PROT).
  CHECK(f.encode_leaf(0, 0x4010'0000, MiB, kRW) == 0x4010'0402u);
  CHECK(f.encode_leaf(0, 0x4010'0000, MiB, kRO) == 0x4010'8402u);
  CHECK(f.encode_table(0, 0x8000'0400) == 0x8000'0401u);
  // Small page: bit 1; large page: type 0b01; AP[0] bit 4, AP[2] bit 9.
  CHECK(f.encode_leaf(1, 0x1234'5000, 4 * KiB, kRO) == 0x1234'5212u);
  CHECK(f.encode_leaf(1, 0x1235'0000, 64 * KiB, kRW) == 0x1235'0011u);
  CHECK(f.representable(kWO) == kRW);

  check_leaf(f.decode(0, 0x4010'8402u), 0x4010'0000, MiB, kRO);
  check_leaf(f.decode(1, 0x1234'5212u), 0x1234'5000, 4 * KiB, kRO);
  check_leaf(f.decode(1, 0x1234'5213u), 0x1234'5000, 4 * KiB, kRO);  // 0b11 is small too
  check_leaf(f.decode(1, 0x1235'0011u), 0x1235'0000, 64 * KiB, kRW);
  check_leaf(f.decode(0, 0x4010'0002u), 0x4010'0000, MiB, AccessPermissions{});  // no access
  const DecodedPte link = f.decode(0, 0x8000'0401u);
  CHECK(link.kind == PteKind::table);
  CHECK(link.address == 0x8000'0400);
  CHECK(f.decode(0, 0).kind == PteKind::invalid);
  CHECK(f.decode(0, 0x4010'0003u).kind == PteKind::invalid);  // 0b11 is a fault at lv1
  CHECK(f.decode(1, 0x1234'5000u).kind == PteKind::invalid);
  CHECK_THROWS_AS(f.encode_table(0, 0x8000'0200), std::invalid_argument);  // lv2 is 1 KiB aligned
  CHECK_THROWS_AS(f.encode_leaf(0, std::uint64_t{1} << 32, MiB, kRW), std::invalid_argument);
}

TEST_CASE("Rockchip descriptors have independent read and write bits", "[iommu][pagetable]") {
  const RockchipIommuFormat f;
  CHECK(f.levels() == 2);
  CHECK(f.index_shift(0) == 22);
  CHECK(f.index_bits(0) == 10);
  CHECK(f.table_bytes(0) == 4 * KiB);
  CHECK(f.table_bytes(1) == 4 * KiB);
  CHECK(f.page_sizes() == 4 * KiB);
  CHECK(f.encode_table(0, 0x8000'1000) == 0x8000'1001u);
  CHECK(f.encode_leaf(1, 0x1234'5000, 4 * KiB, kRW) == 0x1234'5007u);
  CHECK(f.encode_leaf(1, 0x1234'5000, 4 * KiB, kRO) == 0x1234'5003u);
  CHECK(f.encode_leaf(1, 0x1234'5000, 4 * KiB, kWO) == 0x1234'5005u);
  check_leaf(f.decode(1, 0x1234'5005u), 0x1234'5000, 4 * KiB, kWO);
  CHECK(f.decode(0, 0x8000'1000u).kind == PteKind::invalid);
  CHECK(f.decode(1, 0x1234'5006u).kind == PteKind::invalid);
  CHECK(f.representable(kWO) == kWO);
}

TEST_CASE("a walk reads one PTE per level and stops at a leaf or a fault", "[iommu][pagetable]") {
  const ArmLpaeFormat f(ArmGranule::k4KiB);
  const std::uint64_t iova = 0x0000'0040'2030'1abcull;
  PageTableWalk walk(f, 0x1000, iova);
  CHECK(walk.pte_address() == 0x1000 + f.index(0, iova) * 8);
  walk.advance(f.encode_table(0, 0x2000));
  CHECK(walk.level() == 1);
  CHECK(walk.pte_address() == 0x2000 + f.index(1, iova) * 8);
  walk.advance(f.encode_table(1, 0x3000));
  walk.advance(f.encode_leaf(2, 0x8020'0000, 2 * MiB, kRW));  // a 2 MiB block at L2
  REQUIRE(walk.translated());
  CHECK(walk.reads() == 3);
  CHECK(walk.page_size() == 2 * MiB);
  CHECK(walk.output_address() == 0x8020'0000 + (iova & (2 * MiB - 1)));
  CHECK(walk.step(1).pte_address == 0x2000 + f.index(1, iova) * 8);
  CHECK_THROWS_AS(walk.advance(0), std::logic_error);

  PageTableWalk fault(f, 0x1000, iova);
  fault.advance(f.encode_table(0, 0x2000));
  fault.advance(0);
  CHECK(fault.faulted());
  CHECK(fault.level() == 1);
  CHECK(fault.reads() == 2);

  PageTableWalk beyond(f, 0x1000, std::uint64_t{1} << 48);
  CHECK(beyond.faulted());
  CHECK(beyond.out_of_range());
  CHECK(beyond.reads() == 0);

  PageTableWalk resumed = PageTableWalk::from_level(f, iova, 3, 0x4000);
  CHECK(resumed.pte_address() == 0x4000 + f.index(3, iova) * 8);
  resumed.advance(f.encode_leaf(3, 0x9000, 4 * KiB, kRO));
  CHECK(resumed.translated());
  CHECK(resumed.reads() == 1);
  CHECK(resumed.output_address() == 0x9abc);
  CHECK_THROWS_AS(PageTableWalk::from_level(f, iova, 4, 0x4000), std::invalid_argument);
}

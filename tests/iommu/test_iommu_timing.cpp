// The IOMMU's translation time against hand sums: a cold walk is levels x PTE
// read latency plus the documented fixed costs (the TLB lookup that detects the
// miss, the walk-cache lookup), a walk-cache hit reads exactly the levels below
// the cached table, a TLB hit costs the hit latency; once with a fixed-latency
// memory and once through the Interconnect and the LPDDR4 Dram (row hits and
// misses worked out). Times in nanoseconds.
#include <catch2/catch.hpp>

#include "iommu_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using wakesim::test::flat_dram;
using wakesim::test::iommu_params;
using wakesim::test::IommuRig;
using wakesim::test::IommuRigOptions;
using wakesim::test::lpddr4_dram;
using wakesim::test::ns;
using wakesim::test::run_in_thread;

namespace {

const auto kRW = AccessPermissions::read_write();

std::uint64_t ps(double nanoseconds) { return ns(nanoseconds).value(); }

}  // namespace

TEST_CASE("a cold walk costs levels times the PTE read latency plus the TLB and walk cache lookups",
          "[iommu][timing]") {
  // TLB lookup 2, walk-cache lookup 1, four PTE reads of 20, target 10:
  // the miss is known at 2, the walk ends at 2 + 1 + 4 x 20 = 83 (the target sees
  // the physical address then) and the read completes at 93.
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x4000, kRW) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    CHECK(rig.master().read(0x1000'0010) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master().done() == ns(93));
    CHECK(rig.target->last_arrival == ns(83));
    CHECK(rig.target->last_address == 0x40'0010);
    // The same page again: a hit, 2 + 10 after 93.
    CHECK(rig.master().read(0x1000'0ff0) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master().done() == ns(105));
  });
  CHECK(rig.master().payload.get_address() == 0x1000'0ff0);  // the IOVA is restored
  const IommuPortStats& s = rig.iommu.port_stats(0);
  CHECK(s.transactions == 2);
  CHECK(s.tlb_misses == 1);
  CHECK(s.tlb_hits == 1);
  CHECK(s.walks == 1);
  CHECK(s.walk_latency.count() == 1);
  CHECK(s.walk_latency.max() == ps(81));  // walk-cache lookup + 4 reads
  CHECK(s.walk_queueing.max() == 0);
  CHECK(rig.iommu.page_walker().stats().pte_reads == 4);
  CHECK(rig.dram.stats().reads == 4);
  CHECK(rig.iommu.walk_cache().valid_entries() == 3);  // the L1, L2 and L3 table pointers
  // Translation time: the miss's 2 + 81 and the hit's 2, on the wildcard binding.
  CHECK(rig.iommu.translation_time(0, Iommu::kAnyStream) == ns(85));
  CHECK(rig.iommu.translation_time(0, 10) == sc_core::SC_ZERO_TIME);
}

TEST_CASE("a walk cache hit skips exactly the levels above the cached table", "[iommu][timing]") {
  // After the cold walk of 0x1000_0000 (done at 93, as above), each miss costs
  // 2 + 1 + k x 20 + 10, k = 4 - the level of the deepest cached table:
  //   0x1000_1000 same L3 table:          k = 1, done at 126
  //   0x1020_0000 same L2, new L3 table:   k = 2, done at 179
  //   0x5000_0000 same L1, new L2 table:   k = 3, done at 252
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x4000, kRW) == 0);
  REQUIRE(rig.driver.map(0, 0x1020'0000, 0x50'0000, 0x1000, kRW) == 0);
  REQUIRE(rig.driver.map(0, 0x5000'0000, 0x60'0000, 0x1000, kRW) == 0);
  rig.device.set_active();
  std::vector<sc_core::sc_time> done;
  run_in_thread([&] {
    for (std::uint64_t iova : {0x1000'0000ull, 0x1000'1000ull, 0x1020'0000ull, 0x5000'0000ull}) {
      CHECK(rig.master().read(iova) == tlm::TLM_OK_RESPONSE);
      done.push_back(rig.master().done());
    }
  });
  REQUIRE(done.size() == 4);
  CHECK(done[0] == ns(93));
  CHECK(done[1] == ns(93 + 2 + 1 + 1 * 20 + 10));   // 126
  CHECK(done[2] == ns(126 + 2 + 1 + 2 * 20 + 10));  // 179
  CHECK(done[3] == ns(179 + 2 + 1 + 3 * 20 + 10));  // 252
  CHECK(rig.target->last_address == 0x60'0000);
  const WalkCacheStats& wc = rig.iommu.walk_cache().stats();
  CHECK(wc.lookups == 4);
  CHECK(wc.hits == 3);
  CHECK(wc.misses == 1);
  CHECK(wc.levels_skipped == 3 + 2 + 1);
  CHECK(rig.iommu.page_walker().stats().pte_reads == 4 + 1 + 2 + 3);
  CHECK(rig.iommu.port_stats(0).walk_latency.min() == ps(1 + 20));
  CHECK(rig.iommu.port_stats(0).walk_latency.max() == ps(1 + 80));
}

TEST_CASE("without a walk cache every miss reads every level and pays no walk cache lookup", "[iommu][timing]") {
  // 2 + 4 x 20 + 10 = 92 for each of two pages that share every table.
  IommuRigOptions options;
  options.iommu = iommu_params(1, /*walk_cache=*/false);
  IommuRig rig(options);
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    rig.master().read(0x1000'0000);
    CHECK(rig.master().done() == ns(92));
    rig.master().read(0x1000'1000);
    CHECK(rig.master().done() == ns(184));
  });
  CHECK(rig.iommu.page_walker().stats().pte_reads == 8);
  CHECK(rig.iommu.walk_cache().stats().lookups == 0);
}

TEST_CASE("a two level exynos walk reads two PTEs cold and one after a first level descriptor hit", "[iommu][timing]") {
  // Cold: 2 + 1 + 2 x 20 = 43, done 53. Next page (same lv2 table, the lv1
  // descriptor cached): 53 + 2 + 1 + 20 + 10 = 86.
  IommuRig rig(IommuRigOptions{});
  rig.attach_all(PageTableFormatKind::exynos_sysmmu);
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    rig.master().read(0x1000'0004);
    CHECK(rig.master().done() == ns(53));
    rig.master().read(0x1000'1004);
    CHECK(rig.master().done() == ns(86));
  });
  CHECK(rig.target->last_address == 0x40'1004);
  CHECK(rig.iommu.page_walker().stats().pte_reads == 3);
  CHECK(rig.iommu.walk_cache().stats().hits == 1);
}

TEST_CASE("through the interconnect and lpddr4 a cold walk pays four row misses and a second walk four row hits",
          "[iommu][timing][fabric]") {
  // Bus: 8 B or 4 B take one 2.5 ns cycle of the DRAM port, then a 5 ns hop, so
  // the Dram sees a read 7.5 after it is issued. Dram: RL 17.5, tRCD 18.125 for
  // an ACT into a precharged bank, 8 B / 6.4 GB/s = 1.25 (4 B: 0.625). So one PTE
  // read costs 7.5 + 17.5 + 18.125 + 1.25 = 44.375 on a closed bank and
  // 7.5 + 17.5 + 1.25 = 26.25 on an open row.
  // The tables (root, L1, L2, L3) are the first four 4 KiB pages from 1 MiB; the
  // PTEs read for IOVA 0x1000_0xxx lie at 0x100000, 0x101000, 0x102400 (L2 index
  // 128) and 0x103000: banks 0, 2, 4, 6 (address / 2048 mod 8), all row 64
  // (address / 16 KiB): four closed banks.
  // Read of IOVA 0x1000_0800 at 0: TLB 2, walk 4 x 44.375 = 177.5, data read of
  // phys 0x400800 (bank 1, row 256, closed) 7.5 + 17.5 + 18.125 + 0.625 = 43.75:
  // done at 223.25.
  // Read of IOVA 0x1000_1800: TLB 2, walk over the same rows (L3 PTE 0x103008)
  // 4 x 26.25 = 105, data at 0x401800 (bank 3, closed) 43.75: 223.25 + 150.75 = 374.
  IommuRigOptions options;
  options.iommu = iommu_params(1, /*walk_cache=*/false);
  options.fabric = true;
  options.bus = wakesim::test::fabric_bus(5);
  options.dram = lpddr4_dram();
  IommuRig rig(options);
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  REQUIRE(rig.driver.page_table(0)->root() == 0x10'0000);
  rig.device.set_active();
  run_in_thread([&] {
    CHECK(rig.master().read(0x1000'0800) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master().done() == ns(223.25));
    CHECK(rig.master().read(0x1000'1800) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master().done() == ns(374));
  });
  const IommuPortStats& s = rig.iommu.port_stats(0);
  CHECK(s.walk_latency.min() == ps(105));
  CHECK(s.walk_latency.max() == ps(177.5));
  CHECK(rig.dram.stats().reads == 10);
  CHECK(rig.dram.stats().row_empty == 6);
  CHECK(rig.dram.stats().row_hits == 4);
  CHECK(rig.dram.stats().row_conflicts == 0);
  // Walker and data path are two initiator ports of the bus.
  CHECK(rig.bus->initiator_port(0).transactions == 2);  // `out` bound first
  CHECK(rig.bus->initiator_port(1).transactions == 8);  // `walker`
}

TEST_CASE("a transaction crossing a page is split and each piece is translated and forwarded in turn",
          "[iommu][timing][split]") {
  // 64 B at IOVA 0x1000_0FE0: 32 B in page 0 (phys 0x40_0000) and 32 B in page 1
  // (phys 0x50_0000, not contiguous). Piece 1: TLB 2, cold walk 1 + 80, out at
  // 83, done 93. Piece 2: TLB lookup from 83, miss at 85, walk-cache hit (L3
  // table): 1 + 20, out at 106, done 116. The transaction completes at 116.
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x1000, kRW) == 0);
  REQUIRE(rig.driver.map(0, 0x1000'1000, 0x50'0000, 0x1000, kRW) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    CHECK(rig.master().write(0x1000'0FE0, 64) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master().done() == ns(116));
  });
  CHECK(rig.target->transactions == 2);
  CHECK(rig.target->last_address == 0x50'0000);
  CHECK(rig.target->last_length == 32);
  CHECK(rig.target->last_arrival == ns(106));
  const tlm::tlm_generic_payload& p = rig.master().payload;
  CHECK(p.get_address() == 0x1000'0FE0);  // restored whole
  CHECK(p.get_data_length() == 64);
  CHECK(p.get_streaming_width() == 64);
  CHECK(p.get_data_ptr() == rig.master().buffer.data());
  const IommuPortStats& s = rig.iommu.port_stats(0);
  CHECK(s.split_transactions == 1);
  CHECK(s.tlb_misses == 2);
  CHECK(s.bytes == 64);
}

TEST_CASE("a transaction with byte enables that crosses a page is refused with a burst error",
          "[iommu][timing][split]") {
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  rig.device.set_active();
  unsigned char enables[4] = {0xff, 0xff, 0x00, 0xff};
  tlm::tlm_response_status response = tlm::TLM_INCOMPLETE_RESPONSE;
  run_in_thread([&] {
    tlm::tlm_generic_payload& p = rig.master().payload;
    p.set_command(tlm::TLM_WRITE_COMMAND);
    p.set_address(0x1000'0FF0);
    p.set_data_ptr(rig.master().buffer.data());
    p.set_data_length(32);
    p.set_streaming_width(32);
    p.set_byte_enable_ptr(enables);
    p.set_byte_enable_length(4);
    p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    response = rig.master().initiator.transport(p);
    p.set_byte_enable_ptr(nullptr);
    p.set_byte_enable_length(0);
  });
  CHECK(response == tlm::TLM_BURST_ERROR_RESPONSE);
  CHECK(rig.target->transactions == 0);
  CHECK(rig.iommu.port_stats(0).downstream_errors == 1);
  CHECK(rig.iommu.port_stats(0).split_transactions == 0);
}

// Invalidation by page range (what unmap gathers), by ASID and of everything:
// each costs its register writes and a sync (write 50 ns, sync 400 ns), spent by
// the calling thread, and the next access to an invalidated page misses and
// walks. Times in nanoseconds (TLB 2, walk-cache lookup 1, PTE read 20, target 10).
#include <catch2/catch.hpp>

#include <cerrno>

#include "iommu_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using wakesim::test::iommu_params;
using wakesim::test::IommuRig;
using wakesim::test::IommuRigOptions;
using wakesim::test::ns;
using wakesim::test::run_in_thread;

namespace {

const auto kRW = AccessPermissions::read_write();
constexpr std::uint64_t kIova = 0x1000'0000;

// Four 4 KiB pages at kIova, each read once: four TLB entries, three walk-cache entries.
void warm_up(IommuRig& rig) {
  for (std::uint64_t page = 0; page < 4; ++page) {
    REQUIRE(rig.master().read(kIova + page * 0x1000) == tlm::TLM_OK_RESPONSE);
  }
  REQUIRE(rig.iommu.tlb().valid_entries() == 4);
  REQUIRE(rig.iommu.walk_cache().valid_entries() == 3);
}

// Runs `call` in the test thread and returns how long it took in simulated time.
template <class Call>
sc_core::sc_time timed(Call call) {
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  call();
  return sc_core::sc_time_stamp() - start;
}

}  // namespace

TEST_CASE("unmap invalidates the gathered pages at one write per page plus a sync and they then fault",
          "[iommu][invalidation]") {
  // Unmapping pages 1 and 2: 2 writes + 1 sync write = 3 x 50 + 400 = 550.
  // Page 1 then misses: the walk cache lost the tables above it, so a full walk
  // finds the L3 entry empty: 2 + 1 + 4 x 20 = 83 after the start. Page 0 still hits.
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, 0x40'0000, 0x4000, kRW) == 0);
  rig.device.set_active();
  sc_core::sc_time unmap_time;
  sc_core::sc_time fault_start;
  run_in_thread([&] {
    warm_up(rig);
    unmap_time = timed([&] {
      const UnmapResult result = rig.driver.unmap(0, kIova + 0x1000, 0x2000);
      CHECK(result.unmapped == 0x2000);
      REQUIRE(result.invalidate.size() == 1);
    });
    CHECK(rig.iommu.tlb().valid_entries() == 2);
    CHECK(rig.iommu.walk_cache().valid_entries() == 0);
    fault_start = sc_core::sc_time_stamp();
    CHECK(rig.master().read(kIova + 0x1000) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(rig.master().done() - fault_start == ns(83));
    const sc_core::sc_time hit_start = sc_core::sc_time_stamp();
    CHECK(rig.master().read(kIova) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master().done() - hit_start == ns(12));
  });
  CHECK(unmap_time == ns(550));
  CHECK(rig.driver.stats().register_writes == 3);
  CHECK(rig.driver.stats().register_time == ns(550));
  CHECK(rig.iommu.registers().total_writes() == 3);
  CHECK(rig.iommu.stats().range_invalidations == 1);
  CHECK(rig.iommu.tlb().stats().invalidated_entries == 2);
  CHECK(rig.iommu.port_stats(0).translation_faults == 1);
  REQUIRE(rig.interrupts.size() == 1);
  CHECK(rig.interrupts[0].level == 3);
}

TEST_CASE("invalidation by ASID costs one write and a sync and drops only that ASID", "[iommu][invalidation]") {
  // Context 0 (ASID 1) serves port 0, context 1 (ASID 2) port 1. Flushing ASID 1
  // takes (1 + 1) x 50 + 400 = 500; port 0's next read misses and walks from
  // the root (4 reads: 2 + 1 + 80 + 10 = 93), port 1's still hits (2 + 10).
  IommuRigOptions options;
  options.iommu = iommu_params(2);
  options.masters = 2;
  IommuRig rig(options);
  REQUIRE(rig.driver.create_context(0, PageTableFormatKind::arm64_4k, 1) == 0);
  REQUIRE(rig.driver.create_context(1, PageTableFormatKind::arm64_4k, 2) == 0);
  REQUIRE(rig.driver.attach_stream(0, 10, 0) == 0);
  REQUIRE(rig.driver.attach_stream(1, 11, 1) == 0);
  REQUIRE(rig.driver.map(0, kIova, 0x40'0000, 0x1000, kRW) == 0);
  REQUIRE(rig.driver.map(1, kIova, 0x50'0000, 0x1000, kRW) == 0);
  rig.device.set_active();
  sc_core::sc_time flush_time;
  sc_core::sc_time miss_time;
  sc_core::sc_time hit_time;
  run_in_thread([&] {
    rig.master(0).read(kIova);
    rig.master(1).read(kIova);
    REQUIRE(rig.iommu.tlb().valid_entries() == 2);
    flush_time = timed([&] { CHECK(rig.driver.flush_context(0) == 0); });
    const std::uint64_t reads_before = rig.iommu.page_walker().stats().pte_reads;
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    CHECK(rig.master(0).read(kIova) == tlm::TLM_OK_RESPONSE);
    miss_time = sc_core::sc_time_stamp() - start;
    CHECK(rig.iommu.page_walker().stats().pte_reads - reads_before == 4);
    CHECK(rig.target->last_address == 0x40'0000);
    const sc_core::sc_time start1 = sc_core::sc_time_stamp();
    CHECK(rig.master(1).read(kIova) == tlm::TLM_OK_RESPONSE);
    hit_time = sc_core::sc_time_stamp() - start1;
    CHECK(rig.target->last_address == 0x50'0000);
  });
  CHECK(flush_time == ns(500));
  CHECK(miss_time == ns(93));
  CHECK(hit_time == ns(12));
  CHECK(rig.iommu.stats().asid_invalidations == 1);
  CHECK(rig.iommu.port_stats(0).tlb_misses == 2);
  CHECK(rig.iommu.port_stats(1).tlb_misses == 1);
  CHECK(rig.iommu.port_stats(1).tlb_hits == 1);
}

TEST_CASE("invalidating everything costs one write and a sync and the next access walks again",
          "[iommu][invalidation]") {
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, 0x40'0000, 0x4000, kRW) == 0);
  rig.device.set_active();
  sc_core::sc_time flush_time;
  sc_core::sc_time next_time;
  run_in_thread([&] {
    warm_up(rig);
    flush_time = timed([&] { rig.driver.flush_all(); });
    CHECK(rig.iommu.tlb().valid_entries() == 0);
    CHECK(rig.iommu.walk_cache().valid_entries() == 0);
    next_time = timed([&] { CHECK(rig.master().read(kIova + 0x3000) == tlm::TLM_OK_RESPONSE); });
  });
  CHECK(flush_time == ns(500));
  CHECK(next_time == ns(93));  // a cold walk again: 2 + 1 + 80 + 10
  CHECK(rig.iommu.stats().all_invalidations == 1);
  CHECK(rig.iommu.port_stats(0).walks == 4 + 1);
}

TEST_CASE("programming a context and binding a stream cost their register writes while the IOMMU is active",
          "[iommu][invalidation]") {
  // A context: 4 context writes + 1 ASID invalidation + 1 sync = 6 x 50 + 400 =
  // 700. A stream binding: 2 x 50 = 100. While suspended both cost nothing.
  IommuRig rig(IommuRigOptions{});
  REQUIRE(rig.driver.create_context(0, PageTableFormatKind::arm64_4k, 1) == 0);
  CHECK(rig.iommu.registers().total_writes() == 0);
  CHECK(rig.iommu.stats().programs_while_suspended == 1);
  rig.device.set_active();
  sc_core::sc_time program_time;
  sc_core::sc_time bind_time;
  run_in_thread([&] {
    program_time = timed([&] { REQUIRE(rig.driver.create_context(1, PageTableFormatKind::arm64_64k, 2) == 0); });
    bind_time = timed([&] { REQUIRE(rig.driver.attach_stream(0, 10, 1) == 0); });
  });
  CHECK(program_time == ns(700));
  CHECK(bind_time == ns(100));
  CHECK(rig.iommu.registers().total_writes() == 8);
  CHECK(rig.iommu.context_of(0, 10) == 1);
  CHECK(rig.iommu.context_of(0, 11) == -1);
}

TEST_CASE("the iommu driver refuses bad banks ports and unknown contexts", "[iommu][driver]") {
  IommuRig rig(IommuRigOptions{});  // 4 context banks, 1 port
  CHECK(rig.driver.create_context(4, PageTableFormatKind::arm64_4k, 1) == -EINVAL);
  REQUIRE(rig.driver.create_context(0, PageTableFormatKind::rockchip, 1) == 0);
  CHECK(rig.driver.create_context(0, PageTableFormatKind::arm64_4k, 1) == -EBUSY);
  // Page sizes the format does not have (64 KiB in ARM 4 KiB tables): nothing allocated.
  const std::uint64_t bytes_before = rig.tables.bytes_in_use();
  CHECK(rig.driver.create_context(1, PageTableFormatKind::arm64_4k, 2, 0x1000 | 0x10000) == -EINVAL);
  CHECK(rig.driver.page_table(1) == nullptr);
  CHECK(rig.tables.bytes_in_use() == bytes_before);
  REQUIRE(rig.driver.create_context(1, PageTableFormatKind::arm64_4k, 2, 0x1000) == 0);
  CHECK(rig.driver.page_table(1)->page_sizes() == 0x1000);
  REQUIRE(rig.driver.map(1, 0x20'0000, 0x40'0000, 0x20'0000, kRW) == 0);  // 2 MiB aligned: 512 pages
  CHECK(rig.driver.page_table(1)->walk(0x20'0000).page_size() == 0x1000);
  CHECK(rig.driver.destroy_context(1) == 0);
  CHECK(rig.driver.attach_stream(1, 10, 0) == -EINVAL);  // no port 1
  CHECK(rig.driver.attach_stream(0, 10, 2) == -EINVAL);  // bank 2 has no table
  CHECK(rig.driver.map(2, 0x1000, 0x40'0000, 0x1000, kRW) == -EINVAL);
  CHECK(rig.driver.unmap(2, 0x1000, 0x1000).error == -EINVAL);
  CHECK(rig.driver.flush_context(2) == -EINVAL);
  REQUIRE(rig.driver.map(0, 0x1000, 0x40'0000, 0x1000, kRW) == 0);
  CHECK(rig.driver.page_table(0)->iova_to_phys(0x1234) == 0x40'0234);
  CHECK(rig.iommu.context(0).root == rig.driver.page_table(0)->root());
  CHECK(rig.iommu.context(0).format->name() == rig.driver.page_table(0)->format().name());
  CHECK(rig.driver.destroy_context(0) == 0);
  CHECK_FALSE(rig.iommu.context(0).in_use());
  CHECK(rig.driver.page_table(0) == nullptr);
  CHECK(rig.tables.bytes_in_use() == 0);
  CHECK(rig.driver.destroy_context(0) == -EINVAL);
}

// The IOMMU's page walker behind a system-level cache: a second walk through the
// same page-table lines hits the cache at its hit latency, against the closed
// form of tests/iommu/test_iommu_timing.cpp's cold walk.
#include <catch2/catch.hpp>

#include "iommu_rig.h"
#include "support/run_in_thread.h"
#include "wakesim/memory/system_cache.h"

using namespace wakesim;
using wakesim::test::flat_dram;
using wakesim::test::iommu_params;
using wakesim::test::kTableBase;
using wakesim::test::kTableBytes;
using wakesim::test::ns;
using wakesim::test::RecordingTarget;
using wakesim::test::run_in_thread;
using wakesim::test::StreamMaster;

namespace {

const auto kRW = AccessPermissions::read_write();

// As IommuRig's exact set-up (walker on a Dram of 20 ns per access, translated
// traffic to a 10 ns target), with a 5 ns system cache between walker and Dram,
// and no walk cache, so every walk reads all four levels.
struct CachedWalkRig {
  PmCore core{"pm"};
  RpmDevice device{"iommu_dev", core};
  Dram dram{"dram", flat_dram(20)};
  DramPhysicalMemory memory{dram};
  PageTableAllocator tables{kTableBase, kTableBytes};
  Iommu iommu{"iommu", iommu_params(1, false), device};
  IommuDriver driver{iommu, memory, tables};
  SystemCache slc{"slc", slc_params()};
  RecordingTarget target{"target", ns(10)};
  StreamMaster master{"master", 10};

  CachedWalkRig() {
    iommu.walker.bind(slc.in);
    slc.out.bind(dram.socket);
    iommu.out.bind(target.socket);
    master.initiator.socket.bind(iommu.port[0]);
  }
  static SystemCacheParams slc_params() {
    SystemCacheParams params;
    params.size = ByteSize{64 * 1024};
    params.hit_latency = ns(5);
    return params;
  }
};

}  // namespace

TEST_CASE("IOMMU walks through a system cache: the repeat walk hits every level at the hit latency",
          "[iommu][timing][slc]") {
  CachedWalkRig rig;
  REQUIRE(rig.driver.create_context(0, PageTableFormatKind::arm64_4k, 1) == 0);
  REQUIRE(rig.driver.attach_stream(0, Iommu::kAnyStream, 0) == 0);
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    // Cold: TLB 2 ns, four PTE reads each missing the cache (5 + 20 ns), target
    // 10 ns: 2 + 100 + 10 = 112 ns.
    CHECK(rig.master.read(0x1000'0010) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master.done() == ns(112));
    // The next page misses the TLB; its walk reads the same three table entries
    // and the L3 entry beside the first (the same 64 B line): four hits of 5 ns.
    // 112 + 2 + 20 + 10 = 144 ns.
    CHECK(rig.master.read(0x1000'1010) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master.done() == ns(144));
  });
  CHECK(rig.target.last_address == 0x40'1010);
  CHECK(rig.slc.stats().misses == 4);
  CHECK(rig.slc.stats().hits == 4);
  CHECK(rig.dram.stats().reads == 4);
  CHECK(rig.iommu.page_walker().stats().pte_reads == 8);
}

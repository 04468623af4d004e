// The limit on concurrent page-table walks: two masters miss at the same time
// on two ports. Walk cache off, TLB 2, four PTE reads of 20 from a memory with
// no contention, target 10: one walk is 80 and an uncontended read is done at
// 2 + 80 + 10 = 92. Times in nanoseconds.
#include <catch2/catch.hpp>

#include <algorithm>

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

struct TwoMisses {
  sc_core::sc_time first;
  sc_core::sc_time second;
};

// Master 0 reads iova_a and master 1 reads iova_b, both at time 0.
TwoMisses simultaneous_misses(IommuRig& rig, std::uint64_t iova_a, std::uint64_t iova_b) {
  sc_core::sc_time done_a;
  sc_core::sc_time done_b;
  sc_core::sc_spawn([&] {
    CHECK(rig.master(0).read(iova_a) == tlm::TLM_OK_RESPONSE);
    done_a = rig.master(0).done();
  });
  sc_core::sc_spawn([&] {
    CHECK(rig.master(1).read(iova_b) == tlm::TLM_OK_RESPONSE);
    done_b = rig.master(1).done();
  });
  sc_core::sc_start();
  return TwoMisses{std::min(done_a, done_b), std::max(done_a, done_b)};
}

IommuRigOptions two_masters(unsigned slots) {
  IommuRigOptions options;
  options.iommu = iommu_params(2, /*walk_cache=*/false, slots);
  options.masters = 2;
  return options;
}

std::uint64_t queueing_sum(const IommuRig& rig) {
  return static_cast<std::uint64_t>(rig.iommu.total_port_stats().walk_queueing.sum());
}

}  // namespace

TEST_CASE("with one walk slot two simultaneous misses serialize and the second ends one walk later",
          "[iommu][walk_slots]") {
  // Both miss at 2. The first walks 2..82 and is done at 92; the second waits
  // for the slot until 82 (queueing 80), walks 82..162 and is done at 172.
  IommuRig rig(two_masters(1));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  rig.device.set_active();
  const TwoMisses t = simultaneous_misses(rig, 0x1000'0000, 0x1000'1000);
  CHECK(t.first == ns(92));
  CHECK(t.second == ns(172));
  const IommuPortStats total = rig.iommu.total_port_stats();
  CHECK(total.walks == 2);
  CHECK(total.walk_queueing.count() == 2);
  CHECK(queueing_sum(rig) == ns(80).value());
  CHECK(total.walk_latency.min() == ns(80).value());
  CHECK(total.walk_latency.max() == ns(80).value());
  CHECK(rig.iommu.page_walker().slots().in_use() == 0);
}

TEST_CASE("with two walk slots two simultaneous misses overlap and end together", "[iommu][walk_slots]") {
  IommuRig rig(two_masters(2));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  rig.device.set_active();
  const TwoMisses t = simultaneous_misses(rig, 0x1000'0000, 0x1000'1000);
  CHECK(t.first == ns(92));
  CHECK(t.second == ns(92));
  CHECK(rig.iommu.total_port_stats().walks == 2);
  CHECK(queueing_sum(rig) == 0);
}

TEST_CASE("a miss that waited for the walk slot finds the page the first walk brought and does not walk",
          "[iommu][walk_slots]") {
  // Same page: the second miss gets the slot at 82, finds the page in the TLB,
  // gives the slot back and goes out at once: done at 82 + 10 = 92.
  IommuRig rig(two_masters(1));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x1000, kRW) == 0);
  rig.device.set_active();
  const TwoMisses t = simultaneous_misses(rig, 0x1000'0000, 0x1000'0040);
  CHECK(t.first == ns(92));
  CHECK(t.second == ns(92));
  const IommuPortStats total = rig.iommu.total_port_stats();
  CHECK(total.tlb_misses == 2);
  CHECK(total.walks == 1);
  CHECK(total.merged_misses == 1);
  CHECK(queueing_sum(rig) == ns(80).value());
  CHECK(rig.iommu.page_walker().stats().pte_reads == 4);
}

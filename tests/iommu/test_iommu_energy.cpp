// The IOMMU's dynamic energy: PTE reads, walk-cache lookups, TLB lookups and
// register writes, each count x energy per event exactly, with the counts from
// the walk-cache sequence worked out in test_iommu_timing.cpp (cold walk: 4
// reads; then walk-cache hits at levels 3, 2 and 1: 1, 2 and 3 reads).
#include <catch2/catch.hpp>

#include <string>

#include "iommu_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using wakesim::test::IommuRig;
using wakesim::test::IommuRigOptions;
using wakesim::test::run_in_thread;

namespace {

const EnergyLedger::AccountReport* find(const std::vector<EnergyLedger::AccountReport>& accounts,
                                        const std::string& detail) {
  for (const EnergyLedger::AccountReport& a : accounts)
    if (a.component == "iommu" && a.detail == detail) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("the walker charges energy per PTE read and the caches per lookup exactly", "[iommu][energy]") {
  // Reads: 4 + 1 + 2 + 3 = 10 PTE reads, 4 walk-cache lookups (one per walk),
  // 5 TLB lookups (4 misses, then 1 hit), and 2 register writes for one
  // invalidate-all (1 + 1 sync) while ACTIVE (the setup before it cost none).
  EnergyLedger ledger;
  IommuRigOptions options;
  options.ledger = &ledger;
  options.iommu.walker.pte_read_energy = Energy{10e-12};
  options.iommu.walker.walk_cache.lookup_energy = Energy{5e-12};
  options.iommu.tlb.lookup_energy = Energy{2e-12};
  options.iommu.registers.write_energy = Energy{20e-12};
  IommuRig rig(options);
  rig.attach_all();
  const auto kRW = AccessPermissions::read_write();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x2000, kRW) == 0);
  REQUIRE(rig.driver.map(0, 0x1020'0000, 0x50'0000, 0x1000, kRW) == 0);
  REQUIRE(rig.driver.map(0, 0x5000'0000, 0x60'0000, 0x1000, kRW) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    for (std::uint64_t iova : {0x1000'0000ull, 0x1000'1000ull, 0x1020'0000ull, 0x5000'0000ull, 0x1000'0000ull}) {
      REQUIRE(rig.master().read(iova) == tlm::TLM_OK_RESPONSE);
    }
    rig.driver.flush_all();
  });
  const auto accounts = ledger.accounts();
  const auto* pte = find(accounts, "event:pte_read");
  const auto* walk_cache = find(accounts, "event:walk_cache_lookup");
  const auto* tlb = find(accounts, "event:tlb_lookup");
  const auto* registers = find(accounts, "event:register_write");
  REQUIRE(pte != nullptr);
  REQUIRE(walk_cache != nullptr);
  REQUIRE(tlb != nullptr);
  REQUIRE(registers != nullptr);
  CHECK(pte->events == 10);
  CHECK(pte->energy.joules == 10 * 10e-12);
  CHECK(walk_cache->events == 4);
  CHECK(walk_cache->energy.joules == 4 * 5e-12);
  CHECK(tlb->events == 5);
  CHECK(tlb->energy.joules == 5 * 2e-12);
  CHECK(registers->events == 2);
  CHECK(registers->energy.joules == 2 * 20e-12);
  CHECK(pte->category == EnergyCategory::dynamic);
  CHECK(rig.iommu.page_walker().stats().pte_reads == pte->events);
}

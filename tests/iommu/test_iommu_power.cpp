// The IOMMU as a runtime-PM device: resume restores its contexts (register
// writes) and invalidates the TLB, so it starts cold, unless retention kept
// everything and the domain never went OFF; accesses while it is suspended or
// its port is gated bypass (an isolation violation, with bytes), abort or
// stall. Power domain: off 10 us, on 20 us. Registers: write 50 ns, sync 400 ns,
// so the restore of one context and one stream binding is
// (4 + 2 + 1 invalidate-all + 1 sync) x 50 + 400 = 800 ns.
// Translation: TLB 2, walk-cache lookup 1, PTE read 20, target 10 (ns).
#include <catch2/catch.hpp>

#include <cstring>

#include "iommu_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using wakesim::test::iommu_domain;
using wakesim::test::iommu_params;
using wakesim::test::IommuRig;
using wakesim::test::IommuRigOptions;
using wakesim::test::ns;
using wakesim::test::run_in_thread;
using wakesim::test::StreamMaster;
using wakesim::test::us;

namespace {

const auto kRW = AccessPermissions::read_write();
constexpr std::uint64_t kIova = 0x1000'0000;
constexpr std::uint64_t kPhys = 0x40'0000;

IommuRigOptions powered_rig(bool retention, bool domain_always_on) {
  IommuRigOptions options;
  options.iommu.power.retention = retention;
  options.domain = iommu_domain(domain_always_on);
  return options;
}

struct CycleResult {
  sc_core::sc_time first_resume;  // get_sync() duration
  sc_core::sc_time second_resume;
  std::uint64_t walks_before = 0;  // walks up to the power cycle
  std::uint64_t walks_after = 0;
  bool domain_off_while_suspended = false;
};

// Resume, a miss and a hit, suspend, resume, one read of the same page.
CycleResult power_cycle(IommuRig& rig) {
  CycleResult result;
  run_in_thread([&] {
    rig.device.enable();
    sc_core::sc_time start = sc_core::sc_time_stamp();
    REQUIRE(rig.device.get_sync() == 0);
    result.first_resume = sc_core::sc_time_stamp() - start;
    REQUIRE(rig.master().read(kIova) == tlm::TLM_OK_RESPONSE);
    REQUIRE(rig.master().read(kIova + 4) == tlm::TLM_OK_RESPONSE);
    result.walks_before = rig.iommu.port_stats(0).walks;
    REQUIRE(rig.device.put_sync() == 0);
    REQUIRE(rig.device.status() == RpmStatus::suspended);
    result.domain_off_while_suspended = !rig.domain->is_on();
    start = sc_core::sc_time_stamp();
    REQUIRE(rig.device.get_sync() == 0);
    result.second_resume = sc_core::sc_time_stamp() - start;
    REQUIRE(rig.master().read(kIova + 8) == tlm::TLM_OK_RESPONSE);
    result.walks_after = rig.iommu.port_stats(0).walks;
  });
  return result;
}

}  // namespace

TEST_CASE("after a power cycle with the domain off the first access misses and walks", "[iommu][power]") {
  // First resume: domain on 20 us + restore 0.8 us. Suspend: the domain goes
  // OFF. Second resume: the same 20.8 us, the TLB and walk cache were lost, and
  // the read walks again (4 PTE reads more).
  IommuRig rig(powered_rig(/*retention=*/false, /*always_on=*/false));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x1000, kRW) == 0);
  const CycleResult r = power_cycle(rig);
  CHECK(r.first_resume == us(20.8));
  CHECK(r.second_resume == us(20.8));
  CHECK(r.domain_off_while_suspended);
  CHECK(r.walks_before == 1);
  CHECK(r.walks_after == 2);
  CHECK(rig.iommu.page_walker().stats().pte_reads == 8);
  CHECK(rig.iommu.port_stats(0).tlb_hits == 1);
  CHECK(rig.iommu.stats().power_losses == 1);
  CHECK(rig.iommu.stats().context_restores == 2);
  CHECK(rig.iommu.stats().restore_time == ns(1600));
  CHECK(rig.iommu.tlb().stats().flushes == 1);
  CHECK(rig.iommu.tlb().stats().flushed_entries == 1);
  CHECK(rig.iommu.walk_cache().stats().flushed_entries == 3);
  CHECK(rig.iommu.registers().total_writes() == 16);
}

TEST_CASE("retention does not survive the domain going off", "[iommu][power]") {
  IommuRig rig(powered_rig(/*retention=*/true, /*always_on=*/false));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x1000, kRW) == 0);
  const CycleResult r = power_cycle(rig);
  CHECK(r.domain_off_while_suspended);
  CHECK(r.second_resume == us(20.8));
  CHECK(r.walks_after == 2);
  CHECK(rig.iommu.stats().power_losses == 1);
  CHECK(rig.iommu.stats().retained_resumes == 0);
}

TEST_CASE("with retention and the domain kept on the first access after a resume hits", "[iommu][power]") {
  // Always-on domain: nothing is lost and the resume restores nothing (0 us).
  IommuRig rig(powered_rig(/*retention=*/true, /*always_on=*/true));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x1000, kRW) == 0);
  const CycleResult r = power_cycle(rig);
  CHECK_FALSE(r.domain_off_while_suspended);
  CHECK(r.first_resume == ns(800));  // the first resume ever programs the hardware
  CHECK(r.second_resume == sc_core::SC_ZERO_TIME);
  CHECK(r.walks_after == 1);
  CHECK(rig.iommu.port_stats(0).tlb_hits == 2);
  CHECK(rig.iommu.stats().retained_resumes == 1);
  CHECK(rig.iommu.stats().context_restores == 1);
  CHECK(rig.iommu.stats().power_losses == 0);
}

TEST_CASE("without retention every resume restores and invalidates even with the domain on", "[iommu][power]") {
  // The Exynos SysMMU: __sysmmu_enable reprograms the page-table base and
  // invalidates the whole TLB on every runtime resume.
  IommuRig rig(powered_rig(/*retention=*/false, /*always_on=*/true));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x1000, kRW) == 0);
  const CycleResult r = power_cycle(rig);
  CHECK_FALSE(r.domain_off_while_suspended);
  CHECK(r.second_resume == ns(800));
  CHECK(r.walks_after == 2);
  CHECK(rig.iommu.stats().power_losses == 0);
  CHECK(rig.iommu.tlb().stats().flushes == 0);
  CHECK(rig.iommu.tlb().stats().invalidated_entries == 1);
}

TEST_CASE("a context save at suspend costs its register reads", "[iommu][power]") {
  // save: 1 context x 4 reads x 50 = 200 ns, then the domain's 10 us power-off.
  IommuRigOptions options = powered_rig(false, false);
  options.iommu.power.save_context = true;
  IommuRig rig(options);
  rig.attach_all();
  sc_core::sc_time suspend_time;
  run_in_thread([&] {
    rig.device.enable();
    REQUIRE(rig.device.get_sync() == 0);
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    REQUIRE(rig.device.put_sync() == 0);
    suspend_time = sc_core::sc_time_stamp() - start;
  });
  CHECK(suspend_time == us(10.2));
  CHECK(rig.iommu.stats().context_saves == 1);
  CHECK(rig.iommu.stats().save_time == ns(200));
}

TEST_CASE("bypass mode sends an access racing the suspend to the identity address and reports the violation",
          "[iommu][power]") {
  // Fabric rig with real DRAM behind the bus. IOVA 0x20_0000 maps to 0x40_0000.
  // At 25 us (IOMMU ACTIVE since 20.8 us) a 64-byte write of 0xAB is translated;
  // at 30 us put_sync() starts the suspend (200 ns context save, then 10 us of
  // domain power-off); the 64-byte write of 0xCD at 30.1 us meets a SUSPENDING
  // IOMMU and lands untranslated at 0x20_0000.
  IommuRigOptions options = powered_rig(false, false);
  options.iommu.power.save_context = true;
  options.fabric = true;
  options.bus = wakesim::test::fabric_bus(5);
  IommuRig rig(options);
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x20'0000, 0x40'0000, 0x1000, kRW) == 0);
  RpmStatus status_at_racing_write = RpmStatus::active;
  sc_core::sc_spawn([&] {
    rig.device.enable();
    REQUIRE(rig.device.get_sync() == 0);
    sc_core::wait(us(30) - sc_core::sc_time_stamp());
    REQUIRE(rig.device.put_sync() == 0);
    CHECK(sc_core::sc_time_stamp() == us(40.2));
  });
  sc_core::sc_spawn([&] {
    StreamMaster& m = rig.master();
    sc_core::wait(us(25));
    std::memset(m.buffer.data(), 0xAB, 64);
    CHECK(m.write(0x20'0000, 64) == tlm::TLM_OK_RESPONSE);
    sc_core::wait(us(30.1) - sc_core::sc_time_stamp());
    status_at_racing_write = rig.device.status();
    std::memset(m.buffer.data(), 0xCD, 64);
    CHECK(m.write(0x20'0000, 64) == tlm::TLM_OK_RESPONSE);
  });
  sc_core::sc_start();
  CHECK(status_at_racing_write == RpmStatus::suspending);
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < 64; ++i) {
    wrong += rig.byte(0x40'0000 + i) != 0xAB;  // the translated write
    wrong += rig.byte(0x20'0000 + i) != 0xCD;  // the untranslated one
  }
  CHECK(wrong == 0);
  CHECK(rig.byte(0x20'0000 + 64) == 0);
  const IommuPortStats& s = rig.iommu.port_stats(0);
  CHECK(s.isolation_violations == 1);
  CHECK(s.isolation_bytes == 64);
  CHECK(s.bytes == 128);
  CHECK(s.faults() == 0);
  CHECK(s.walks == 1);
  CHECK(rig.iommu.fault_log().total() == 0);
}

TEST_CASE("abort mode refuses an access to a suspended IOMMU with a generic error", "[iommu][power]") {
  IommuRigOptions options = powered_rig(false, false);
  options.iommu.power.when_suspended = IommuWhenSuspended::abort;
  IommuRig rig(options);
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x1000, kRW) == 0);
  run_in_thread([&] {
    rig.device.enable();  // SUSPENDED
    CHECK(rig.master().write(kIova) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    CHECK(rig.master().done() == sc_core::SC_ZERO_TIME);
  });
  const IommuPortStats& s = rig.iommu.port_stats(0);
  CHECK(s.suspended_aborts == 1);
  CHECK(s.faults() == 1);
  CHECK(s.isolation_violations == 0);
  CHECK(rig.target->transactions == 0);
  CHECK(rig.iommu.fault_log().total() == 0);  // an IOMMU that is off records nothing
  CHECK(rig.interrupts.empty());
}

TEST_CASE("stall mode holds an access until the resume and counts the wait", "[iommu][power]") {
  // Write at 0 to a SUSPENDED IOMMU: held. get_sync() at 10 us: domain on until
  // 30 us, restore 0.8 us: ACTIVE at 30.8 us. Then 2 + 1 + 80 of translation and
  // 10 at the target: done at 30.8 us + 93 ns. Stall 30.8 us.
  IommuRigOptions options = powered_rig(false, false);
  options.iommu.power.when_suspended = IommuWhenSuspended::stall;
  IommuRig rig(options);
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x1000, kRW) == 0);
  rig.device.enable();
  sc_core::sc_spawn([&] {
    sc_core::wait(us(10));
    REQUIRE(rig.device.get_sync() == 0);
    CHECK(sc_core::sc_time_stamp() == us(30.8));
  });
  sc_core::sc_time done;
  sc_core::sc_spawn([&] {
    CHECK(rig.master().write(kIova + 0x40) == tlm::TLM_OK_RESPONSE);
    done = rig.master().done();
  });
  sc_core::sc_start();
  CHECK(done == us(30.8) + ns(93));
  CHECK(rig.target->last_address == kPhys + 0x40);
  CHECK(rig.target->last_arrival == us(30.8) + ns(83));
  const IommuPortStats& s = rig.iommu.port_stats(0);
  CHECK(s.stalls == 1);
  CHECK(s.stall_time == us(30.8));
  CHECK(s.isolation_violations == 0);
  CHECK(s.faults() == 0);
}

TEST_CASE("a gated port bypasses while the other port translates", "[iommu][power][gating]") {
  IommuRigOptions options;
  options.iommu = iommu_params(2);
  options.masters = 2;
  IommuRig rig(options);
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x1000, kRW) == 0);
  rig.device.set_active();
  rig.iommu.set_port_gated(1, true);
  std::uint64_t address_from_port0 = 0;
  run_in_thread([&] {
    CHECK(rig.master(0).read(kIova, 16) == tlm::TLM_OK_RESPONSE);
    address_from_port0 = rig.target->last_address;
    CHECK(rig.master(1).read(kIova, 16) == tlm::TLM_OK_RESPONSE);
  });
  CHECK(address_from_port0 == kPhys);
  CHECK(rig.target->last_address == kIova);  // port 1: identity
  CHECK(rig.iommu.port_stats(0).isolation_violations == 0);
  CHECK(rig.iommu.port_stats(1).isolation_violations == 1);
  CHECK(rig.iommu.port_stats(1).isolation_bytes == 16);
  CHECK(rig.iommu.port_stats(1).tlb_misses == 0);
  CHECK(rig.iommu.translating(0));
  CHECK_FALSE(rig.iommu.translating(1));
}

TEST_CASE("a stalled access on a gated port goes on when the port is ungated", "[iommu][power][gating]") {
  // Port 1 is gated; its read at 0 stalls. Port 0's read at 0 is not held: a
  // cold walk, done at 2 + 1 + 80 + 10 = 93. Port 1 opens at 5 us; its read of
  // the neighbouring page then finds the L3 table in the walk cache: one PTE
  // read, done at 5 us + 2 + 1 + 20 + 10 = 5 us + 33 ns.
  IommuRigOptions options;
  options.iommu = iommu_params(2);
  options.iommu.power.when_suspended = IommuWhenSuspended::stall;
  options.masters = 2;
  IommuRig rig(options);
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x2000, kRW) == 0);
  rig.device.set_active();
  rig.iommu.set_port_gated(1, true);
  sc_core::sc_time done0;
  sc_core::sc_time done1;
  sc_core::sc_spawn([&] {
    CHECK(rig.master(1).read(kIova) == tlm::TLM_OK_RESPONSE);
    done1 = rig.master(1).done();
  });
  sc_core::sc_spawn([&] {
    CHECK(rig.master(0).read(kIova + 0x1000) == tlm::TLM_OK_RESPONSE);
    done0 = rig.master(0).done();
  });
  sc_core::sc_spawn([&] {
    sc_core::wait(us(5));
    rig.iommu.set_port_gated(1, false);
  });
  sc_core::sc_start();
  CHECK(done0 == ns(93));
  CHECK(done1 == us(5) + ns(33));
  CHECK(rig.iommu.port_stats(1).stalls == 1);
  CHECK(rig.iommu.port_stats(1).stall_time == us(5));
  CHECK(rig.iommu.port_stats(0).stalls == 0);
  CHECK(rig.iommu.port_stats(1).isolation_violations == 0);
}

TEST_CASE("an invalidation while the IOMMU is suspended costs no register time and is counted", "[iommu][power]") {
  IommuRig rig(powered_rig(false, false));
  rig.attach_all();
  REQUIRE(rig.driver.map(0, kIova, kPhys, 0x2000, kRW) == 0);
  sc_core::sc_time unmap_time = us(1);
  run_in_thread([&] {
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    CHECK(rig.driver.unmap(0, kIova, 0x1000).unmapped == 0x1000);
    unmap_time = sc_core::sc_time_stamp() - start;
  });
  CHECK(unmap_time == sc_core::SC_ZERO_TIME);
  CHECK(rig.iommu.stats().invalidations_while_suspended == 1);
  CHECK(rig.iommu.registers().total_writes() == 0);
}

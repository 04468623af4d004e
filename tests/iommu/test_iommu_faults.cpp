// Faults: an unmapped IOVA is a translation fault, a write to a read-only page a
// permission fault, a stream without a context a context fault and a PTE read
// the bus refuses a walk abort; each gives its error response at the time it is
// detected, a fault record and one interrupt in atomic context. The fault log
// is a bounded ring. Times in nanoseconds (TLB 2, walk-cache lookup 1, PTE read
// 20, target 10).
#include <catch2/catch.hpp>

#include "iommu_rig.h"
#include "support/run_in_thread.h"
#include "wakesim/iommu/arm_lpae_format.h"

using namespace wakesim;
using wakesim::test::iommu_params;
using wakesim::test::IommuRig;
using wakesim::test::IommuRigOptions;
using wakesim::test::ns;
using wakesim::test::run_in_thread;

namespace {

const auto kRW = AccessPermissions::read_write();
const auto kRO = AccessPermissions::read_only();

}  // namespace

TEST_CASE("an unmapped IOVA is a translation fault with a record an interrupt and an address error",
          "[iommu][faults]") {
  // 0x2000_0000 shares the L0 and L1 tables with the mapped 0x1000_0000 but its
  // L2 entry (index 256) is empty: three PTE reads, the fault is known at
  // 2 + 1 + 3 x 20 = 63.
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x1000, kRW) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    CHECK(rig.master().write(0x2000'0010) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(rig.master().done() == ns(63));
  });
  CHECK(rig.target->transactions == 0);  // nothing went downstream
  REQUIRE(rig.interrupts.size() == 1);
  CHECK(rig.interrupt_times[0] == ns(63));
  const IommuFault& f = rig.interrupts[0];
  CHECK(f.kind == IommuFaultKind::translation);
  CHECK(f.iova == 0x2000'0010);
  CHECK(f.stream == 10);
  CHECK(f.port == 0);
  CHECK(f.write);
  CHECK(f.level == 2);
  CHECK(f.time == ns(63));
  CHECK(f.call_context == CallContext::atomic);
  REQUIRE(rig.iommu.fault_log().size() == 1);
  CHECK(rig.iommu.fault_log().newest().iova == 0x2000'0010);
  CHECK(rig.iommu.fault_log().count(IommuFaultKind::translation) == 1);
  CHECK(rig.iommu.port_stats(0).translation_faults == 1);
  CHECK(rig.iommu.port_stats(0).faults() == 1);
  CHECK(rig.iommu.tlb().valid_entries() == 0);  // a fault is not cached
}

TEST_CASE("a write to a read only page is a permission fault and a read of it goes through", "[iommu][faults]") {
  // Write at 0: walk 2 + 1 + 80 = 83, permission fault at 83. Read at 83: hit,
  // done at 83 + 2 + 10 = 95. Write at 95: hit, fault at 97.
  IommuRig rig(IommuRigOptions{});
  rig.attach_all();
  REQUIRE(rig.driver.map(0, 0x1000'0000, 0x40'0000, 0x1000, kRO) == 0);
  rig.device.set_active();
  run_in_thread([&] {
    CHECK(rig.master().write(0x1000'0020) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    CHECK(rig.master().done() == ns(83));
    CHECK(rig.master().read(0x1000'0020) == tlm::TLM_OK_RESPONSE);
    CHECK(rig.master().done() == ns(95));
    CHECK(rig.master().write(0x1000'0024) == tlm::TLM_COMMAND_ERROR_RESPONSE);
    CHECK(rig.master().done() == ns(97));
  });
  CHECK(rig.target->transactions == 1);
  REQUIRE(rig.interrupts.size() == 2);
  CHECK(rig.interrupts[0].kind == IommuFaultKind::permission);
  CHECK(rig.interrupts[1].kind == IommuFaultKind::permission);
  CHECK(rig.interrupt_times[0] == ns(83));
  CHECK(rig.interrupt_times[1] == ns(97));
  CHECK(rig.interrupts[1].iova == 0x1000'0024);
  CHECK(rig.iommu.port_stats(0).permission_faults == 2);
  CHECK(rig.iommu.port_stats(0).walks == 1);
}

TEST_CASE("a stream without a context faults or bypasses as configured", "[iommu][faults]") {
  // The master's stream 10 has no binding (only stream 99 has). Fault mode: a
  // context fault at once (no TLB lookup). Bypass mode: straight to the target
  // untranslated, done 10 later, counted as bypassed and not as a violation.
  std::unique_ptr<IommuRig> rigs[2];
  tlm::tlm_response_status responses[2] = {tlm::TLM_INCOMPLETE_RESPONSE, tlm::TLM_INCOMPLETE_RESPONSE};
  sc_core::sc_time done[2];
  const IommuUnboundStream modes[2] = {IommuUnboundStream::fault, IommuUnboundStream::bypass};
  for (int i = 0; i < 2; ++i) {
    IommuRigOptions options;
    options.iommu.unbound_stream = modes[i];
    options.prefix = std::string(to_string(modes[i])) + "_";
    rigs[i] = std::make_unique<IommuRig>(options);
    IommuRig& rig = *rigs[i];
    REQUIRE(rig.driver.create_context(0, PageTableFormatKind::arm64_4k, 1) == 0);
    REQUIRE(rig.driver.attach_stream(0, 99, 0) == 0);
    rig.device.set_active();
    sc_core::sc_spawn([&rig, &responses, &done, i] {
      responses[i] = rig.master().read(0x1234'5678);
      done[i] = rig.master().done();
    });
  }
  sc_core::sc_start();

  const IommuRig& faulting = *rigs[0];
  CHECK(responses[0] == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(faulting.target->transactions == 0);
  REQUIRE(faulting.interrupts.size() == 1);
  CHECK(faulting.interrupts[0].kind == IommuFaultKind::context);
  CHECK(faulting.interrupts[0].stream == 10);
  CHECK(faulting.iommu.port_stats(0).context_faults == 1);
  CHECK(faulting.iommu.port_stats(0).unbound_bypassed == 0);

  IommuRig& bypassing = *rigs[1];
  CHECK(responses[1] == tlm::TLM_OK_RESPONSE);
  CHECK(bypassing.target->last_address == 0x1234'5678);
  CHECK(done[1] == ns(10));
  CHECK(done[0] == sc_core::SC_ZERO_TIME);
  CHECK(bypassing.interrupts.empty());
  CHECK(bypassing.iommu.port_stats(0).unbound_bypassed == 1);
  CHECK(bypassing.iommu.port_stats(0).isolation_violations == 0);
  for (const auto& rig : rigs) {
    CHECK(rig->iommu.port_stats(0).tlb_misses + rig->iommu.port_stats(0).tlb_hits == 0);
  }
}

TEST_CASE("a PTE read the bus refuses is a walk abort with a generic error", "[iommu][faults]") {
  // Fabric rig; context 1's root is at 32 MiB, beyond the 16 MiB the bus maps:
  // the first PTE read gets an address error from the bus after its 5 ns hop.
  IommuRigOptions options;
  options.fabric = true;
  options.bus = wakesim::test::fabric_bus(5);
  IommuRig rig(options);
  const ArmLpaeFormat format(ArmGranule::k4KiB);
  rig.iommu.program_context(1, IommuContext{&format, 0x200'0000, 7});
  rig.iommu.bind_stream(0, Iommu::kAnyStream, 1);
  rig.device.set_active();
  run_in_thread([&] {
    CHECK(rig.master().read(0x1000'0000) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    CHECK(rig.master().done() == ns(2 + 1 + 5));
  });
  REQUIRE(rig.interrupts.size() == 1);
  CHECK(rig.interrupts[0].kind == IommuFaultKind::walk_abort);
  CHECK(rig.interrupts[0].context == 1);
  CHECK(rig.iommu.port_stats(0).walk_aborts == 1);
  CHECK(rig.iommu.page_walker().stats().aborts == 1);
  CHECK(rig.bus->unmapped_accesses() == 1);
}

TEST_CASE("the fault log keeps the newest records and counts every fault", "[iommu][faults]") {
  IommuRigOptions options;
  options.iommu.fault_log_capacity = 2;
  IommuRig rig(options);
  rig.attach_all();
  rig.device.set_active();
  run_in_thread([&] {
    for (std::uint64_t iova : {0x1000ull, 0x2000ull, 0x3000ull}) rig.master().read(iova);
  });
  const IommuFaultLog& log = rig.iommu.fault_log();
  CHECK(log.total() == 3);
  CHECK(log.size() == 2);
  CHECK(log.lost() == 1);
  CHECK(log.at(0).iova == 0x2000);
  CHECK(log.at(1).iova == 0x3000);
  CHECK(rig.interrupts.size() == 3);
}

// Kept apart from the simulation: an exception thrown after sc_start() has switched
// coroutine stacks trips AddressSanitizer's stack bookkeeping (a false positive).
TEST_CASE("the fault log refuses an index past its records", "[iommu][faults]") {
  IommuFaultLog log(2);
  IommuFault fault;
  fault.iova = 0x1000;
  log.record(fault);
  CHECK(log.at(0).iova == 0x1000);
  CHECK_THROWS_AS(log.at(1), std::out_of_range);
}

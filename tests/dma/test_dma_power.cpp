// The controller never moves data while its runtime PM device is not ACTIVE:
// work issued while it is suspended stalls until it resumes (stall mode) or
// fails (fail mode), with the counters to show it. Times in nanoseconds unless
// a name says us; pm_wq dispatches after 20 us, the driver resumes in 30 us and
// suspends in 5 us (DmaRig).
#include <catch2/catch.hpp>

#include "dma_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using wakesim::test::dma_params;
using wakesim::test::DmaRig;
using wakesim::test::fixed_latency_memory;
using wakesim::test::ns;
using wakesim::test::pattern;
using wakesim::test::run_in_thread;
using wakesim::test::us;

TEST_CASE("work issued while suspended stalls until the controller is active", "[dma][power]") {
  // Issued at 0 while SUSPENDED; get() at 10 us queues the resume; pm_wq runs it
  // at 30 us; the callback takes 30 us: ACTIVE at 60 us. Then 200 setup +
  // 16 x (50 + 50) = 1800: done at 61.8 us.
  DmaRig rig(dma_params(1, 1, 200), fixed_latency_memory(50), /*powered=*/false);
  rig.fill(0x1000, 1024);
  std::uint64_t accesses_before_resume = 99;
  run_in_thread([&] {
    rig.device.enable();
    REQUIRE(rig.device.status() == RpmStatus::suspended);
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    sc_core::wait(us(10));
    CHECK(rig.device.get(CallContext::atomic) == 0);
    sc_core::wait(us(49.999));  // just before the resume completes
    accesses_before_resume = rig.memory.accesses();
    CHECK(rig.memory.byte(0x8000) == 0);
  });
  CHECK(accesses_before_resume == 0);
  REQUIRE(rig.completions.size() == 1);
  const DmaCompletion& c = rig.completions[0];
  CHECK(c.ok());
  CHECK(c.submitted == sc_core::SC_ZERO_TIME);
  CHECK(c.dequeued == sc_core::SC_ZERO_TIME);  // nothing queued ahead of it
  CHECK(c.started == us(60));
  CHECK(c.stalled == us(60));
  CHECK(c.finished == us(61.8));
  CHECK(rig.memory.first_arrival() == us(60.2));
  CHECK(rig.memory.byte(0x8000 + 1023) == pattern(0x1000 + 1023));
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.issued_while_suspended == 1);
  CHECK(s.stalls == 1);
  CHECK(s.stall_time == us(60));
  CHECK(s.jobs == 1);
  CHECK(s.power_errors == 0);
  CHECK(s.latency.max() == us(61.8).value());
  CHECK(rig.device.resumes() == 1);
}

TEST_CASE("work issued while suspended fails at once in fail mode", "[dma][power]") {
  // Issued at 0 while SUSPENDED: error completion at 0, nothing moved. After the
  // resume (ACTIVE at 60 us, as above) a memcpy issued at 70 us runs normally:
  // 70 + 0.2 + 1.6 = 71.8 us.
  DmaControllerParams params = dma_params(1, 1, 200);
  params.when_suspended = DmaWhenSuspended::fail;
  DmaRig rig(params, fixed_latency_memory(50), /*powered=*/false);
  run_in_thread([&] {
    rig.device.enable();
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    sc_core::wait(us(10));
    rig.device.get(CallContext::atomic);
    sc_core::wait(us(60));
    REQUIRE(rig.device.status() == RpmStatus::active);
    rig.memcpy(0, 0x9000, 0x1000, 1024);
  });
  REQUIRE(rig.completions.size() == 2);
  const DmaCompletion& failed = rig.completions[0];
  CHECK(failed.status == DmaStatus::error);
  CHECK(failed.error == DmaError::controller_suspended);
  CHECK(failed.bytes == 0);
  CHECK(failed.finished == sc_core::SC_ZERO_TIME);
  CHECK(failed.context == CallContext::atomic);
  CHECK(rig.completions[1].ok());
  CHECK(rig.completions[1].finished == us(71.8));
  CHECK(rig.memory.first_arrival() == us(70.2));  // the failed copy touched nothing
  CHECK(rig.memory.accesses() == 32);
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.issued_while_suspended == 1);
  CHECK(s.power_errors == 1);
  CHECK(s.errors == 1);
  CHECK(s.stalls == 0);
  CHECK(s.stall_time == sc_core::SC_ZERO_TIME);
  CHECK(s.jobs == 1);
  CHECK(s.setups == 1);  // the failed descriptor was never programmed
}

TEST_CASE("a controller suspended under a running copy stops it at the next burst", "[dma][power]") {
  // Quantum 0. get_sync() makes the device ACTIVE at 30 us and the copy is issued
  // then: burst k is read at 30.2 + 0.1k us, written at 30.25 + 0.1k us. At
  // 30.52 us the driver drops its reference and suspends the device (SUSPENDING
  // during the 5 us callback, SUSPENDED from 35.52 us): the write of burst 3 due
  // at 30.55 us stalls. get_sync() at 40 us makes it ACTIVE at 70 us: that write
  // goes then and is done at 70.05 us; 12 bursts more: 71.25 us. Stall: 39.45 us.
  DmaRig rig(dma_params(1, 1, 200), fixed_latency_memory(50), /*powered=*/false);
  rig.fill(0x1000, 1024);
  run_in_thread([&] {
    rig.device.enable();
    REQUIRE(rig.device.get_sync() == 0);
    REQUIRE(sc_core::sc_time_stamp() == us(30));
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    sc_core::wait(ns(520));
    rig.device.put_noidle();
    CHECK(rig.device.suspend() == 0);
    CHECK(sc_core::sc_time_stamp() == us(35.52));
    sc_core::wait(us(40) - sc_core::sc_time_stamp());
    CHECK(rig.memory.accesses() == 7);  // bursts 0..2 read and written, burst 3 read
    CHECK(rig.device.get_sync() == 0);
  });
  REQUIRE(rig.completions.size() == 1);
  const DmaCompletion& c = rig.completions[0];
  CHECK(c.ok());
  CHECK(c.bytes == 1024);
  CHECK(c.started == us(30));
  CHECK(c.finished == us(71.25));
  CHECK(rig.interrupt_times[0] == us(71.25));
  CHECK(c.stalled == us(39.45));
  // Transfer = finished - dequeued - stalled = 200 setup + 16 x 100 = 1.8 us.
  CHECK(c.finished - c.dequeued - c.stalled == us(1.8));
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.stalls == 1);
  CHECK(s.stall_time == us(39.45));
  CHECK(s.issued_while_suspended == 1);
  CHECK(rig.memory.byte(0x8000 + 1023) == pattern(0x1000 + 1023));
}

TEST_CASE("a stalled channel wakes when the status changes however it changed", "[dma][power]") {
  // set_active() on a disabled device runs no callback; the channel still starts
  // at that very time: 10 us, then 200 ns setup + 16 x 100 ns.
  DmaRig rig(dma_params(1, 1, 200), fixed_latency_memory(50), /*powered=*/false);
  run_in_thread([&] {
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    sc_core::wait(us(10));
    REQUIRE(rig.device.set_active() == 0);
  });
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].started == us(10));
  CHECK(rig.completions[0].finished == us(11.8));
  CHECK(rig.dmac.channel(0).stats().stall_time == us(10));
}

TEST_CASE("a terminate releases a channel stalled on a suspended controller", "[dma][power]") {
  DmaRig rig(dma_params(2, 1, 200), fixed_latency_memory(50), /*powered=*/false);
  run_in_thread([&] {
    rig.device.enable();
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    rig.memcpy(0, 0x9000, 0x1000, 1024);
    sc_core::wait(us(5));
    CHECK(rig.dmac.channel(0).busy());
    rig.dmac.channel(0).terminate_all();
    sc_core::wait(ns(1));
    CHECK(!rig.dmac.channel(0).busy());
  });
  CHECK(rig.completions.empty());
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.terminated == 2);  // the stalled one and the queued one
  CHECK(s.stalls == 1);
  CHECK(s.stall_time == us(5));
  CHECK(rig.memory.accesses() == 0);
}

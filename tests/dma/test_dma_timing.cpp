// DMA timing against hand calculations: setup + per-burst round trips, the
// outstanding-burst pipeline, a shared port, cyclic periods. Every time is
// worked out in the comment beside it, in nanoseconds.
#include <catch2/catch.hpp>

#include <algorithm>

#include "dma_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using sc_core::sc_time_stamp;
using wakesim::test::dma_params;
using wakesim::test::DmaRig;
using wakesim::test::fixed_latency_memory;
using wakesim::test::ns;
using wakesim::test::ported_memory;
using wakesim::test::run_in_thread;

TEST_CASE("one memcpy takes setup plus one read and one write latency per burst", "[dma][timing]") {
  // 1024 B in 64 B bursts = 16 bursts; one in flight; each burst = read 50 + write 50.
  // Channel 1 has a setup of its own (500); the memory has no port, so the two
  // channels do not interact.
  DmaControllerParams params = dma_params(2, 1, 200);
  params.channel_params = {test::channel_on(0, 0), test::channel_on(1, 0, ns(500))};
  DmaRig rig(params, fixed_latency_memory(50));
  DmaCookie cookie = 0;
  run_in_thread([&] {
    sc_core::wait(ns(1000));
    cookie = rig.memcpy(0, 0x8000, 0x1000, 1024);
    rig.memcpy(1, 0xC000, 0x1000, 1024);
  });
  REQUIRE(rig.completions.size() == 2);
  const DmaCompletion& c = rig.completions[0];
  CHECK(c.cookie == cookie);
  CHECK(c.channel == 0);
  CHECK(c.ok());
  CHECK(c.bytes == 1024);
  CHECK(c.submitted == ns(1000));
  CHECK(c.issued == ns(1000));
  CHECK(c.started == ns(1000));
  // 1000 submit + 200 setup + 16 x (50 + 50) = 2800
  CHECK(c.finished == ns(2800));
  CHECK(rig.interrupt_times[0] == ns(2800));  // the interrupt is raised at that time
  CHECK(c.stalled == sc_core::SC_ZERO_TIME);
  // Channel 1: 1000 + 500 + 1600 = 3100.
  CHECK(rig.completions[1].channel == 1);
  CHECK(rig.completions[1].finished == ns(3100));
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.jobs == 1);
  CHECK(s.bursts == 16);
  CHECK(s.bytes == 1024);
  CHECK(s.setups == 1);
  CHECK(s.latency.count() == 1);
  CHECK(s.latency.max() == ns(1800).value());
  CHECK(rig.memory.accesses() == 64);
  CHECK(rig.memory.first_arrival() == ns(1200));  // channel 0's first read, after its setup
  CHECK(rig.dmac.channel(0).tx_status(cookie) == DmaTxStatus::complete);
}

TEST_CASE("four outstanding bursts overlap the round trips of a fixed latency memory", "[dma][timing]") {
  // No port contention, 200 setup, 16 bursts, a burst = 100 round trip.
  // Back to back: 4 bursts leave together and return together 100 later:
  //   200 + 16/4 rounds x 100 = 600.
  // With an issue interval of 30: burst i leaves at max(30 + read of i-1, done
  // of i-4) = 30i (4 x 30 >= 100), the last at 450, done at 550: 200 + 550 = 750.
  DmaRig back_to_back(dma_params(1, 4, 200), fixed_latency_memory(50), true, nullptr, "a_");
  DmaControllerParams spaced = dma_params(1, 4, 200);
  spaced.issue_interval = ns(30);
  DmaRig issue_bound(spaced, fixed_latency_memory(50), true, nullptr, "b_");
  run_in_thread([&] {
    back_to_back.memcpy(0, 0x8000, 0x1000, 1024);
    issue_bound.memcpy(0, 0x8000, 0x1000, 1024);
  });
  REQUIRE(back_to_back.completions.size() == 1);
  REQUIRE(issue_bound.completions.size() == 1);
  CHECK(back_to_back.completions[0].finished == ns(600));
  CHECK(issue_bound.completions[0].finished == ns(750));
}

TEST_CASE("the outstanding limit one versus four changes the time as the pipeline arithmetic says", "[dma][timing]") {
  // One copy of N = 16 bursts on each of three rigs side by side, with K = 1, 4
  // and 16 bursts in flight. The port takes o = 10 per 64 B access, then L = 40
  // of latency; no setup.
  DmaRig k1(dma_params(1, 1, 0), ported_memory(10, 40), true, nullptr, "k1_");
  DmaRig k4(dma_params(1, 4, 0), ported_memory(10, 40), true, nullptr, "k4_");
  DmaRig k16(dma_params(1, 16, 0), ported_memory(10, 40), true, nullptr, "k16_");
  run_in_thread([&] {
    for (DmaRig* rig : {&k1, &k4, &k16}) rig->memcpy(0, 0x8000, 0x1000, 1024);
  });
  for (DmaRig* rig : {&k1, &k4, &k16}) {
    REQUIRE(rig->completions.size() == 1);
    CHECK(rig->completions[0].bytes == 1024);
    CHECK(rig->memory.busy_ps() == ns(320).value());  // 32 accesses x 10, whatever K
  }
  // K = 1: every burst waits for the previous write: N x (o + L + o + L) = 1600.
  CHECK(k1.completions[0].finished == ns(1600));
  // K = 4: the reads of a round leave o apart (the port), each write follows its
  // read by o + L, and burst i + 4 leaves when burst i's write is done: a round
  // every 2(o + L) = 100, with 4 x 2o = 80 of port time fitting in it. Burst j of
  // round m is done at 100m + 10j + 100; the last (m = 3, j = 3) at 430.
  CHECK(k4.completions[0].finished == ns(430));
  // K = 16: all reads leave at once and fill the port 0..160; each write arrives
  // 40 after its read but queues behind the reads and earlier writes: the last
  // write holds the port 310..320 and is done at 360 = 2No + L.
  CHECK(k16.completions[0].finished == ns(360));
}

TEST_CASE("two channels on one port share it access by access", "[dma][timing][contention]") {
  // Port 10 per access, no latency, one burst in flight per channel, 16 bursts
  // each = 32 accesses each. Alone a channel takes 32 x 10 = 320. Together, at
  // quantum 0, each access of one channel queues behind one of the other: the
  // port is busy without a gap for 64 x 10 = 640; one channel's last access ends
  // at 630 and the other's at 640.
  DmaRig rig(dma_params(2, 1, 0), ported_memory(10, 0));
  run_in_thread([&] {
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    rig.memcpy(1, 0xC000, 0x4000, 1024);
  });
  REQUIRE(rig.completions.size() == 2);
  const sc_core::sc_time first = std::min(rig.completions[0].finished, rig.completions[1].finished);
  const sc_core::sc_time last = std::max(rig.completions[0].finished, rig.completions[1].finished);
  CHECK(first == ns(630));
  CHECK(last == ns(640));
  CHECK(rig.memory.busy_ps() == ns(640).value());
  CHECK(rig.dmac.channel(0).stats().bytes == 1024);
  CHECK(rig.dmac.channel(1).stats().bytes == 1024);
}

TEST_CASE("a cyclic transfer completes every period until terminated", "[dma][timing][cyclic]") {
  // Ring of 4 periods x 256 B at 0x1000 to a FIFO at 0xF000. A period = 100 setup
  // + 4 bursts x (50 + 50) = 500, so period k completes at 500(k + 1).
  // terminate_all at 3230: periods 0..5 completed (500 .. 3000); period 6 started
  // at 3000, its burst 0 was written 3150..3200, its burst 1 read 3200..3250; at
  // quantum 0 the channel syncs before that write at 3250, sees the terminate and
  // stops: 64 B of period 6 moved, no completion for it.
  DmaRig rig(dma_params(1, 1, 100), fixed_latency_memory(50));
  rig.fill(0x1000, 1024);
  DmaCookie cookie = 0;
  run_in_thread([&] {
    DmaChannel& ch = rig.dmac.channel(0);
    DmaDescriptor* d = ch.prep_cyclic(0x1000, 1024, 256, 0xF000, DmaDirection::mem_to_dev);
    REQUIRE(d != nullptr);
    CHECK(d->segments().size() == 4);
    cookie = ch.submit(d);
    ch.issue_pending();
    sc_core::wait(ns(3230));
    CHECK(ch.tx_status(cookie) == DmaTxStatus::in_progress);
    CHECK(ch.terminate_all() == 0);
    CHECK(ch.tx_status(cookie) == DmaTxStatus::complete);
  });
  REQUIRE(rig.completions.size() == 6);
  for (std::size_t k = 0; k < 6; ++k) {
    const DmaCompletion& c = rig.completions[k];
    CHECK(c.cookie == cookie);
    CHECK(c.kind == DmaKind::cyclic);
    CHECK(c.period == k);
    CHECK(c.bytes == 256);
    CHECK(c.started == ns(500.0 * static_cast<double>(k)));
    CHECK(c.finished == ns(500.0 * static_cast<double>(k + 1)));
  }
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.periods == 6);
  CHECK(s.jobs == 0);
  CHECK(s.terminated == 1);
  CHECK(s.setups == 7);
  CHECK(s.bytes == 6 * 256 + 64);
  CHECK(s.latency.count() == 0);  // cyclic periods are not jobs
  // The FIFO holds the last burst written: period 6 = ring period 2, bytes 0..63.
  for (std::uint64_t i = 0; i < 64; ++i) CHECK(rig.memory.byte(0xF000 + i) == test::pattern(0x1200 + i));
  CHECK(!rig.dmac.channel(0).busy());
}

TEST_CASE("a terminate after the last write but before its response suppresses the interrupt", "[dma][timing]") {
  // One 64 B burst: read 0..50, write leaves at 50 and is done at 100. A
  // terminate at 75 finds the data moved but the interrupt not yet raised: no
  // completion, the descriptor counts as terminated, the 64 B as moved. A copy
  // submitted at 200 then runs normally: done at 300.
  DmaRig rig(dma_params(1, 1, 0), fixed_latency_memory(50));
  rig.fill(0x1000, 64);
  DmaCookie first = 0;
  run_in_thread([&] {
    first = rig.memcpy(0, 0x8000, 0x1000, 64);
    sc_core::wait(ns(75));
    CHECK(rig.memory.accesses() == 2);
    rig.dmac.channel(0).terminate_all();
    sc_core::wait(ns(125));
    rig.memcpy(0, 0x9000, 0x1000, 64);
  });
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].cookie == first + 1);
  CHECK(rig.completions[0].finished == ns(300));
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.terminated == 1);
  CHECK(s.jobs == 1);
  CHECK(s.bytes == 128);
  CHECK(rig.memory.byte(0x8000 + 63) == test::pattern(0x1000 + 63));
}

// The bytes a DMA copy moves, its ports and stream IDs, error responses and the
// dmaengine API's refusals.
#include <catch2/catch.hpp>

#include <vector>

#include "dma_rig.h"
#include "support/run_in_thread.h"
#include "wakesim/bus/stream_id_extension.h"

using namespace wakesim;
using wakesim::test::dma_params;
using wakesim::test::DmaRig;
using wakesim::test::DmaTestMemory;
using wakesim::test::fixed_latency_memory;
using wakesim::test::ns;
using wakesim::test::pattern;
using wakesim::test::run_in_thread;

namespace {

// Every byte of [dst, dst + len) is the source's pattern, and the guard bytes
// just before and after are still zero.
void check_copy(DmaTestMemory& memory, std::uint64_t dst, std::uint64_t src, std::uint64_t len) {
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < len; ++i)
    if (memory.byte(dst + i) != pattern(src + i)) ++wrong;
  CHECK(wrong == 0);
  CHECK(memory.byte(dst - 1) == 0);
  CHECK(memory.byte(dst + len) == 0);
}

}  // namespace

TEST_CASE("a memcpy and a scatter gather copy produce the exact destination bytes", "[dma][data]") {
  // 4 bursts in flight so slot buffers are reused while others are in flight;
  // the memory has a latency so reads and writes interleave.
  DmaRig rig(dma_params(1, 4, 30), fixed_latency_memory(25));
  rig.fill(0x1000, 0x5000);  // sources live in 0x1000..0x5fff
  const std::vector<DmaSegment> segments = {
      {0x2001, 0x9001, 100},  // 64 + 36
      {0x3010, 0x9107, 65},   // 64 + 1
      {0x4000, 0x9203, 1},    // 1
      {0x5005, 0x9301, 200},  // 64 + 64 + 64 + 8
  };
  DmaCookie memcpy_cookie = 0;
  DmaCookie sg_cookie = 0;
  run_in_thread([&] {
    DmaChannel& ch = rig.dmac.channel(0);
    memcpy_cookie = ch.submit(ch.prep_memcpy(0x8005, 0x1003, 1000));  // 15 x 64 + 40
    DmaDescriptor* sg = ch.prep_sg(segments);
    REQUIRE(sg != nullptr);
    CHECK(sg->kind() == DmaKind::scatter_gather);
    CHECK(sg->total_bytes() == 366);
    sg_cookie = ch.submit(sg);
    CHECK(ch.tx_status(sg_cookie) == DmaTxStatus::in_progress);
    ch.issue_pending();
  });
  CHECK(memcpy_cookie == 1);
  CHECK(sg_cookie == 2);
  REQUIRE(rig.completions.size() == 2);
  CHECK(rig.completions[0].cookie == 1);
  CHECK(rig.completions[0].bytes == 1000);
  CHECK(rig.completions[1].cookie == 2);
  CHECK(rig.completions[1].kind == DmaKind::scatter_gather);
  CHECK(rig.completions[1].bytes == 366);
  // The list waited in the queue behind the memcpy.
  CHECK(rig.completions[1].dequeued == rig.completions[0].finished);
  CHECK(rig.completions[1].submitted == sc_core::SC_ZERO_TIME);
  check_copy(rig.memory, 0x8005, 0x1003, 1000);
  for (const DmaSegment& s : segments) check_copy(rig.memory, s.dst, s.src, s.len);
  const DmaChannelStats& stats = rig.dmac.channel(0).stats();
  CHECK(stats.bursts == 16 + 9);  // 16 for the memcpy; 2 + 2 + 1 + 4 for the list
  CHECK(stats.bytes == 1366);
  CHECK(stats.jobs == 2);
  CHECK(stats.setups == 2);
  // No burst crosses a segment: every access stays inside one segment.
  for (const DmaTestMemory::Access& a : rig.memory.log()) CHECK(a.length <= 64);
}

TEST_CASE("a cyclic transfer from a device fifo fills the ring period by period", "[dma][data][cyclic]") {
  // The FIFO at 0xF000 holds a 128 B pattern; 2 periods of 128 B each read it as
  // two 64 B bursts from the same address: every period gets bytes 0..63 twice.
  DmaRig rig(dma_params(1, 2, 0), fixed_latency_memory(10));
  rig.fill(0xF000, 128);
  run_in_thread([&] {
    DmaChannel& ch = rig.dmac.channel(0);
    ch.set_callback([&](const DmaCompletion& c) {
      rig.completions.push_back(c);
      if (c.period == 2) ch.terminate_all();  // stop from the interrupt, like a client
    });
    ch.submit(ch.prep_cyclic(0x2000, 256, 128, 0xF000, DmaDirection::dev_to_mem));
    ch.issue_pending();
  });
  REQUIRE(rig.completions.size() == 3);  // periods 0, 1 and 2 (ring period 0 again)
  CHECK(rig.completions[2].period == 2);
  for (std::uint64_t i = 0; i < 256; ++i) CHECK(rig.memory.byte(0x2000 + i) == pattern(0xF000 + i % 64));
  CHECK(rig.dmac.channel(0).stats().terminated == 1);
  CHECK(rig.dmac.channel(0).stats().periods == 3);
}

TEST_CASE("each channel uses its own port and carries its stream id", "[dma][ports]") {
  DmaControllerParams params = dma_params(2, 2, 0);
  params.ports = 2;
  params.channel_params = {test::channel_on(0x41, 1), test::channel_on(0x17, 0)};
  DmaRig rig(params, fixed_latency_memory(10));  // port 0 -> rig.memory
  DmaTestMemory other("other", fixed_latency_memory(10));
  rig.dmac.port[1].bind(other.socket);
  rig.fill(0x1000, 256);
  for (std::uint64_t a = 0x1000; a < 0x1100; ++a) *other.at(a) = pattern(a);
  run_in_thread([&] {
    rig.memcpy(0, 0x3000, 0x1000, 256);  // channel 0 -> port 1 -> other
    rig.memcpy(1, 0x4000, 0x1000, 128);  // channel 1 -> port 0 -> rig.memory
  });
  REQUIRE(rig.completions.size() == 2);
  REQUIRE(other.log().size() == 8);       // 4 bursts x (read + write)
  REQUIRE(rig.memory.log().size() == 4);  // 2 bursts x (read + write)
  for (const DmaTestMemory::Access& a : other.log()) {
    CHECK(a.stream_id == 0x41);
    CHECK(a.channel == 0);
  }
  for (const DmaTestMemory::Access& a : rig.memory.log()) {
    CHECK(a.stream_id == 0x17);
    CHECK(a.channel == 1);
  }
  for (std::uint64_t i = 0; i < 256; ++i) CHECK(other.byte(0x3000 + i) == pattern(0x1000 + i));
  for (std::uint64_t i = 0; i < 128; ++i) CHECK(rig.memory.byte(0x4000 + i) == pattern(0x1000 + i));
  CHECK(rig.dmac.channel(0).stream_id() == 0x41);
  CHECK(rig.dmac.channel(0).port() == 1);
}

TEST_CASE("a bus error response ends the descriptor with an error at that response", "[dma][errors]") {
  // Reads of 0x1140.. fail. Bursts 0..4 (0x1000..0x113f) complete: 100 setup +
  // 5 x (50 + 50) = 600; burst 5's read leaves at 600 and its error returns at
  // 650. The next descriptor still runs: it starts at 650 and takes 100 + 100.
  test::DmaTestMemoryParams memory = fixed_latency_memory(50);
  memory.error_base = 0x1140;
  memory.error_size = 0x40;
  DmaRig rig(dma_params(1, 1, 100), memory);
  rig.fill(0x1000, 1024);
  run_in_thread([&] {
    rig.memcpy(0, 0x8000, 0x1000, 1024);
    rig.memcpy(0, 0x9000, 0x1000, 64);
  });
  REQUIRE(rig.completions.size() == 2);
  const DmaCompletion& failed = rig.completions[0];
  CHECK(failed.status == DmaStatus::error);
  CHECK(failed.error == DmaError::bus);
  CHECK(failed.response == tlm::TLM_ADDRESS_ERROR_RESPONSE);
  CHECK(failed.bytes == 320);
  CHECK(failed.finished == ns(650));
  CHECK(rig.memory.byte(0x8000 + 319) == pattern(0x1000 + 319));
  CHECK(rig.memory.byte(0x8000 + 320) == 0);  // nothing written past the error
  CHECK(rig.completions[1].ok());
  CHECK(rig.completions[1].finished == ns(850));
  const DmaChannelStats& s = rig.dmac.channel(0).stats();
  CHECK(s.errors == 1);
  CHECK(s.bus_errors == 1);
  CHECK(s.power_errors == 0);
  CHECK(s.jobs == 1);
  CHECK(s.bytes == 320 + 64);
  CHECK(s.latency.count() == 1);  // only the successful job
}

TEST_CASE("prepare and submit refuse what dmaengine refuses", "[dma][api]") {
  DmaControllerParams params = dma_params(2, 1, 0);
  DmaRig rig(params, fixed_latency_memory(10));
  DmaChannel& ch0 = rig.dmac.channel(0);
  DmaChannel& ch1 = rig.dmac.channel(1);
  CHECK(ch0.prep_memcpy(0x100, 0x200, 0) == nullptr);
  CHECK(ch0.prep_sg({}) == nullptr);
  CHECK(ch0.prep_sg({{0x100, 0x200, 4}, {0x300, 0x400, 0}}) == nullptr);
  CHECK(ch0.prep_cyclic(0x100, 1000, 300, 0xF000, DmaDirection::mem_to_dev) == nullptr);
  CHECK(ch0.prep_cyclic(0x100, 1000, 0, 0xF000, DmaDirection::mem_to_dev) == nullptr);
  CHECK(ch0.submit(nullptr) == -EINVAL);
  DmaDescriptor* d = ch0.prep_memcpy(0x100, 0x200, 8);
  REQUIRE(d != nullptr);
  CHECK(ch1.submit(d) == -EINVAL);  // another channel's descriptor
  CHECK(ch0.submit(d) == 1);
  CHECK(ch0.submit(d) == -EINVAL);  // submitted twice
  CHECK(ch0.busy());
  CHECK(ch0.terminate_all() == 0);  // drops the queued descriptor
  CHECK(!ch0.busy());
  CHECK(ch0.stats().terminated == 1);
  CHECK(ch0.tx_status(1) == DmaTxStatus::complete);
  CHECK_THROWS_AS(DmaController("bad", dma_params(0, 1, 0), rig.device), std::invalid_argument);
  DmaControllerParams bad_port = dma_params(1, 1, 0);
  bad_port.channel_params = {test::channel_on(1, 3)};
  CHECK_THROWS_AS(DmaController("bad2", bad_port, rig.device), std::invalid_argument);
}

namespace {

// 256 B in 64 B bursts as two 128 B segments: 4 bus accesses on the memory side.
void check_slave_sg(DmaDirection direction) {
  DmaRig rig(dma_params(1, 2, 0), fixed_latency_memory(10));
  run_in_thread([&] {
    DmaChannel& ch = rig.dmac.channel(0);
    ch.set_callback([&](const DmaCompletion& c) { rig.completions.push_back(c); });
    ch.submit(ch.prep_slave_sg({DmaSegment{0x1000, 0x3000, 128}, DmaSegment{0x1800, 0x3800, 128}}, direction));
    ch.issue_pending();
  });
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].ok());
  CHECK(rig.completions[0].bytes == 256);
  const bool to_device = direction == DmaDirection::mem_to_dev;
  const tlm::tlm_command expected = to_device ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND;
  const std::uint64_t base = to_device ? 0x1000 : 0x3000;
  REQUIRE(rig.memory.log().size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(rig.memory.log()[i].command == expected);
    CHECK(rig.memory.log()[i].address == base + (i / 2) * 0x800 + (i % 2) * 64);
  }
}

}  // namespace

TEST_CASE("dmaengine_prep_slave_sg DMA_MEM_TO_DEV only reads memory: the peripheral's FIFO takes the data",
          "[dma][data][slave]") {
  check_slave_sg(DmaDirection::mem_to_dev);
}

TEST_CASE("dmaengine_prep_slave_sg DMA_DEV_TO_MEM only writes memory: the peripheral's FIFO gives the data",
          "[dma][data][slave]") {
  check_slave_sg(DmaDirection::dev_to_mem);
}

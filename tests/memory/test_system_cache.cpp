// The system-level cache in front of the DRAM: a repeated page-table walk read
// hits with the hit latency, DMA reads bypass it unless configured, and LRU
// replacement, each against a hand calculation.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>

#include <tlm>

#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/bus/stream_id_extension.h"
#include "wakesim/memory/dram.h"
#include "wakesim/memory/system_cache.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::SC_PS;
using sc_core::sc_time;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

// A read as the IOMMU walker (no DMA channel) or a DMA channel (channel 0) sends it.
struct Reader {
  tlm::tlm_generic_payload payload;
  std::array<unsigned char, 64> data{};

  explicit Reader(bool walker) {
    payload.set_extension(new StreamIdExtension(7, walker ? StreamIdExtension::kNoChannel : 0));
  }
  // The time the read takes, from the initiator's local time.
  sc_time read(TestInitiator& initiator, std::uint64_t address, unsigned length) {
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_address(address);
    payload.set_data_ptr(data.data());
    payload.set_data_length(length);
    payload.set_streaming_width(length);
    payload.set_byte_enable_ptr(nullptr);
    payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time before = initiator.now();
    REQUIRE(initiator.transport(payload) == tlm::TLM_OK_RESPONSE);
    return initiator.now() - before;
  }
};

struct CachedDram {
  SystemCache cache;
  Dram dram{"dram", dram_params()};
  TestInitiator cpu{"cpu"};

  explicit CachedDram(const SystemCacheParams& params) : cache("slc", params) {
    cpu.socket.bind(cache.in);
    cache.out.bind(dram.socket);
  }
  static DramParams dram_params() {
    DramParams params;
    params.size = ByteSize{16u << 20};
    return params;
  }
};

SystemCacheParams slc_params(std::uint64_t size, unsigned ways) {
  SystemCacheParams params;
  params.size = ByteSize{size};
  params.ways = ways;
  params.line = ByteSize{64};
  params.hit_latency = sc_time(20, SC_NS);
  return params;
}

}  // namespace

TEST_CASE("System cache: a repeated walk read hits with the hit latency", "[slc]") {
  CachedDram memory(slc_params(64 * 1024, 16));
  Reader walker(true);
  sc_time first, second;
  run_in_thread([&] {
    const std::uint64_t pte = 0x1238;
    memory.dram.backdoor_write(pte, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    first = walker.read(memory.cpu, pte, 8);
    second = walker.read(memory.cpu, pte, 8);
    CHECK(walker.data[0] == 0x11);
    CHECK(walker.data[7] == 0x88);
  });
  // Miss: lookup 20 ns, then the DRAM: RL 17.5 + tRCD 18.125 + 8 B / 6.4 GB/s
  // 1.25 = 36.875 ns; 56.875 ns in all. Hit: the lookup only.
  CHECK(first == sc_time(56875, SC_PS));
  CHECK(second == sc_time(20, SC_NS));
  CHECK(memory.cache.stats().misses == 1);
  CHECK(memory.cache.stats().hits == 1);
  CHECK(memory.dram.stats().reads == 1);
}

TEST_CASE("System cache: DMA reads bypass it unless cache_dma is set", "[slc]") {
  CachedDram memory(slc_params(64 * 1024, 16));
  Reader dma(false);
  run_in_thread([&] {
    dma.read(memory.cpu, 0x2000, 64);
    // A row hit the second time: RL 17.5 + 64 B / 6.4 GB/s 10 = 27.5 ns.
    CHECK(dma.read(memory.cpu, 0x2000, 64) == sc_time(27500, SC_PS));
  });
  CHECK(memory.cache.stats().bypassed == 2);
  CHECK(memory.cache.stats().hits + memory.cache.stats().misses == 0);
  CHECK_FALSE(memory.cache.holds(0x2000));
}

TEST_CASE("System cache: with cache_dma a repeated DMA read hits", "[slc]") {
  SystemCacheParams params = slc_params(64 * 1024, 16);
  params.cache_dma = true;
  CachedDram memory(params);
  Reader dma(false);
  run_in_thread([&] {
    dma.read(memory.cpu, 0x2000, 64);
    CHECK(dma.read(memory.cpu, 0x2000, 64) == sc_time(20, SC_NS));
  });
  CHECK(memory.cache.stats().hits == 1);
}

TEST_CASE("System cache: a full set evicts its least recently used line", "[slc]") {
  // One set of two 64 B ways: lines 0x000, 0x040, 0x080 all map to it.
  CachedDram memory(slc_params(128, 2));
  REQUIRE(memory.cache.sets() == 1);
  Reader walker(true);
  run_in_thread([&] {
    walker.read(memory.cpu, 0x000, 8);  // miss, fill A
    walker.read(memory.cpu, 0x040, 8);  // miss, fill B
    walker.read(memory.cpu, 0x000, 8);  // hit A: B is now the LRU
    walker.read(memory.cpu, 0x080, 8);  // miss, C evicts B
  });
  CHECK(memory.cache.holds(0x000));
  CHECK_FALSE(memory.cache.holds(0x040));
  CHECK(memory.cache.holds(0x080));
  CHECK(memory.cache.stats().hits == 1);
  CHECK(memory.cache.stats().misses == 3);
  CHECK(memory.cache.stats().evictions == 1);
}

TEST_CASE("System cache: refuses a line that is not a power of two or a size that is not whole sets", "[slc]") {
  SystemCacheParams odd_line = slc_params(4096, 4);
  odd_line.line = ByteSize{48};
  CHECK_THROWS_AS(SystemCache("odd_line", odd_line), std::invalid_argument);
  CHECK_THROWS_AS(SystemCache("ragged", slc_params(1000, 4)), std::invalid_argument);
}

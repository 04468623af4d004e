// A scenario on two interconnect segments joined by a bridge, with two
// interleaved DRAM channels (tests/data/scenarios/segmented.yaml): the report's
// per-segment, per-bridge and per-channel statistics against the job count.
#include <catch2/catch.hpp>

#include <cstdint>

#include "support/wakesim_process.h"

using namespace wakesim::test;

TEST_CASE("every byte crosses the bridge once and the channels share it evenly", "[app][topology][topology_scenario]") {
  const nlohmann::json report = run_report("tests/data/scenarios/segmented.yaml", "topology");
  const nlohmann::json& metrics = report["metrics"];
  // Jobs at 1, 2, ..., 9 ms within 10 ms; each copies 8 KiB: 8 KiB read, 8 KiB written.
  const std::uint64_t jobs = metrics["clients"]["copier"]["completed"].get<std::uint64_t>();
  REQUIRE(jobs == 9);
  const std::uint64_t moved = jobs * 2 * 8192;
  const nlohmann::json& bus = metrics["bus"];
  CHECK(bus["bytes"].get<std::uint64_t>() == moved);
  CHECK(bus["bridges"]["br0"]["bytes"].get<std::uint64_t>() == moved);
  CHECK(bus["bridges"]["br0"]["transactions"].get<std::uint64_t>() == moved / 64);
  CHECK(bus["segments"]["periph"]["initiators"]["dmac/port0"]["bytes"].get<std::uint64_t>() == moved);
  CHECK(bus["segments"]["periph"]["targets"]["br0"]["bytes"].get<std::uint64_t>() == moved);
  CHECK(bus["segments"]["mem"]["initiators"]["br0"]["bytes"].get<std::uint64_t>() == moved);
  CHECK(bus["segments"]["mem"]["targets"]["dram"]["bytes"].get<std::uint64_t>() == moved);
  // Both buffers are two 4 KiB granules from a granule boundary: one on each channel.
  const nlohmann::json& memory = metrics["memory"];
  for (const char* channel : {"0", "1"}) {
    INFO("channel " << channel);
    CHECK(memory["channels"][channel]["bytes_read"].get<std::uint64_t>() == jobs * 4096);
    CHECK(memory["channels"][channel]["bytes_written"].get<std::uint64_t>() == jobs * 4096);
  }
  CHECK(memory["bytes_read"].get<std::uint64_t>() == jobs * 8192);
  CHECK(memory["reads"].get<std::uint64_t>() == jobs * 8192 / 64);
}

TEST_CASE("a system cache caching DMA reads misses each source line once", "[app][topology][slc][topology_scenario]") {
  const nlohmann::json report = run_report("tests/data/scenarios/segmented.yaml", "topology_slc",
                                           {"platform.dram.slc={size: 1MiB, cache_dma: true}"});
  const nlohmann::json& metrics = report["metrics"];
  const std::uint64_t jobs = metrics["clients"]["copier"]["completed"].get<std::uint64_t>();
  REQUIRE(jobs == 9);
  // Every job reads the same 8 KiB source: 128 lines of 64 B, missed by the
  // first job and hit by the other eight; its 128 writes per job go through.
  const nlohmann::json& slc = metrics["memory"]["slc"];
  CHECK(slc["misses"].get<std::uint64_t>() == 128);
  CHECK(slc["hits"].get<std::uint64_t>() == (jobs - 1) * 128);
  CHECK(slc["bypassed"].get<std::uint64_t>() == jobs * 128);
  CHECK(slc["fills"].get<std::uint64_t>() == 128);
  CHECK(slc["evictions"].get<std::uint64_t>() == 0);
  CHECK(metrics["memory"]["reads"].get<std::uint64_t>() == 128);
}

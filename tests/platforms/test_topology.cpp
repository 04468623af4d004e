// Interconnect segments joined by bridges and interleaved DRAM channels, read
// from a description and elaborated: the end-to-end latency across a bridge in
// closed form, the interleaving balance, a bridge resumed with its power domain,
// and the configurations the reader refuses at their line.
#include <catch2/catch.hpp>

#include <array>
#include <string>

#include <tlm>

#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/bus/stream_id_extension.h"
#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/platform.h"
#include "wakesim/platforms/platform_reader.h"

using namespace wakesim;
using Catch::Matchers::Contains;
using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

// periph (16 B at 400 MHz, 5 ns hop) -> br0 (8 B at 400 MHz, 10 ns) -> mem (the
// same as periph) -> two LPDDR4 channels interleaved every 4 KiB.
const std::string kPlatform = R"(platform:
  name: segmented
  domains:
    - {name: top, always_on: true, initially_on: true}
    - name: pd_bridge
      parent: top
      initially_on: false
      states:
        - {name: off, entry_latency: 10us, exit_latency: 100us}
  interconnects:
    - {name: mem, domain: top, hop_latency: 5ns, data_width: 16, clock: 400MHz}
    - {name: periph, domain: top, hop_latency: 5ns, data_width: 16, clock: 400MHz}
  bridges:
    - name: br0
      from: periph
      to: mem
      latency: 10ns
      data_width: 8
      clock: 400MHz
      domain: top
      parent: mem
  dram:
    base: 0x80000000
    size: 64MiB
    channels: 2
    interleave: 4KiB
    power_down_timeout: off
    self_refresh_timeout: off
  dma:
    - name: dma0
      domain: top
      parent: br0
      ports: [{segment: periph}]
      runtime_pm: {resume_latency: 5us}
)";

PlatformSpec read(const std::string& text, const char* replace = nullptr, const char* with = nullptr) {
  std::string yaml = text;
  if (replace) {
    const std::size_t at = yaml.find(replace);
    REQUIRE(at != std::string::npos);
    yaml.replace(at, std::string(replace).size(), with);
  }
  ConfigDocument doc = ConfigDocument::load_string(yaml, "p.yaml");
  PlatformSpec spec = read_platform(doc.root().child("platform"));
  doc.finish();
  return spec;
}

}  // namespace

TEST_CASE("segments, bridges and DRAM channels read into typed parameters", "[platforms][topology]") {
  const PlatformSpec spec = read(kPlatform);
  REQUIRE(spec.segments.size() == 2);
  CHECK(spec.segments[1].device.name == "periph");
  REQUIRE(spec.bridges.size() == 1);
  CHECK(spec.bridges[0].from == "periph");
  CHECK(spec.bridges[0].to == "mem");
  CHECK(spec.bridges[0].params.latency == sc_time(10, SC_NS));
  CHECK(spec.bridges[0].params.data_width_bytes == 8);
  CHECK(spec.dram.interleaving.channels == 2);
  CHECK(spec.dram.interleaving.granule == 4096);
  CHECK(spec.dmas[0].port_segments.at(0) == "periph");
}

TEST_CASE("a read across a bridge takes both segments, the bridge and the DRAM in closed form",
          "[platforms][topology]") {
  EnergyLedger ledger;
  Platform soc("soc", read(kPlatform), ledger);
  TestInitiator cpu("cpu");
  cpu.socket.bind(soc.segments().at(1).bus->in);  // on periph, beside dma0
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    REQUIRE(cpu.read(0x8000'1000, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    // periph: 64/16 = 4 cycles of 2.5 ns + 5 ns = 15 ns; br0: 64/8 = 8 cycles of
    // 2.5 ns + 10 ns = 30 ns; mem: 15 ns; DRAM (row empty): RL 17.5 + tRCD 18.125
    // + 64 B / 6.4 GB/s 10 = 45.625 ns. Total 105.625 ns.
    CHECK(cpu.now() == sc_time(105625, sc_core::SC_PS));
  });
  // 0x1000 from the base is granule 1: channel 1.
  CHECK(soc.dram_channels().at(1)->stats().reads == 1);
  CHECK(soc.dram_channels().at(0)->stats().reads == 0);
  CHECK(soc.bridges().at(0)->stats().bytes == 64);
}

TEST_CASE("a sequential stream across the bridge lands evenly on the DRAM channels",
          "[platforms][topology][interleave]") {
  EnergyLedger ledger;
  Platform soc("soc", read(kPlatform), ledger);
  TestInitiator cpu("cpu");
  cpu.socket.bind(soc.segments().at(1).bus->in);
  const std::uint64_t granules = 10;
  run_in_thread([&] {
    std::array<unsigned char, 256> data{};
    for (std::uint64_t offset = 0; offset < granules * 4096; offset += data.size())
      REQUIRE(cpu.write(0x8000'0000 + offset, data.data(), data.size()) == tlm::TLM_OK_RESPONSE);
  });
  // 10 granules over 2 channels: 5 x 4 KiB each.
  CHECK(soc.dram_channels().at(0)->stats().bytes_written == 5 * 4096);
  CHECK(soc.dram_channels().at(1)->stats().bytes_written == 5 * 4096);
  CHECK(soc.interleaver()->channel_stats(0).bytes == soc.interleaver()->channel_stats(1).bytes);
}

TEST_CASE("a bridge in an off domain refuses traffic until a child's resume powers it on", "[platforms][topology]") {
  EnergyLedger ledger;
  Platform soc("soc", read(kPlatform, "      domain: top\n      parent: mem\n", "      domain: pd_bridge\n"), ledger);
  TestInitiator cpu("cpu");
  cpu.socket.bind(soc.segments().at(1).bus->in);
  sc_time resumed_after;
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    CHECK(cpu.read(0x8000'0000, data.data(), 64) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    cpu.sync();
    const sc_time start = sc_core::sc_time_stamp();
    soc.device("br0").enable();
    soc.device("dma0").enable();
    // rpm_resume resumes the parent first: pd_bridge powers on (100 us), br0
    // resumes (no callback time), then dma0 (5 us).
    REQUIRE(soc.device("dma0").get_sync() == 0);
    resumed_after = sc_core::sc_time_stamp() - start;
    CHECK(soc.domain("pd_bridge").is_on());
    CHECK(cpu.read(0x8000'0000, data.data(), 64) == tlm::TLM_OK_RESPONSE);
  });
  CHECK(resumed_after == sc_time(105, SC_US));
  CHECK(soc.bridges().at(0)->stats().power_errors == 1);
}

TEST_CASE("a cycle of bridges is refused at the bridge that closes it", "[platforms][topology]") {
  REQUIRE_THROWS_WITH(read(kPlatform, "  dram:\n", "    - {name: back, from: mem, to: periph}\n  dram:\n"),
                      Contains("p.yaml:") && Contains("bridge 'br0'") && Contains("cycle"));
}

TEST_CASE("a master on a segment with no way to the DRAM is refused at its line", "[platforms][topology]") {
  REQUIRE_THROWS_WITH(read(kPlatform, "      from: periph\n      to: mem\n", "      from: mem\n      to: periph\n"),
                      Contains("p.yaml:30:") && Contains("port 0 of 'dma0'") && Contains("no bridge leads"));
}

TEST_CASE("an unknown segment name is an error with a suggestion", "[platforms][topology]") {
  REQUIRE_THROWS_WITH(read(kPlatform, "[{segment: periph}]", "[{segment: peripth}]"),
                      Contains("segment 'peripth' is not defined") && Contains("did you mean 'periph'?"));
}

TEST_CASE("an interleave granule that is not a power of two is refused at its line", "[platforms][topology]") {
  REQUIRE_THROWS_WITH(read(kPlatform, "interleave: 4KiB", "interleave: 3000B"),
                      Contains("p.yaml:26:") && Contains("power of two"));
  REQUIRE_THROWS_WITH(read(kPlatform, "size: 64MiB", "size: 12KiB"),
                      Contains("p.yaml:24:") && Contains("multiple of 8KiB"));
}

TEST_CASE("a repeated page-table walk read hits the system cache with its hit latency", "[platforms][topology][slc]") {
  EnergyLedger ledger;
  Platform soc(
      "soc",
      read(kPlatform, "    interleave: 4KiB\n", "    interleave: 4KiB\n    slc: {size: 1MiB, hit_latency: 20ns}\n"),
      ledger);
  REQUIRE(soc.system_cache() != nullptr);
  TestInitiator walker("walker");
  walker.socket.bind(soc.segments().at(1).bus->in);
  tlm::tlm_generic_payload payload;
  payload.set_extension(new StreamIdExtension(0xfffffff0, StreamIdExtension::kNoChannel));  // as IommuWalker
  std::array<unsigned char, 8> pte{};
  sc_time first, second;
  run_in_thread([&] {
    auto walk_read = [&] {
      payload.set_command(tlm::TLM_READ_COMMAND);
      payload.set_address(0x8000'2008);
      payload.set_data_ptr(pte.data());
      payload.set_data_length(8);
      payload.set_streaming_width(8);
      payload.set_byte_enable_ptr(nullptr);
      const sc_time before = walker.now();
      REQUIRE(walker.transport(payload) == tlm::TLM_OK_RESPONSE);
      return walker.now() - before;
    };
    first = walk_read();
    second = walk_read();
  });
  // To the cache: periph 1 cycle of 2.5 ns + 5 ns, br0 1 cycle + 10 ns, mem
  // 7.5 ns: 27.5 ns. Miss: 20 ns lookup + DRAM RL 17.5 + tRCD 18.125 + 8 B /
  // 6.4 GB/s 1.25 = 56.875 ns: 84.375 ns. Hit: 27.5 + 20 = 47.5 ns.
  CHECK(first == sc_time(84375, sc_core::SC_PS));
  CHECK(second == sc_time(47500, sc_core::SC_PS));
  CHECK(soc.system_cache()->stats().hits == 1);
  CHECK(soc.system_cache()->stats().misses == 1);
  CHECK(soc.dram_channels().at(0)->stats().reads == 1);  // 0x2008 from the base: granule 0
}

TEST_CASE("a segment's or bridge's parent must be another segment or bridge, without a cycle",
          "[platforms][topology]") {
  REQUIRE_THROWS_WITH(read(kPlatform, "      parent: mem\n", "      parent: dma0\n"),
                      Contains("p.yaml:14:") && Contains("must be an interconnect segment or a bridge"));
  REQUIRE_THROWS_WITH(read(kPlatform, "{name: mem, domain: top,", "{name: mem, parent: br0, domain: top,"),
                      Contains("p.yaml:11:") && Contains("own ancestor"));
}

TEST_CASE("a device's parent must be made before it, and a device is not its own parent", "[platforms][topology]") {
  // IOMMUs are made before DMA controllers: an IOMMU cannot hang under one.
  const char* iommu_under_dma = R"(  iommus:
    - name: smmu
      domain: top
      parent: dma0
      segment: periph
      page_tables: {base: 0x83000000, size: 1MiB}
  dma:
    - name: dma0
      domain: top
      parent: br0
      ports: [{iommu: smmu}]
)";
  const std::string with_iommu = kPlatform.substr(0, kPlatform.find("  dma:\n")) + iommu_under_dma;
  REQUIRE_THROWS_WITH(read(with_iommu), Contains("p.yaml:30:") && Contains("parent") &&
                                            Contains("the parent of 'smmu', 'dma0', is made after it"));
  // The other way round is the usual one.
  CHECK_NOTHROW(read(with_iommu, "      parent: dma0\n", "      parent: periph\n"));
  REQUIRE_THROWS_WITH(read(kPlatform, "      parent: br0\n      ports", "      parent: dma0\n      ports"),
                      Contains("p.yaml:") && Contains("'dma0' is its own parent"));
}

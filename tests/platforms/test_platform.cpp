// Reading and elaborating platform descriptions.
#include <catch2/catch.hpp>

#include <string>

#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/platform.h"
#include "wakesim/platforms/platform_reader.h"

using namespace wakesim;
using Catch::Matchers::Contains;

namespace {

const std::string kPlatform = R"(platform:
  name: tiny
  runtime_pm: {pm_wq_dispatch_latency: 20us}
  domains:
    - {name: top, always_on: true, initially_on: true, on_power: 1mW}
    - name: pd_dma
      parent: top
      initially_on: false
      on_power: 2mW
      states:
        - {name: off, entry_latency: 50us, exit_latency: 250us, off_power: 50uW}
  interconnect: {domain: top, hop_latency: 5ns, data_width: 16, clock: 400MHz}
  dram: {base: 0x80000000, size: 64MiB}
  dma:
    - name: dma0
      domain: pd_dma
      parent: interconnect
      channels: 2
      runtime_pm: {resume_latency: 500us, suspend_latency: 100us, active_power: 3mW}
  links: []
)";

PlatformSpec read(const std::string& text, const char* replace = nullptr, const char* with = nullptr) {
  std::string yaml = text;
  if (replace) yaml.replace(yaml.find(replace), std::string(replace).size(), with);
  ConfigDocument doc = ConfigDocument::load_string(yaml, "p.yaml");
  PlatformSpec spec = read_platform(doc.root().child("platform"));
  doc.finish();
  return spec;
}

}  // namespace

TEST_CASE("a description reads into typed parameters", "[platforms]") {
  const PlatformSpec spec = read(kPlatform);
  CHECK(spec.name == "tiny");
  REQUIRE(spec.domains.size() == 2);
  CHECK(spec.domains[1].parent == "top");
  CHECK(spec.domains[1].params.states.at(0).power_on_latency == sc_core::sc_time(250, sc_core::SC_US));
  CHECK(spec.dram.base == 0x80000000ULL);
  CHECK(spec.dram.params.size.bytes == 64ULL << 20);
  REQUIRE(spec.dmas.size() == 1);
  CHECK(spec.dmas[0].params.channels == 2);
  CHECK(spec.dmas[0].device.callbacks.resume_duration == sc_core::sc_time(500, sc_core::SC_US));
  CHECK(spec.pm.pm_wq_dispatch_latency == sc_core::sc_time(20, sc_core::SC_US));
}

TEST_CASE("a DMA resume through an OFF domain takes power-on plus resume", "[platforms]") {
  EnergyLedger ledger;
  Platform soc("soc", read(kPlatform), ledger);
  RpmDevice& dma = soc.device("dma0");
  RpmDevice& bus = soc.device("interconnect");
  sc_core::sc_time resumed_after;
  sc_core::sc_spawn([&] {
    bus.enable();
    dma.enable();
    CHECK(dma.get_sync() == 0);
    resumed_after = sc_core::sc_time_stamp();
  });
  sc_core::sc_start();
  CHECK(resumed_after == sc_core::sc_time(750, sc_core::SC_US));  // 250 us power-on + 500 us resume
  CHECK(soc.domain("pd_dma").is_on());
}

TEST_CASE("a dangling domain name is an error at its line with a suggestion", "[platforms]") {
  REQUIRE_THROWS_WITH(
      read(kPlatform, "      domain: pd_dma\n", "      domain: pd_dmaa\n"),
      Contains("p.yaml:15:") && Contains("domain 'pd_dmaa' is not defined") && Contains("did you mean 'pd_dma'?"));
}

TEST_CASE("an unknown key is reported by finish with a suggestion", "[platforms]") {
  REQUIRE_THROWS_WITH(read(kPlatform, "channels: 2", "chanels: 2"),
                      Contains("unknown key 'chanels'") && Contains("did you mean 'channels'?"));
}

TEST_CASE("a device link cycle is refused at the link's line", "[platforms]") {
  EnergyLedger ledger;
  const PlatformSpec spec = read(kPlatform, "  links: []\n",
                                 "  links:\n    - {consumer: interconnect, supplier: dma0, flags: [stateless]}\n");
  // dma0 is a child of the interconnect: a link making the parent a consumer of its child is a cycle.
  REQUIRE_THROWS_WITH(Platform("soc", spec, ledger), Contains("p.yaml:21:7:") && Contains("cycle"));
}

TEST_CASE("a missing unit names the key and the line", "[platforms]") {
  REQUIRE_THROWS_WITH(read(kPlatform, "hop_latency: 5ns", "hop_latency: 5"),
                      Contains("p.yaml:12:") && Contains("interconnect.hop_latency") && Contains("no unit"));
}

// The memory controller's idle timeouts as platform keys (scenarios/README.md,
// DRAM): on by default, `off` per key, and checked at their line.
#include <catch2/catch.hpp>

#include <string>

#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/platform_reader.h"

using namespace wakesim;
using Catch::Matchers::Contains;
using sc_core::SC_MS;
using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_US;

namespace {

PlatformSpec read_with_dram(const std::string& dram) {
  const std::string yaml = "platform:\n  name: tiny\n  interconnect: {}\n  dram: " + dram + "\n";
  ConfigDocument doc = ConfigDocument::load_string(yaml, "p.yaml");
  PlatformSpec spec = read_platform(doc.root().child("platform"));
  doc.finish();
  return spec;
}

}  // namespace

TEST_CASE("power-down after 1 us and self-refresh after 1 ms unless the platform says otherwise", "[platforms][dram]") {
  const DramParams p = read_with_dram("{base: 0x80000000, size: 64MiB}").dram.params;
  REQUIRE(p.power_down_timeout.has_value());
  REQUIRE(p.self_refresh_timeout.has_value());
  CHECK(*p.power_down_timeout == sc_time(1, SC_US));
  CHECK(*p.self_refresh_timeout == sc_time(1, SC_MS));
  // Exits: LPDDR4 tXP and tXSR (models/memory/include/wakesim/memory/dram.h).
  CHECK(p.power_down_exit == sc_time(7.5, SC_NS));
  CHECK(p.self_refresh_exit == sc_time(286.25, SC_NS));
}

TEST_CASE("each idle timeout can be set or turned off", "[platforms][dram]") {
  const DramParams set =
      read_with_dram("{size: 64MiB, power_down_timeout: 200ns, self_refresh_timeout: 5ms, power_down_exit: 7ns}")
          .dram.params;
  CHECK(*set.power_down_timeout == sc_time(200, SC_NS));
  CHECK(*set.self_refresh_timeout == sc_time(5, SC_MS));
  CHECK(set.power_down_exit == sc_time(7, SC_NS));
  const DramParams off =
      read_with_dram("{size: 64MiB, power_down_timeout: off, self_refresh_timeout: off}").dram.params;
  CHECK_FALSE(off.power_down_timeout.has_value());
  CHECK_FALSE(off.self_refresh_timeout.has_value());
  // Self-refresh alone: power-down off keeps the default self-refresh.
  const DramParams sr_only = read_with_dram("{size: 64MiB, power_down_timeout: off}").dram.params;
  CHECK_FALSE(sr_only.power_down_timeout.has_value());
  CHECK(*sr_only.self_refresh_timeout == sc_time(1, SC_MS));
}

TEST_CASE("a self-refresh timeout not above the power-down timeout is refused at its line", "[platforms][dram]") {
  try {
    read_with_dram("\n    size: 64MiB\n    power_down_timeout: 2ms\n    self_refresh_timeout: 1ms");
    FAIL("accepted");
  } catch (const ConfigError& error) {
    CHECK_THAT(error.what(), Contains("p.yaml:7") && Contains("self_refresh_timeout") &&
                                 Contains("must exceed the power-down timeout"));
  }
  CHECK_THROWS_AS(read_with_dram("{size: 64MiB, power_down_timeout: 1}"), ConfigError);
  CHECK_THROWS_AS(read_with_dram("{size: 64MiB, self_refresh_timeout: never}"), ConfigError);
}

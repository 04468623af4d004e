// scenario.iommus.NAME overrides: each key the scenario names replaces the
// platform's value and every key it leaves out keeps it.
#include <catch2/catch.hpp>

#include <string>

#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/platforms/scenario_reader.h"

using namespace wakesim;

namespace {

std::string scenario_with(const std::string& iommus) {
  return "scenario:\n"
         "  name: s\n"
         "  platform: p.yaml\n"
         "  duration: 1s\n"
         "  clients:\n"
         "    - name: c\n"
         "      dma: dma0\n"
         "      policy: sync\n"
         "      source_buffer: {base: 0x80000000, size: 4KiB}\n"
         "      destination_buffer: {base: 0x80001000, size: 4KiB}\n"
         "      workload: {type: periodic, period: 10ms, bytes: 4KiB}\n"
         "  iommus:\n" +
         iommus;
}

// A platform with one IOMMU "smmu" under self_managed, 20 ms, with an order link.
PlatformSpec platform_with_smmu() {
  PlatformSpec platform;
  platform.name = "p";
  IommuSpec smmu;
  smmu.device.name = "smmu";
  smmu.power.binding = IommuPowerBinding::self_managed;
  smmu.power.autosuspend_delay = sc_core::sc_time(20, sc_core::SC_MS);
  smmu.power.order_link = true;
  platform.iommus.push_back(smmu);
  return platform;
}

IommuPowerManagerParams merged(const std::string& iommus) {
  ConfigDocument doc = ConfigDocument::load_string(scenario_with(iommus), "s.yaml");
  const ScenarioSpec scenario = read_scenario(doc.root().child("scenario"), ".");
  doc.finish();
  PlatformSpec platform = platform_with_smmu();
  apply_scenario_choices(scenario, platform);
  return platform.iommus[0].power;
}

}  // namespace

TEST_CASE("a scenario iommu override of the autosuspend delay keeps the platform's binding and order link",
          "[platforms]") {
  const IommuPowerManagerParams power = merged("    smmu: {autosuspend_delay: 200ms}\n");
  CHECK(power.binding == IommuPowerBinding::self_managed);
  CHECK(power.autosuspend_delay == sc_core::sc_time(200, sc_core::SC_MS));
  CHECK(power.order_link);
}

TEST_CASE("a scenario iommu override of the binding keeps the platform's autosuspend delay and order link",
          "[platforms]") {
  const IommuPowerManagerParams power = merged("    smmu: {power_binding: domain_activate}\n");
  CHECK(power.binding == IommuPowerBinding::domain_activate);
  CHECK(power.autosuspend_delay == sc_core::sc_time(20, sc_core::SC_MS));
  CHECK(power.order_link);
}

TEST_CASE("a scenario iommu override of order_link keeps the platform's binding and autosuspend delay", "[platforms]") {
  const IommuPowerManagerParams power = merged("    smmu: {order_link: false}\n");
  CHECK(power.binding == IommuPowerBinding::self_managed);
  CHECK(power.autosuspend_delay == sc_core::sc_time(20, sc_core::SC_MS));
  CHECK_FALSE(power.order_link);
}

TEST_CASE("an empty scenario iommu override changes nothing", "[platforms]") {
  const IommuPowerManagerParams power = merged("    smmu: {}\n");
  CHECK(power.binding == IommuPowerBinding::self_managed);
  CHECK(power.autosuspend_delay == sc_core::sc_time(20, sc_core::SC_MS));
  CHECK(power.order_link);
}

TEST_CASE("a scenario iommu override with an unknown binding is an error at its line naming the key", "[platforms]") {
  ConfigDocument doc =
      ConfigDocument::load_string(scenario_with("    smmu: {power_binding: self_managed_no_link}\n"), "s.yaml");
  try {
    read_scenario(doc.root().child("scenario"), ".");
    FAIL("no error");
  } catch (const ConfigError& error) {
    CHECK(error.file() == "s.yaml");
    CHECK(error.line() == 13);
    CHECK_THAT(error.what(), Catch::Matchers::Contains("power_binding"));
    CHECK_THAT(error.what(), Catch::Matchers::Contains("self_managed_nolink"));
  }
}

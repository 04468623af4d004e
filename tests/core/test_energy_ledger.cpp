// EnergyLedger: hand-calculated sums per account, component and category; exact
// per-event energy; accurate long sums; deterministic ordering; merging.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "wakesim/core/energy_ledger.h"

using wakesim::Duration;
using wakesim::Energy;
using wakesim::EnergyCategory;
using wakesim::EnergyLedger;

namespace {

constexpr double kPico = 1e-12;
constexpr double kNano = 1e-9;
constexpr double kMicro = 1e-6;

double relative_error(double actual, double expected) { return std::fabs(actual - expected) / std::fabs(expected); }

// dram: 2 uJ static, 1000 bytes x 68 pJ dynamic.
// iommu: 1 uJ static, 500 lookups x 2 pJ dynamic, 3 power-ons x 50 nJ and
// context saves of 20 nJ + 30 nJ (transition).
void fill_example(EnergyLedger& ledger) {
  auto dram_on = ledger.register_static("dram", "state:ON");
  auto iommu_on = ledger.register_static("iommu", "state:ON");
  auto bytes = ledger.register_dynamic("dram", "event:byte_read", Energy{8 * 8.5 * kPico});
  auto lookups = ledger.register_dynamic("iommu", "event:tlb_lookup", Energy{2 * kPico});
  auto power_on = ledger.register_transition("iommu", "transition:power_on", Energy{50 * kNano});
  auto save = ledger.register_transition("iommu", "transition:context_save");

  dram_on.add(Energy{2 * kMicro});
  iommu_on.add(Energy{1 * kMicro});
  bytes.count(1000);
  lookups.count(500);
  for (int i = 0; i < 3; ++i) power_on.count();
  save.add(Energy{20 * kNano});
  save.add(Energy{30 * kNano});
}

}  // namespace

TEST_CASE("per-byte energy sums exactly through event counts: 1000 bytes at 8.5 pJ/bit is 68 nJ", "[energy]") {
  EnergyLedger ledger;
  auto per_byte = ledger.register_dynamic("dma", "event:byte_read", Energy{8 * 8.5 * kPico});
  auto per_bit = ledger.register_dynamic("bus", "event:bit_moved", Energy{8.5 * kPico});
  for (int i = 0; i < 1000; ++i) per_byte.count();
  per_bit.count(8000);

  // Adding 68 pJ a thousand times in doubles gives 6.799999999999888e-08; counting
  // and multiplying once gives the correctly rounded 68 nJ.
  CHECK(ledger.total("dma").joules == 68 * kNano);
  CHECK(ledger.total("bus").joules == 68 * kNano);
  CHECK(ledger.total(EnergyCategory::dynamic).joules == 136 * kNano);

  const auto accounts = ledger.accounts();
  REQUIRE(accounts.size() == 2);
  CHECK(accounts[0].events == 1000);
  CHECK(accounts[0].counts_events);
  CHECK(accounts[0].per_event.joules == 8 * 8.5 * kPico);
  CHECK(accounts[1].events == 8000);
}

TEST_CASE("ledger totals per component, per category and per pair match a hand calculation", "[energy]") {
  EnergyLedger ledger;
  fill_example(ledger);
  const double eps = 1e-14;

  CHECK(ledger.total().joules == Approx(3.269 * kMicro).epsilon(eps));
  CHECK(ledger.total("dram").joules == Approx(2.068 * kMicro).epsilon(eps));
  CHECK(ledger.total("iommu").joules == Approx(1.201 * kMicro).epsilon(eps));
  CHECK(ledger.total("nobody").joules == 0.0);

  CHECK(ledger.total(EnergyCategory::static_power).joules == Approx(3 * kMicro).epsilon(eps));
  CHECK(ledger.total(EnergyCategory::dynamic).joules == Approx(69 * kNano).epsilon(eps));
  CHECK(ledger.total(EnergyCategory::transition).joules == Approx(200 * kNano).epsilon(eps));

  CHECK(ledger.total("iommu", EnergyCategory::transition).joules == Approx(200 * kNano).epsilon(eps));
  CHECK(ledger.total("iommu", EnergyCategory::dynamic).joules == Approx(1 * kNano).epsilon(eps));
  CHECK(ledger.total("dram", EnergyCategory::transition).joules == 0.0);

  const auto components = ledger.by_component();
  REQUIRE(components.size() == 2);
  CHECK(components[0].component == "dram");
  CHECK(components[0].static_energy.joules == Approx(2 * kMicro).epsilon(eps));
  CHECK(components[0].dynamic_energy.joules == Approx(68 * kNano).epsilon(eps));
  CHECK(components[0].transition_energy.joules == 0.0);
  CHECK(components[1].component == "iommu");
  CHECK(components[1].transition_energy.joules == Approx(200 * kNano).epsilon(eps));
  CHECK(components[1].total.joules == Approx(1.201 * kMicro).epsilon(eps));
}

TEST_CASE("ledger accounts report their event counts in registration order", "[energy]") {
  EnergyLedger ledger;
  fill_example(ledger);
  const auto accounts = ledger.accounts();
  REQUIRE(accounts.size() == 6);
  const std::vector<std::string> details = {
      "state:ON", "state:ON", "event:byte_read", "event:tlb_lookup", "transition:power_on", "transition:context_save"};
  for (std::size_t i = 0; i < details.size(); ++i) CHECK(accounts[i].detail == details[i]);
  CHECK(accounts[0].component == "dram");
  CHECK(accounts[1].component == "iommu");
  CHECK(accounts[0].category == EnergyCategory::static_power);
  CHECK(accounts[4].category == EnergyCategory::transition);
  CHECK(accounts[3].events == 500);
  CHECK(accounts[4].events == 3);
  CHECK(accounts[4].energy.joules == Approx(150 * kNano).epsilon(1e-15));
  CHECK(accounts[5].events == 2);  // additions to a joule account
  CHECK_FALSE(accounts[5].counts_events);
  CHECK(accounts[5].energy.joules == Approx(50 * kNano).epsilon(1e-15));

  // Components keep the order of their first registration, not alphabetical order.
  EnergyLedger reversed;
  reversed.register_static("zeta", "state:ON");
  reversed.register_static("alpha", "state:ON");
  reversed.register_dynamic("zeta", "event:x", Energy{1.0});
  CHECK(reversed.components() == std::vector<std::string>{"zeta", "alpha"});
  CHECK(std::string(wakesim::to_string(EnergyCategory::static_power)) == "static");
  CHECK(std::string(wakesim::to_string(EnergyCategory::transition)) == "transition");
}

TEST_CASE("average power is total energy divided by the duration", "[energy]") {
  EnergyLedger ledger;
  fill_example(ledger);
  const Duration one_ms{1000000000};
  CHECK(ledger.average_power(one_ms).watts == Approx(3.269e-3).epsilon(1e-14));
  CHECK(EnergyLedger::average_power(Energy{30.3 * kMicro}, Duration{6000000000}).watts ==
        Approx(5.05e-3).epsilon(1e-14));
  CHECK_THROWS_AS(ledger.average_power(Duration{0}), std::invalid_argument);
}

TEST_CASE("ledger: 1e7 additions of 1e-12 J sum to 1e-5 J within 1e-12 relative", "[energy]") {
  EnergyLedger ledger;
  auto leak = ledger.register_static("domain", "state:ON");
  for (int i = 0; i < 10000000; ++i) leak.add(Energy{kPico});
  const double total = ledger.total().joules;
  INFO("total " << total);
  CHECK(relative_error(total, 1e-5) < 1e-12);
  CHECK(ledger.accounts()[0].events == 10000000);
}

TEST_CASE("small additions after a large one are not lost", "[energy]") {
  EnergyLedger ledger;
  auto account = ledger.register_transition("domain", "transition:power_on");
  account.add(Energy{1.0});
  for (int i = 0; i < 1000000; ++i) account.add(Energy{1e-17});  // each below 1 ulp of 1 J
  CHECK(relative_error(ledger.total().joules, 1.0 + 1e-11) < 1e-15);
}

TEST_CASE("an account registered twice or without a name is an elaboration error", "[energy]") {
  EnergyLedger ledger;
  ledger.register_static("dram", "state:ON");
  CHECK_THROWS_AS(ledger.register_static("dram", "state:ON"), std::invalid_argument);
  CHECK_THROWS_AS(ledger.register_static("", "state:ON"), std::invalid_argument);
  CHECK_THROWS_AS(ledger.register_dynamic("dram", "", Energy{1e-12}), std::invalid_argument);
  CHECK_THROWS_AS(ledger.register_dynamic("dram", "event:x", Energy{-1e-12}), std::invalid_argument);
  CHECK_THROWS_AS(ledger.register_dynamic("dram", "event:y", Energy{std::nan("")}), std::invalid_argument);
  // The same detail is a different account in another category or component.
  CHECK_NOTHROW(ledger.register_transition("dram", "state:ON"));
  CHECK_NOTHROW(ledger.register_static("iommu", "state:ON"));
  CHECK(ledger.account_count() == 3);
}

TEST_CASE("account handles survive later registrations and a move of the ledger", "[energy]") {
  EnergyLedger ledger;
  auto first = ledger.register_dynamic("dma", "event:byte_read", Energy{1e-12});
  REQUIRE(first.bound());
  for (int i = 0; i < 1000; ++i) ledger.register_static("c" + std::to_string(i), "state:ON");
  first.count(5);
  EnergyLedger moved = std::move(ledger);
  first.count(2);
  CHECK(moved.total("dma").joules == 7e-12);
  CHECK(moved.accounts()[0].events == 7);
  CHECK_FALSE(EnergyLedger::EventAccount().bound());
}

TEST_CASE("merging ledgers adds matching accounts and appends the others", "[energy]") {
  EnergyLedger a;
  auto a_bytes = a.register_dynamic("dram", "event:byte_read", Energy{68 * kPico});
  auto a_on = a.register_static("dram", "state:ON");
  a_bytes.count(10);
  a_on.add(Energy{1 * kMicro});

  EnergyLedger b;
  auto b_bytes = b.register_dynamic("dram", "event:byte_read", Energy{68 * kPico});
  auto b_iommu = b.register_static("iommu", "state:ON");
  b_bytes.count(5);
  b_iommu.add(Energy{2 * kMicro});

  a.merge(b);
  const auto accounts = a.accounts();
  REQUIRE(accounts.size() == 3);
  CHECK(accounts[0].events == 15);
  CHECK(accounts[0].energy.joules == 15 * (68 * kPico));
  CHECK(accounts[2].component == "iommu");
  CHECK(accounts[2].energy.joules == 2 * kMicro);
  CHECK(a.total().joules == Approx(3 * kMicro + 15 * 68 * kPico).epsilon(1e-15));
  CHECK(b.total().joules == Approx(2 * kMicro + 5 * 68 * kPico).epsilon(1e-15));  // unchanged

  EnergyLedger different;
  different.register_dynamic("dram", "event:byte_read", Energy{70 * kPico});
  CHECK_THROWS_AS(a.merge(different), std::invalid_argument);
}

TEST_CASE("ledger reset_stats forgets energy and events, and a constant-power account restarts at the reset",
          "[energy][warmup]") {
  EnergyLedger ledger;
  EnergyLedger::EventAccount bytes = ledger.register_dynamic("dram", "event:byte", Energy{1e-12});
  EnergyLedger::JouleAccount leak = ledger.register_static("dram", "state:on");
  // 2 W from 0 to 30 ms, booked every 10 ms, with the warm-up ending at 10 ms:
  // what is left is 2 W x (30 ms - 10 ms) = 40 mJ.
  const double watts = 2.0;
  bytes.count(1000);
  leak.add_joules(watts * 10e-3);
  ledger.reset_stats();
  CHECK(ledger.total().joules == 0.0);
  CHECK(ledger.account_count() == 2);
  CHECK(ledger.accounts()[0].events == 0);
  CHECK(ledger.accounts()[1].events == 0);
  leak.add_joules(watts * 10e-3);
  leak.add_joules(watts * 10e-3);
  bytes.count(5);
  CHECK(ledger.total("dram", EnergyCategory::static_power).joules == Approx(watts * (30e-3 - 10e-3)).epsilon(1e-15));
  CHECK(ledger.total("dram", EnergyCategory::dynamic).joules == 5 * 1e-12);
  CHECK(ledger.accounts()[1].events == 2);
}

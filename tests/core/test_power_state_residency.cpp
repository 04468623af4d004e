// PowerStateResidency: exact residency and transition counts, and static energy
// in the ledger, on hand-worked timelines.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/power_state_residency.h"

using wakesim::EnergyCategory;
using wakesim::EnergyLedger;
using wakesim::Power;
using wakesim::PowerStateResidency;

namespace {

constexpr std::uint64_t kMs = 1000000000;  // picoseconds
constexpr std::size_t kOn = 0;
constexpr std::size_t kOff = 1;

PowerStateResidency on_off(EnergyLedger& ledger, std::uint64_t start_ps = 0) {
  return PowerStateResidency(ledger, "dev", {{"ON", Power{10e-3}}, {"OFF", Power{0.1e-3}}}, kOn, start_ps);
}

double relative_error(double actual, double expected) { return std::fabs(actual - expected) / std::fabs(expected); }

}  // namespace

TEST_CASE("ON 2 ms, OFF 3 ms, ON 1 ms is exact and costs 30.3 uJ", "[energy][residency]") {
  EnergyLedger ledger;
  PowerStateResidency dev = on_off(ledger);
  dev.enter(kOff, 2 * kMs);
  dev.enter(kOn, 5 * kMs);
  dev.close(6 * kMs);

  CHECK(dev.residency_ps(kOn) == 3 * kMs);
  CHECK(dev.residency_ps(kOff) == 3 * kMs);
  CHECK(dev.transitions_into(kOn) == 1);
  CHECK(dev.transitions_into(kOff) == 1);
  CHECK(dev.transitions() == 2);
  CHECK(dev.current_state() == kOn);
  CHECK(dev.accounted_until_ps() == 6 * kMs);

  // 10 mW x 3 ms + 0.1 mW x 3 ms = 30 uJ + 0.3 uJ.
  CHECK(relative_error(ledger.total("dev", EnergyCategory::static_power).joules, 30.3e-6) < 1e-12);
  CHECK(relative_error(ledger.total().joules, 30.3e-6) < 1e-12);
  const auto accounts = ledger.accounts();
  REQUIRE(accounts.size() == 2);
  CHECK(accounts[0].detail == "state:ON");
  CHECK(relative_error(accounts[0].energy.joules, 30e-6) < 1e-12);
  CHECK(accounts[1].detail == "state:OFF");
  CHECK(relative_error(accounts[1].energy.joules, 0.3e-6) < 1e-12);
}

TEST_CASE("closing twice at the same time adds nothing and a later close continues", "[energy][residency]") {
  EnergyLedger ledger;
  PowerStateResidency dev = on_off(ledger);
  dev.close(1 * kMs);
  dev.close(1 * kMs);
  CHECK(dev.residency_ps(kOn) == 1 * kMs);
  CHECK(relative_error(ledger.total().joules, 10e-6) < 1e-12);

  dev.close(4 * kMs);
  CHECK(dev.residency_ps(kOn) == 4 * kMs);
  CHECK(relative_error(ledger.total().joules, 40e-6) < 1e-12);

  dev.enter(kOff, 4 * kMs);  // a transition right after a close at the same time
  dev.close(6 * kMs);
  CHECK(dev.residency_ps(kOn) == 4 * kMs);
  CHECK(dev.residency_ps(kOff) == 2 * kMs);
  CHECK(relative_error(ledger.total().joules, 40.2e-6) < 1e-12);
}

TEST_CASE(
    "residency: starting at a nonzero time counts from that time, and re-entering a "
    "state is not a transition",
    "[energy][residency]") {
  EnergyLedger ledger;
  PowerStateResidency dev = on_off(ledger, 1000);
  dev.enter(kOn, 1500);
  CHECK(dev.transitions() == 0);
  CHECK(dev.transitions_into(kOn) == 0);
  CHECK(dev.residency_ps(kOn) == 500);
  dev.enter(kOff, 2500);
  dev.enter(kOff, 3500);
  CHECK(dev.transitions() == 1);
  CHECK(dev.transitions_into(kOff) == 1);
  CHECK(dev.residency_ps(kOn) == 1500);
  CHECK(dev.residency_ps(kOff) == 1000);
  // 10 mW x 1.5 ns + 0.1 mW x 1 ns.
  CHECK(relative_error(ledger.total().joules, 15.1e-12) < 1e-12);
}

TEST_CASE("sc_time arguments give the same accounting as picoseconds", "[energy][residency]") {
  EnergyLedger ledger;
  PowerStateResidency dev = on_off(ledger);
  dev.enter(kOff, sc_core::sc_time(2, sc_core::SC_MS));
  dev.enter(kOn, sc_core::sc_time(5, sc_core::SC_MS));
  dev.close(sc_core::sc_time(6, sc_core::SC_MS));
  CHECK(dev.residency_ps(kOn) == 3 * kMs);
  CHECK(dev.residency_ps(kOff) == 3 * kMs);
  CHECK(relative_error(ledger.total().joules, 30.3e-6) < 1e-12);
}

TEST_CASE("time going backwards, unknown states and bad state lists are rejected", "[energy][residency]") {
  EnergyLedger ledger;
  PowerStateResidency dev = on_off(ledger);
  dev.enter(kOff, 2 * kMs);
  CHECK_THROWS_AS(dev.enter(kOn, 1 * kMs), std::invalid_argument);
  CHECK_THROWS_AS(dev.close(2 * kMs - 1), std::invalid_argument);
  CHECK_THROWS_AS(dev.enter(2, 3 * kMs), std::invalid_argument);
  CHECK(dev.state_index("OFF") == kOff);
  CHECK(dev.state_name(kOn) == "ON");
  CHECK(dev.state_power(kOn).watts == 10e-3);
  CHECK_THROWS_AS(dev.state_index("RETENTION"), std::invalid_argument);
  CHECK(dev.current_state() == kOff);  // the failed calls changed nothing
  CHECK(dev.accounted_until_ps() == 2 * kMs);

  EnergyLedger fresh;
  using States = std::vector<PowerStateResidency::State>;
  CHECK_THROWS_AS(PowerStateResidency(fresh, "x", States{}, 0), std::invalid_argument);
  CHECK_THROWS_AS(PowerStateResidency(fresh, "x", States{{"ON", Power{1}}}, 1), std::invalid_argument);
  CHECK_THROWS_AS(PowerStateResidency(fresh, "x", States{{"ON", Power{1}}, {"ON", Power{0}}}, 0),
                  std::invalid_argument);
  CHECK_THROWS_AS(PowerStateResidency(fresh, "x", States{{"ON", Power{-1}}}, 0), std::invalid_argument);
  CHECK_THROWS_AS(PowerStateResidency(fresh, "x", States{{"", Power{1}}}, 0), std::invalid_argument);
  CHECK(fresh.account_count() == 0);  // nothing registered by a rejected state list
}

TEST_CASE("reset_stats closes at the reset, then residency and energy restart from it", "[energy][residency][warmup]") {
  EnergyLedger ledger;
  PowerStateResidency dev = on_off(ledger);
  dev.enter(kOff, 2 * kMs);  // ON 0 .. 2 ms
  dev.enter(kOn, 5 * kMs);   // OFF 2 .. 5 ms, ON from 5 ms
  // The warm-up ends at 6 ms: the owner closes and resets, then the ledger.
  dev.reset_stats(6 * kMs);
  ledger.reset_stats();
  CHECK(dev.residency_ps(kOn) == 0);
  CHECK(dev.residency_ps(kOff) == 0);
  CHECK(dev.transitions() == 0);
  CHECK(dev.current_state() == kOn);
  CHECK(dev.accounted_until_ps() == 6 * kMs);
  dev.close(10 * kMs);  // still ON: 6 .. 10 ms
  CHECK(dev.residency_ps(kOn) == 4 * kMs);
  // Constant power: energy = 10 mW x (10 ms - 6 ms) = 40 uJ.
  CHECK(relative_error(ledger.total().joules, 10e-3 * 4e-3) < 1e-15);
}

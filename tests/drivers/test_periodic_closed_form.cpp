// A periodic workload against the closed form of periodic autosuspend (docs/architecture.md,
// 'Testing against closed forms'), on both sides of the break-even point, for sync and async resume.
//
// One 1 KiB job at t0 + kT (k = 0 .. N-1), prepared for Sp = 30 us, with the rig's
// parameters (driver_rig.h): pm_wq W = 20, noc resume Pr = 10 (suspend Ps = 5),
// domain on Lon = 100 / off Loff = 50, controller resume Rr = 40 / suspend Rs = 10,
// resume chain C = Pr + Lon + Rr = 150, transfer X = 1.96 (all us); autosuspend
// D = 20 ms. A = W for async (the chain runs behind pm_wq), 0 for sync.
// Service S = the time a job holds its reference, from its get to its put: C + X
// when it resumed the controller (sync pays the chain inside the get; async's
// reference is taken before pm_wq, so it holds it A longer), X otherwise. The
// break-even point is T - S = D: a longer gap lets the autosuspend timer fire.
//
// Above break-even (T - S > D, here T = 50 ms): every period, after the put at
//   tp = kT + Sp + A + C + X, the timer fires at tp + D, pm_wq runs the autosuspend
//   W later, the controller suspends (Rs) and its domain powers off (Loff); the
//   next job resumes it (noc, domain on, resume). Per period:
//     t_on  = Rr + X + D + W + Rs + Loff   (domain ON: end of power-on .. end of power-off)
//     t_dev = t_on                         (controller powered and not SUSPENDED: it draws
//                                           nothing while its domain powers on)
//     E = P_on t_on + P_off (T - t_on) + E_pon + E_poff + P_act t_dev + E_r + E_s
//         + B e_byte + e_desc
//     L = Sp + A + C + X
// Below break-even (T - S < D, here T = 10 ms): the controller never suspends after
//   the first job; over the periods after the first:
//     E = (P_on + P_act) T + B e_byte + e_desc
//     L = Sp + X, and the first job L = Sp + A + C + X, so the mean over N jobs is
//     Sp + X + (A + C) / N.
// With P_on = 2 mW, P_off = 50 uW, E_pon = 1.5 uJ, E_poff = 0.5 uJ, P_act = 1 mW,
// E_r = 2 uJ, E_s = 1 uJ, e_byte = 10 pJ, e_desc = 5 nJ: above, t_on = 20121.96 us and
// E = 66.875 uJ per period (L = 181.96 us sync, 201.96 us async); below,
// E = 30.015 uJ per period (L = 31.96 us after the first job).
//
// The timer above fires at the autosuspend expiry (the rig's PmCoreParams default).
// rpm_suspend() arms it with 25 % slack, and where the timer fires at the end of
// that range (AutosuspendTimerSlack::range_end, a platform's default) D becomes
// D + D / 4 = 25 ms in every formula: t_on = 25121.96 us and E = 81.625 uJ per period.
#include <catch2/catch.hpp>

#include "driver_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::wait;
using wakesim::test::client_params;
using wakesim::test::DriverRig;
using wakesim::test::ms;
using wakesim::test::RigTimes;
using wakesim::test::run_in_thread;
using wakesim::test::us;

namespace {

constexpr int kPeriods = 40;
constexpr double kPrepareUs = 30;
constexpr double kBytes = 1024;
constexpr double kAutosuspendMs = 20;
const sc_time t0 = ms(1);

struct ClosedForm {
  double energy_per_period;  // J
  double mean_latency_us;
};

ClosedForm closed_form(ResumePolicy policy, double period_ms,
                       AutosuspendTimerSlack slack = AutosuspendTimerSlack::expiry) {
  using R = RigTimes;
  const double A = policy == ResumePolicy::async ? R::W : 0;
  const double X = R::X(kBytes);
  // When the timer fires after the put: the expiry, or the end of its 25 % slack.
  const double D = kAutosuspendMs * 1000 * (slack == AutosuspendTimerSlack::range_end ? 1.25 : 1.0);
  const double T = period_ms * 1000;
  const double dynamic = kBytes * R::e_byte + R::e_desc;
  const double cold_latency = kPrepareUs + A + R::C + X;
  const double service = A + R::C + X;
  if (T - service > D) {
    const double t_on = R::Rr + X + D + R::W + R::Rs + R::Loff;
    const double t_dev = t_on;
    const double energy = R::P_on * t_on * 1e-6 + R::P_off * (T - t_on) * 1e-6 + R::E_pon + R::E_poff +
                          R::P_act * t_dev * 1e-6 + R::E_r + R::E_s + dynamic;
    return {energy, cold_latency};
  }
  const double energy = (R::P_on + R::P_act) * T * 1e-6 + dynamic;
  return {energy, kPrepareUs + X + (A + R::C) / kPeriods};
}

struct Measured {
  double energy_per_period;
  double mean_latency_us;
  unsigned long power_ons;
  DmaengineClientStats stats;
};

// Runs kPeriods jobs; the energy window is [t0, t0 + N T] above break-even, where
// every period is alike, and [t0 + T, t0 + N T] below it, leaving out the first
// period's resume.
Measured run_periodic(ResumePolicy policy, double period_ms, bool above, AutosuspendTimerSlack slack) {
  DriverRig rig(client_params(policy, kPrepareUs, kAutosuspendMs), "", DmaWhenSuspended::stall, slack);
  const sc_time period = ms(period_ms);
  const int skipped = above ? 0 : 1;
  double start_energy = 0;
  double end_energy = 0;
  run_in_thread([&] {
    for (int k = 0; k < kPeriods; ++k) {
      wait(t0 + period * k - sc_time_stamp());
      if (k == skipped) start_energy = rig.energy();
      rig.submit(static_cast<std::uint64_t>(k), static_cast<std::uint64_t>(kBytes));
    }
    wait(t0 + period * kPeriods - sc_time_stamp());
    end_energy = rig.energy();
  });
  Measured measured;
  measured.energy_per_period = (end_energy - start_energy) / (kPeriods - skipped);
  measured.mean_latency_us = rig.client.stats().latency.mean() / 1e6;
  measured.power_ons = rig.pd.power_on_count();
  measured.stats = rig.client.stats();
  return measured;
}

void check_against_closed_form(ResumePolicy policy, double period_ms, bool above,
                               AutosuspendTimerSlack slack = AutosuspendTimerSlack::expiry) {
  const ClosedForm expected = closed_form(policy, period_ms, slack);
  const Measured measured = run_periodic(policy, period_ms, above, slack);
  CHECK(measured.stats.completed == kPeriods);
  CHECK(measured.energy_per_period == Approx(expected.energy_per_period).epsilon(0.01));
  CHECK(measured.mean_latency_us == Approx(expected.mean_latency_us).epsilon(0.01));
  // Not just within 1%: the model follows the closed form to rounding.
  CHECK(measured.energy_per_period == Approx(expected.energy_per_period).epsilon(1e-9));
  CHECK(measured.mean_latency_us == Approx(expected.mean_latency_us).epsilon(1e-9));
  // Above break-even every job resumes the domain; below it only the first.
  CHECK(measured.power_ons == (above ? kPeriods : 1u));
}

}  // namespace

TEST_CASE("the closed form itself puts the two periods on opposite sides of break-even", "[drivers][periodic]") {
  // Above: 66.975 uJ per 50 ms period; below: 30.015 uJ per 10 ms period (hand sums
  // in the header comment).
  CHECK(closed_form(ResumePolicy::sync, 50).energy_per_period == Approx(66.875022e-6));
  CHECK(closed_form(ResumePolicy::sync, 50).mean_latency_us == Approx(181.96));
  CHECK(closed_form(ResumePolicy::async, 50).mean_latency_us == Approx(201.96));
  CHECK(closed_form(ResumePolicy::sync, 10).energy_per_period == Approx(30.01524e-6));
  CHECK(closed_form(ResumePolicy::sync, 10).mean_latency_us == Approx(31.96 + 150.0 / kPeriods));
  // With the timer at the end of its slack range the domain and controller stay on
  // 5 ms longer: 5 ms x (P_on + P_act - P_off) = 14.75 uJ more per period.
  CHECK(closed_form(ResumePolicy::sync, 50, AutosuspendTimerSlack::range_end).energy_per_period ==
        Approx(81.625022e-6));
}

TEST_CASE("sync periodic energy and latency match the closed form above break-even", "[drivers][periodic][sync]") {
  check_against_closed_form(ResumePolicy::sync, 50, /*above=*/true);
}

TEST_CASE("sync periodic energy and latency match the closed form below break-even", "[drivers][periodic][sync]") {
  check_against_closed_form(ResumePolicy::sync, 10, /*above=*/false);
}

TEST_CASE("async periodic energy and latency match the closed form above break-even", "[drivers][periodic][async]") {
  check_against_closed_form(ResumePolicy::async, 50, /*above=*/true);
}

TEST_CASE("async periodic energy and latency match the closed form below break-even", "[drivers][periodic][async]") {
  check_against_closed_form(ResumePolicy::async, 10, /*above=*/false);
}

TEST_CASE(
    "sync periodic energy matches the closed form above break-even with the autosuspend hrtimer at the end of its "
    "rpm_suspend slack",
    "[drivers][periodic][sync][slack]") {
  check_against_closed_form(ResumePolicy::sync, 50, /*above=*/true, AutosuspendTimerSlack::range_end);
}

TEST_CASE(
    "async periodic energy matches the closed form above break-even with the autosuspend hrtimer at the end of its "
    "rpm_suspend slack",
    "[drivers][periodic][async][slack]") {
  check_against_closed_form(ResumePolicy::async, 50, /*above=*/true, AutosuspendTimerSlack::range_end);
}

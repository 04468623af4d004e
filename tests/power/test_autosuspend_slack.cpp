// The autosuspend hrtimer's slack. rpm_suspend() (drivers/base/power/runtime.c)
// arms it with hrtimer_start_range_ns(&suspend_timer, expires, slack) where
// slack = autosuspend_delay * (NSEC_PER_MSEC >> 2), 25 % of the delay; the timer
// fires somewhere in [expires, expires + slack] (kernel/time/hrtimer.c:
// _softexpires is the range's start, the clock event is programmed for its end).
// pm_schedule_suspend() uses hrtimer_start(), without slack. Devices here have
// no callbacks and pm_wq dispatches at once, so a suspend lands exactly when the
// timer fires.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "support/run_in_thread.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"

using namespace wakesim;
using sc_core::SC_MS;
using sc_core::sc_time;
using sc_core::sc_time_stamp;
using wakesim::test::run_in_thread;

namespace {

PmCoreParams slack(AutosuspendTimerSlack mode, std::uint64_t seed = 1) {
  PmCoreParams params;
  params.pm_wq_dispatch_latency = sc_core::SC_ZERO_TIME;
  params.autosuspend_timer_slack = mode;
  params.random_seed = seed;
  return params;
}

sc_time ms(double value) { return sc_time(value, SC_MS); }

sc_time when_suspended(RpmDevice& device) {
  while (device.status() != RpmStatus::suspended) sc_core::wait(device.status_changed_event());
  return sc_time_stamp();
}

// A device with a 20 ms autosuspend delay, resumed at `t0` and put with
// put_autosuspend() there; returns how long after t0 it suspended.
sc_time suspend_after_put(AutosuspendTimerSlack mode) {
  PmCore core("pm", slack(mode));
  RpmDevice dev("dev", core);
  sc_time after;
  run_in_thread([&] {
    dev.enable();
    dev.set_autosuspend_delay(20);
    dev.use_autosuspend();
    sc_core::wait(ms(1));  // t0 = 1 ms
    const sc_time t0 = sc_time_stamp();
    REQUIRE(dev.get_sync() == 0);
    REQUIRE(dev.put_autosuspend() == 0);
    CHECK(dev.timer_expires() == t0 + ms(20));  // the soft expiry, whatever the mode
    after = when_suspended(dev) - t0;
  });
  return after;
}

}  // namespace

TEST_CASE("PmCoreParams fires the autosuspend hrtimer at its expiry unless told otherwise",
          "[rpm][autosuspend][slack]") {
  CHECK(PmCoreParams().autosuspend_timer_slack == AutosuspendTimerSlack::expiry);
}

TEST_CASE("rpm_suspend arms the autosuspend hrtimer with 25 % slack: expiry mode suspends at last_busy + delay",
          "[rpm][autosuspend][slack]") {
  CHECK(suspend_after_put(AutosuspendTimerSlack::expiry) == ms(20));
}

TEST_CASE(
    "rpm_suspend arms the autosuspend hrtimer with 25 % slack: range_end mode suspends at last_busy + 1.25 x delay",
    "[rpm][autosuspend][slack]") {
  CHECK(suspend_after_put(AutosuspendTimerSlack::range_end) == ms(25));  // 20 ms + 20 ms / 4
}

TEST_CASE("rpm_suspend arms the autosuspend hrtimer with 25 % slack: uniform mode suspends uniformly within the range",
          "[rpm][autosuspend][slack]") {
  PmCore core("pm", slack(AutosuspendTimerSlack::uniform, 42));
  RpmDevice dev("dev", core);
  std::vector<double> after_ms;
  run_in_thread([&] {
    dev.enable();
    dev.set_autosuspend_delay(20);
    dev.use_autosuspend();
    for (int cycle = 0; cycle < 1000; ++cycle) {
      const sc_time t0 = sc_time_stamp();
      REQUIRE(dev.get_sync() == 0);
      REQUIRE(dev.put_autosuspend() == 0);
      after_ms.push_back((when_suspended(dev) - t0).to_seconds() * 1e3);
      sc_core::wait(ms(1));
    }
  });
  double sum = 0, low = 1e9, high = 0;
  for (double a : after_ms) {
    CHECK(a >= 20.0);
    CHECK(a <= 25.0);
    sum += a;
    low = std::min(low, a);
    high = std::max(high, a);
  }
  // Uniform on [20, 25] ms: mean 22.5 ms, standard deviation 5 / sqrt(12) = 1.44 ms,
  // so the mean of 1000 cycles lies within 0.046 ms of it at one sigma.
  CHECK(sum / after_ms.size() == Approx(22.5).margin(0.2));
  CHECK(low < 20.1);
  CHECK(high > 24.9);
}

TEST_CASE("pm_schedule_suspend arms its hrtimer without slack (hrtimer_start), even in range_end mode",
          "[rpm][autosuspend][slack]") {
  PmCore core("pm", slack(AutosuspendTimerSlack::range_end));
  RpmDevice dev("dev", core);
  sc_time suspended_at;
  run_in_thread([&] {
    dev.enable();
    REQUIRE(dev.get_sync() == 0);
    dev.put_noidle();
    REQUIRE(dev.schedule_suspend(ms(10)) == 0);
    CHECK(dev.timer_fires_at() == ms(10));
    suspended_at = when_suspended(dev);
  });
  CHECK(suspended_at == ms(10));
}

TEST_CASE(
    "rpm_suspend leaves a timer armed at an earlier soft expiry alone, and at its range end pm_suspend_timer_fn "
    "re-arms it for the new expiry with a new slack",
    "[rpm][autosuspend][slack]") {
  PmCore core("pm", slack(AutosuspendTimerSlack::range_end));
  RpmDevice dev("dev", core);
  sc_time suspended_at;
  run_in_thread([&] {
    dev.enable();
    dev.set_autosuspend_delay(20);
    dev.use_autosuspend();
    REQUIRE(dev.get_sync() == 0);
    REQUIRE(dev.put_autosuspend() == 0);  // soft 20 ms, fires at 25 ms
    CHECK(dev.timer_fires_at() == ms(25));
    sc_core::wait(ms(22));                // past the soft expiry, inside the range
    REQUIRE(dev.get_sync() == 1);         // still active: an idle CPU has not fired it yet
    REQUIRE(dev.put_autosuspend() == 0);  // expiry 42 ms; the timer (soft 20 ms) is kept
    CHECK(dev.timer_expires() == ms(20));
    CHECK(dev.timer_fires_at() == ms(25));
    sc_core::wait(ms(3));  // 25 ms: fires, finds 42 ms ahead, re-arms
    sc_core::wait(sc_core::SC_ZERO_TIME);
    CHECK(dev.timer_expires() == ms(42));
    CHECK(dev.timer_fires_at() == ms(47));  // 42 + 20 / 4
    suspended_at = when_suspended(dev);
  });
  CHECK(suspended_at == ms(47));
}

// pm_wq as the kernel allocates it (kernel/power/main.c pm_start_workqueue():
// alloc_workqueue("pm", WQ_FREEZABLE | WQ_UNBOUND, 0), max_active 0 meaning
// WQ_DFL_ACTIVE = 256): several workers, one device's work item never running
// twice at once (kernel/workqueue.c keeps a work item non-reentrant). Every
// expected time is the sum of the parameters on the path, worked beside it.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "support/power_params.h"
#include "support/run_in_thread.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_callbacks.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_US;
using wakesim::test::run_in_thread;
using wakesim::test::timed;
using wakesim::test::us;

namespace {

PmCoreParams workqueue(double latency_us, unsigned max_active) {
  PmCoreParams params;
  params.pm_wq_dispatch_latency = us(latency_us);
  params.pm_wq_max_active = max_active;
  return params;
}

// Waits until `device` reaches `status` and returns the time it did.
sc_time when_status(RpmDevice& device, RpmStatus status) {
  while (device.status() != status) sc_core::wait(device.status_changed_event());
  return sc_time_stamp();
}

// Callbacks that take fixed times and log [start, end) of every call, idle included.
class LoggedCallbacks : public RpmCallbacks {
 public:
  struct Call {
    const char* what;
    sc_time start;
    sc_time end;
  };
  LoggedCallbacks(double idle_us, double suspend_us, double resume_us)
      : idle_(us(idle_us)), suspend_(us(suspend_us)), resume_(us(resume_us)) {}
  int runtime_suspend(RpmDevice&) override { return timed_call("suspend", suspend_, 0); }
  int runtime_resume(RpmDevice&) override { return timed_call("resume", resume_, 0); }
  bool has_runtime_idle() const override { return true; }
  // Nonzero: the idle callback vetoes the suspend that would follow.
  int runtime_idle(RpmDevice&) override { return timed_call("idle", idle_, -EBUSY); }
  const std::vector<Call>& calls() const { return calls_; }

 private:
  int timed_call(const char* what, const sc_time& duration, int result) {
    const sc_time start = sc_time_stamp();
    sc_core::wait(duration);
    calls_.push_back({what, start, sc_time_stamp()});
    return result;
  }
  sc_time idle_, suspend_, resume_;
  std::vector<Call> calls_;
};

// Device `slow` (500 us suspend callback) is put at t=0, so its suspend item is
// queued first; device `fast` (30 us resume) is got asynchronously right after.
// Returns when fast started resuming and when it was active.
std::pair<sc_time, sc_time> slow_suspend_then_fast_resume(unsigned max_active) {
  PmCore core("pm", workqueue(20, max_active));
  TimedCallbacks slow_cb(timed(500, 0)), fast_cb(timed(5, 30));
  RpmDevice slow("slow", core, nullptr, &slow_cb);
  RpmDevice fast("fast", core, nullptr, &fast_cb);
  std::pair<sc_time, sc_time> fast_times;
  run_in_thread([&] {
    slow.enable();
    fast.enable();
    REQUIRE(slow.get_sync() == 0);                // resume takes 0 us: active at t=0
    REQUIRE(slow.put() == 0);                     // rpm_idle -> async suspend: item 1
    REQUIRE(fast.get(CallContext::atomic) == 0);  // async resume: item 2
    fast_times.first = when_status(fast, RpmStatus::resuming);
    fast_times.second = when_status(fast, RpmStatus::active);
    when_status(slow, RpmStatus::suspended);
  });
  return fast_times;
}

}  // namespace

TEST_CASE(
    "pm_wq (alloc_workqueue max_active 0 = WQ_DFL_ACTIVE 256): another device's async resume starts after its dispatch "
    "latency, not after a 500 us suspend callback",
    "[rpm][pm_wq]") {
  const auto [resuming_at, active_at] = slow_suspend_then_fast_resume(PmWorkqueueParams::kDefaultMaxActive);
  CHECK(resuming_at == sc_time(20, SC_US));  // queued at 0 + 20 us dispatch, beside slow's suspend
  CHECK(active_at == sc_time(50, SC_US));    // + 30 us resume callback
}

TEST_CASE("pm_wq with max_active 1 runs items one after another, as a single worker does", "[rpm][pm_wq]") {
  const auto [resuming_at, active_at] = slow_suspend_then_fast_resume(1);
  CHECK(resuming_at == sc_time(520, SC_US));  // slow's item 20..520 us, then fast's (ready since 20 us)
  CHECK(active_at == sc_time(550, SC_US));    // + 30 us resume callback
}

TEST_CASE(
    "pm_wq never runs two work items of one device at once (process_one_work non-reentrancy) and keeps their order",
    "[rpm][pm_wq]") {
  PmCore core("pm", workqueue(20, PmWorkqueueParams::kDefaultMaxActive));
  LoggedCallbacks cb(200, 40, 0);
  RpmDevice dev("dev", core, nullptr, &cb);
  run_in_thread([&] {
    dev.enable();
    REQUIRE(dev.get_sync() == 0);      // active at 0 (0 us resume)
    dev.put_noidle();                  // usage 0, no idle yet
    REQUIRE(dev.request_idle() == 0);  // item 1: idle, ready at 20 us, callback 20..220 us
    sc_core::wait(us(50));
    REQUIRE(core.workqueue().peak_running() == 1);
    // While the idle item runs, an autosuspend request queues item 2 (ready at 70 us).
    REQUIRE(dev.request_autosuspend() == 0);
    when_status(dev, RpmStatus::suspended);
    core.workqueue().flush();
  });
  const auto& calls = cb.calls();
  REQUIRE(calls.size() == 3);  // resume (get_sync), idle, suspend
  CHECK(std::string(calls[1].what) == "idle");
  CHECK(calls[1].start == sc_time(20, SC_US));
  CHECK(calls[1].end == sc_time(220, SC_US));
  CHECK(std::string(calls[2].what) == "suspend");
  CHECK(calls[2].start == sc_time(220, SC_US));  // ready at 70 us, but waits for item 1
  CHECK(calls[2].end == sc_time(260, SC_US));
  CHECK(core.workqueue().peak_running() == 1);
  CHECK(core.workqueue().items_run() == 2);
}

TEST_CASE("pm_wq runs the work items of different devices in parallel up to max_active", "[rpm][pm_wq]") {
  PmCore core("pm", workqueue(20, 2));
  TimedCallbacks a_cb(timed(5, 100)), b_cb(timed(5, 100)), c_cb(timed(5, 100));
  RpmDevice a("a", core, nullptr, &a_cb), b("b", core, nullptr, &b_cb), c("c", core, nullptr, &c_cb);
  sc_time active_at[3];
  run_in_thread([&] {
    RpmDevice* devices[] = {&a, &b, &c};
    for (RpmDevice* d : devices) d->enable();
    for (RpmDevice* d : devices) REQUIRE(d->request_resume() == 0);  // all ready at 20 us
    for (int i = 0; i < 3; ++i) active_at[i] = when_status(*devices[i], RpmStatus::active);
  });
  CHECK(active_at[0] == sc_time(120, SC_US));  // 20 + 100
  CHECK(active_at[1] == sc_time(120, SC_US));  // beside a
  CHECK(active_at[2] == sc_time(220, SC_US));  // a third item waits for a free slot at 120 us
  CHECK(core.workqueue().peak_running() == 2);
  CHECK(core.workqueue().workers() == 2);
}

TEST_CASE("pm_wq draws each item's dispatch latency from its distribution, the same for the same seed",
          "[rpm][pm_wq]") {
  PmCoreParams params;
  params.pm_wq_dispatch_latency = LatencyDistribution::uniform(us(10), us(90));
  params.random_seed = 7;
  PmCore core("pm", params);
  RpmDevice dev("dev", core);
  std::vector<sc_time> latencies;
  run_in_thread([&] {
    dev.enable();
    for (int i = 0; i < 200; ++i) {
      const sc_time queued = sc_time_stamp();
      REQUIRE(dev.get(CallContext::atomic) == 0);  // one pm_wq item: the resume
      latencies.push_back(when_status(dev, RpmStatus::active) - queued);
      REQUIRE(dev.put_sync() == 0);  // suspends in this thread (no callbacks: at once)
    }
  });
  // The draws of the workqueue's own stream, replayed.
  RandomStream replay = RandomStreams(7).stream("pm.pm_wq");
  bool spread = false;
  for (const sc_time& latency : latencies) {
    CHECK(latency >= us(10));
    CHECK(latency <= us(90));
    CHECK(latency == params.pm_wq_dispatch_latency.draw(replay));
    spread = spread || latency != latencies.front();
  }
  CHECK(spread);
}

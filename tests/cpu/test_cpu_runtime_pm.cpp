// The CPU side of sync versus async, in closed form (docs/cpu.md): a resume of
// three phases (clk_prepare: sleeps 200 us; clk_enable: 1 us; register restore:
// 20 us) on the test CPUs (core off: exit 10 us, residency 100 us; WFI: exit 1 us).
#include <catch2/catch.hpp>

#include "support/cpu_params.h"
#include "support/run_in_thread.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/cpu/cpu_execution.h"
#include "wakesim/cpu/cpu_system.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::sc_time_stamp;
using wakesim::test::run_in_thread;
using wakesim::test::us;

namespace {

TimedCallbacksParams phased_callbacks() {
  TimedCallbacksParams params;
  params.resume_phases = {{"clk_prepare", us(200), true, Power{0.002}, Energy{}},
                          {"clk_enable", us(1), false, Power{}, Energy{}},
                          {"restore", us(20), false, Power{}, Energy{}}};
  params.suspend_phases = {{"save", us(5), false, Power{}, Energy{}},
                           {"clk_unprepare", us(30), true, Power{}, Energy{}}};
  params.resume_duration = us(221);
  params.suspend_duration = us(35);
  return params;
}

// A core whose pm_wq runs on `pm_wq_cpu` of two test CPUs.
struct Rig {
  explicit Rig(unsigned pm_wq_cpu, PmCoreParams core_params = wakesim::test::wq_latency(20))
      : cpus("cpus", params(pm_wq_cpu), &ledger),
        core("pm", core_params),
        callbacks(phased_callbacks()),
        device("dev", core, nullptr, &callbacks) {
    core.attach_cpus(&cpus);
    callbacks.attach_energy(ledger, "dev");
  }
  static CpuSystemParams params(unsigned pm_wq_cpu) {
    CpuSystemParams p = wakesim::test::test_cpus(2);
    p.placement.pm_wq = pm_wq_cpu;
    return p;
  }
  // The test thread is the caller on cpu0, awake at 1010 us (woken at 1000 us
  // from core off).
  void start_caller() {
    cpus.bind_current(cpus.cpu(0));
    sc_core::wait(us(1000));
    resume_on_cpu(&cpus, CpuCause::client);
    REQUIRE(sc_time_stamp() == us(1010));
  }
  const CpuStats& cpu(unsigned i) const { return cpus.cpu(i).stats(); }

  EnergyLedger ledger;
  CpuSystem cpus;
  PmCore core;
  TimedCallbacks callbacks;
  RpmDevice device;
};

}  // namespace

TEST_CASE("the caller is blocked for the resume chain, and its CPU idles while clk_prepare sleeps",
          "[cpu][closed_form][sync]") {
  Rig rig(1);
  run_in_thread([&] {
    rig.device.enable();
    rig.start_caller();
    const sc_time before = rig.cpu(0).residency[1];
    CHECK(rig.device.get_sync() == 0);
    // 200 us asleep (core off: 200 >= 100 us residency), its 10 us exit, 1 + 20 us of code.
    CHECK(sc_time_stamp() - us(1010) == us(231));
    CHECK(rig.cpu(0).residency[1] - before == us(200));
    CHECK(rig.cpu(0).busy[index_of(CpuCause::pm_callback)] == us(21));
    CHECK(rig.cpu(0).busy[index_of(CpuCause::atomic_spin)] == us(0));
  });
}

TEST_CASE("the CPU spins for the whole resume, which skips the sleepable clk_prepare", "[cpu][closed_form][irq_safe]") {
  Rig rig(1);
  run_in_thread([&] {
    rig.device.irq_safe();
    rig.device.enable();
    rig.start_caller();
    for (int job = 0; job < 3; ++job) {
      const sc_time start = sc_time_stamp();
      CHECK(rig.device.get_sync(CallContext::atomic) == 0);
      CHECK(sc_time_stamp() - start == us(21));  // clk_enable + restore, spinning
      CHECK(rig.device.put_sync(CallContext::atomic) >= 0);
      sc_core::wait(us(1000));
      resume_on_cpu(&rig.cpus, CpuCause::client);
    }
    // CPU busy time per job = the resume's duration (+ the suspend's 5 us save).
    CHECK(rig.cpu(0).busy[index_of(CpuCause::atomic_spin)] == us(3 * (21 + 5)));
    CHECK(rig.cpu(0).busy[index_of(CpuCause::pm_callback)] == us(0));
    CHECK(rig.device.might_sleep_violations() == 0);
    // The clock stays prepared from probe: its 2 mW is paid all along.
    rig.callbacks.close_energy();
    const double seconds = sc_time_stamp().to_seconds();
    double held = 0.0;
    for (const auto& a : rig.ledger.accounts())
      if (a.component == "dev" && a.detail == "state:held") held = a.energy.joules;
    CHECK(held == Approx(seconds * 0.002));
  });
}

TEST_CASE("a device that is not irq-safe pays its clock's held power only while resumed", "[cpu][closed_form]") {
  Rig rig(1);
  run_in_thread([&] {
    rig.device.enable();
    rig.start_caller();
    CHECK(rig.device.get_sync() == 0);  // resumed at 1241 us
    sc_core::wait(us(759));             // 2000 us
    CHECK(rig.device.put_sync() >= 0);  // save 5 us, then clk_unprepare sleeps 30 us
    const sc_time unprepared = sc_time_stamp();
    sc_core::wait(us(1000));
    rig.callbacks.close_energy();
    double held = 0.0;
    for (const auto& a : rig.ledger.accounts())
      if (a.component == "dev" && a.detail == "state:held") held = a.energy.joules;
    CHECK(held == Approx((unprepared - us(1241)).to_seconds() * 0.002));
  });
}

namespace {

// The time the device became active after an async get at 1010 us.
sc_time async_active_after(unsigned pm_wq_cpu, CpuStats* kworker_cpu) {
  Rig rig(pm_wq_cpu);
  sc_time active_at;
  run_in_thread([&] {
    rig.device.enable();
    rig.start_caller();
    CHECK(rig.device.get(CallContext::atomic) == 0);
    while (rig.device.status() != RpmStatus::active) sc_core::wait(rig.device.status_changed_event());
    active_at = sc_time_stamp();
  });
  *kworker_cpu = rig.cpu(pm_wq_cpu);
  return active_at - us(1010);
}

}  // namespace

TEST_CASE("the resume waits for the kworker's CPU to leave core off", "[cpu][closed_form][async]") {
  CpuStats stats;
  // cpu1 in core off: 10 us exit, 20 us dispatch, then 200 us asleep + 10 us exit + 21 us.
  CHECK(async_active_after(1, &stats) == us(10 + 20 + 200 + 10 + 21));
  CHECK(stats.wakeups[index_of(CpuCause::kworker)] == 1);
  CHECK(stats.busy[index_of(CpuCause::kworker)] == us(20));
  CHECK(stats.busy[index_of(CpuCause::pm_callback)] == us(21));
}

TEST_CASE("on the caller's own running CPU the kworker pays no exit latency", "[cpu][closed_form][async]") {
  CpuStats stats;
  CHECK(async_active_after(0, &stats) == us(20 + 200 + 10 + 21));
  CHECK(stats.wakeups[index_of(CpuCause::kworker)] == 0);
}

TEST_CASE("every autosuspend that suspends the device is one timer wakeup of the CPU that armed it",
          "[cpu][closed_form]") {
  Rig rig(1);
  constexpr int kCycles = 5;
  run_in_thread([&] {
    rig.device.set_autosuspend_delay(1);  // ms
    rig.device.use_autosuspend();
    rig.device.enable();
    rig.start_caller();
    for (int i = 0; i < kCycles; ++i) {
      CHECK(rig.device.get_sync() == 0);
      CHECK(rig.device.put_autosuspend() == 0);  // the hrtimer goes on cpu0
      sc_core::wait(us(5000));
      resume_on_cpu(&rig.cpus, CpuCause::client);
    }
  });
  CHECK(rig.device.suspends() == kCycles);
  CHECK(rig.cpu(0).wakeups[index_of(CpuCause::timer)] == kCycles);
  CHECK(rig.cpu(0).busy[index_of(CpuCause::timer)] == us(2 * kCycles));  // 2 us handler each
  CHECK(rig.cpu(1).wakeups[index_of(CpuCause::timer)] == 0);
}

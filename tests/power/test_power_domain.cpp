// Generic PM domains (genpd, docs/kernel-semantics.md, 'Generic PM domains'): every expected time is the sum of
// the latencies on the path, worked by hand in the comment beside it. Times in us.
#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>

#include "support/power_params.h"
#include "support/run_in_thread.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

using namespace wakesim;
using sc_core::SC_MS;
using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_US;
using sc_core::SC_ZERO_TIME;
using wakesim::test::run_in_thread;
using wakesim::test::timed;
using wakesim::test::us;
using wakesim::test::wq_latency;

namespace {

PowerDomainIdleState idle_state(const char* name, double off_us, double on_us, double residency_us = 0) {
  PowerDomainIdleState state;
  state.name = name;
  state.power_off_latency = us(off_us);
  state.power_on_latency = us(on_us);
  state.residency = us(residency_us);
  return state;
}

// One idle state "off" with the given power-off and power-on latencies.
PowerDomainParams one_state(double off_us, double on_us) {
  PowerDomainParams params;
  params.states.push_back(idle_state("off", off_us, on_us));
  return params;
}

// Three states with off+on = 30, 150 and 1000 us and off+residency = 60, 550 and 5200 us.
PowerDomainParams three_states(PowerDomainGovernor governor) {
  PowerDomainParams params;
  params.states.push_back(idle_state("retention", 10, 20, 50));
  params.states.push_back(idle_state("off", 50, 100, 500));
  params.states.push_back(idle_state("deep", 200, 800, 5000));
  params.governor = governor;
  return params;
}

// Driver callbacks that record when a resume started and ended and whether a
// watched domain was on when it started.
class RecordingCallbacks : public TimedCallbacks {
 public:
  RecordingCallbacks(const TimedCallbacksParams& params, const PowerDomain* watched = nullptr)
      : TimedCallbacks(params), watched_(watched) {}
  int runtime_resume(RpmDevice& device) override {
    resume_started = sc_time_stamp();
    if (watched_) watched_on_at_resume = watched_->is_on();
    const int ret = TimedCallbacks::runtime_resume(device);
    resume_done = sc_time_stamp();
    return ret;
  }
  sc_time resume_started = SC_ZERO_TIME;
  sc_time resume_done = SC_ZERO_TIME;
  bool watched_on_at_resume = false;

 private:
  const PowerDomain* watched_;
};

}  // namespace

TEST_CASE("get_sync in an OFF domain waits for the domain power-on and then the device resume", "[genpd][timing]") {
  PmCore core("pm", wq_latency(20));
  PowerDomain pd("pd", core, one_state(50, 100));
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK_FALSE(pd.is_on());
    CHECK(dev.get_sync() == 0);
    CHECK(sc_time_stamp() == us(130));  // domain on 100 + resume 30
    CHECK(pd.is_on());
    CHECK(dev.active());
    CHECK(pd.idle_time(0) == us(100));  // OFF while powering on
    CHECK(pd.on_time() == us(30));
    CHECK(pd.power_on_count() == 1);
    CHECK(pd.power_off_count() == 0);
    CHECK(cb.resume_calls() == 1);  // the domain callback ran the driver's
  });
}

TEST_CASE("get_sync with the parent domain OFF powers the parent then the child then resumes",
          "[genpd][timing][subdomain]") {
  PmCore core("pm", wq_latency(20));
  PowerDomain parent("parent", core, one_state(80, 200));
  PowerDomain child("child", core, one_state(50, 100));
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(parent.add_subdomain(child) == 0);
  REQUIRE(child.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK(parent.sd_count() == 0);
    CHECK(dev.get_sync() == 0);
    CHECK(sc_time_stamp() == us(330));  // parent on 200 + child on 100 + resume 30
    CHECK(parent.is_on());
    CHECK(child.is_on());
    CHECK(parent.sd_count() == 1);
    CHECK(parent.idle_time(0) == us(200));
    CHECK(child.idle_time(0) == us(300));
    CHECK(parent.try_power_off() == -EBUSY);  // a child is ON
    CHECK(parent.is_on());

    CHECK(dev.put_sync() == 0);
    // suspend 10 (340) + child off 50 (390) + parent off 80 (470), all in this thread
    CHECK(sc_time_stamp() == us(470));
    CHECK_FALSE(child.is_on());
    CHECK_FALSE(parent.is_on());
    CHECK(parent.sd_count() == 0);
    CHECK(child.usage(0) == 1);
    CHECK(parent.usage(0) == 1);
    CHECK(parent.on_time() == us(270));  // 200 .. 470
  });
}

TEST_CASE("a DL_FLAG_PM_RUNTIME supplier in another OFF domain is resumed before the consumer domain powers on",
          "[genpd][timing][links]") {
  // rpm_resume(dma) sets RESUMING, then __rpm_callback resumes the suppliers
  // (get_sync(iommu): iommu domain on, iommu resume) and only then runs dma's own
  // callback, which is genpd's runtime_resume (dma domain on, dma resume).
  PmCore core("pm", wq_latency(20));
  PowerDomain dma_pd("dma_pd", core, one_state(50, 100));
  PowerDomain iommu_pd("iommu_pd", core, one_state(40, 80));
  RecordingCallbacks iommu_cb(timed(5, 40), &dma_pd);
  RecordingCallbacks dma_cb(timed(10, 30), &dma_pd);
  RpmDevice iommu("iommu", core, nullptr, &iommu_cb);
  RpmDevice dma("dma", core, nullptr, &dma_cb);
  REQUIRE(iommu_pd.attach(iommu) == 0);
  REQUIRE(dma_pd.attach(dma) == 0);
  run_in_thread([&] {
    REQUIRE(core.device_link_add(dma, iommu, kDlPmRuntime | kDlStateless) != nullptr);
    iommu.enable();
    dma.enable();
    CHECK(dma.get_sync() == 0);
    // iommu domain on 80 + iommu resume 40 + dma domain on 100 + dma resume 30
    CHECK(sc_time_stamp() == us(250));
    CHECK(iommu_cb.resume_started == us(80));
    CHECK_FALSE(iommu_cb.watched_on_at_resume);  // dma's domain still OFF then
    CHECK(dma_cb.resume_started == us(220));
    CHECK(dma_cb.watched_on_at_resume);
    CHECK(iommu_pd.on_time() == us(170));  // on since 80
    CHECK(dma_pd.on_time() == us(30));     // on since 220

    CHECK(dma.put_sync() == 0);
    // dma suspend 10 + dma domain off 50; the iommu's idle goes through pm_wq
    CHECK(sc_time_stamp() == us(310));
    CHECK_FALSE(dma_pd.is_on());
    CHECK(iommu_pd.is_on());
    sc_core::wait(us(190));  // t = 500
    // pm_wq 20 (330) + iommu suspend 5 (335) + iommu domain off 40 (375)
    CHECK_FALSE(iommu_pd.is_on());
    CHECK(iommu_pd.on_time() == us(295));     // 80 .. 375
    CHECK(iommu_pd.idle_time(0) == us(205));  // 0 .. 80 and 375 .. 500
  });
}

TEST_CASE("the domain powers off only when its last device suspends", "[genpd][timing]") {
  PmCore core("pm", wq_latency(20));
  PowerDomain pd("pd", core, one_state(50, 100));
  TimedCallbacks cb1(timed(10, 30)), cb2(timed(10, 30));
  RpmDevice dev1("dev1", core, nullptr, &cb1);
  RpmDevice dev2("dev2", core, nullptr, &cb2);
  REQUIRE(pd.attach(dev1) == 0);
  REQUIRE(pd.attach(dev2) == 0);
  run_in_thread([&] {
    dev1.enable();
    dev2.enable();
    CHECK(dev1.get_sync() == 0);  // 100 + 30 = 130
    CHECK(dev2.get_sync() == 0);  // domain already on: + 30 = 160
    CHECK(sc_time_stamp() == us(160));
    CHECK(pd.power_on_count() == 1);
    CHECK(dev1.put_sync() == 0);  // suspend 10: 170, dev2 still active
    CHECK(sc_time_stamp() == us(170));
    CHECK(dev1.suspended());
    CHECK(pd.is_on());
    CHECK(pd.try_power_off() == -EBUSY);
    CHECK(dev2.put_sync() == 0);  // suspend 10 + power off 50: 230
    CHECK(sc_time_stamp() == us(230));
    CHECK_FALSE(pd.is_on());
    CHECK(pd.on_time() == us(130));  // 100 .. 230
    CHECK(pd.power_off_count() == 1);
    CHECK(pd.usage(0) == 1);
  });
}

TEST_CASE("an async get leaves the device active after pm_wq latency plus domain on plus resume", "[genpd][timing]") {
  PmCore core("pm", wq_latency(20));
  PowerDomain pd("pd", core, one_state(50, 100));
  RecordingCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.get(CallContext::atomic) == 0);
    CHECK(sc_time_stamp() == SC_ZERO_TIME);
    CHECK(dev.status() == RpmStatus::suspended);
    CHECK_FALSE(pd.is_on());
    sc_core::wait(us(1000));
    CHECK(dev.active());
    CHECK(cb.resume_started == us(120));  // pm_wq 20 + domain on 100
    CHECK(cb.resume_done == us(150));     // + resume 30
    CHECK(pd.idle_time(0) == us(120));
    CHECK(pd.on_time() == us(880));
  });
  CHECK(dev.might_sleep_violations() == 0);
}

TEST_CASE("a resume during a power-off waits for the domain lock and powers the domain back on", "[genpd][timing]") {
  PmCore core("pm", wq_latency(20));
  PowerDomain pd("pd", core, one_state(50, 100));
  TimedCallbacks cb1(timed(10, 30)), cb2(timed(10, 30));
  RpmDevice dev1("dev1", core, nullptr, &cb1);
  RpmDevice dev2("dev2", core, nullptr, &cb2);
  REQUIRE(pd.attach(dev1) == 0);
  REQUIRE(pd.attach(dev2) == 0);
  run_in_thread([&] {
    dev1.enable();
    dev2.enable();
    CHECK(dev1.get_sync() == 0);                  // 130
    sc_core::sc_spawn([&] { dev1.put_sync(); });  // suspend 130..140, power off 140..190
    sc_core::wait(us(20));                        // 150: the domain lock is held
    CHECK(dev2.get_sync() == 0);
    // waits for the power-off (190), powers on again 100 (290), resumes 30 (320)
    CHECK(sc_time_stamp() == us(320));
    CHECK(pd.is_on());
    CHECK(pd.power_off_count() == 1);
    CHECK(pd.power_on_count() == 2);
    CHECK(pd.on_time() == us(120));     // 100 .. 190 and 290 .. 320: 90 + 30
    CHECK(pd.idle_time(0) == us(200));  // 0 .. 100 and 190 .. 290
  });
}

TEST_CASE(
    "add_subdomain refuses self duplicates irq-safe children of normal parents OFF parents of ON children and cycles",
    "[genpd][subdomain]") {
  PmCore core("pm");
  PowerDomainParams on = one_state(0, 0);
  on.initially_on = true;
  PowerDomainParams off = one_state(0, 0);
  PowerDomainParams irq_safe_on = on;
  irq_safe_on.irq_safe = true;
  PowerDomain parent("parent", core, on);
  PowerDomain child("child", core, on);
  PowerDomain off_parent("off_parent", core, off);
  PowerDomain fast_child("fast_child", core, irq_safe_on);
  PowerDomain fast_parent("fast_parent", core, irq_safe_on);
  PowerDomain slow_child("slow_child", core, off);

  CHECK(parent.add_subdomain(parent) == -EINVAL);
  CHECK(parent.add_subdomain(fast_child) == -EINVAL);  // IRQ-05
  CHECK(parent.kernel_warnings() == 1);
  CHECK(off_parent.add_subdomain(child) == -EINVAL);  // parent OFF, child ON
  CHECK(off_parent.subdomains().empty());
  CHECK(off_parent.sd_count() == 0);

  CHECK(parent.add_subdomain(child) == 0);
  CHECK(parent.sd_count() == 1);  // the child is ON
  CHECK(child.parents().size() == 1);
  CHECK(parent.add_subdomain(child) == -EINVAL);  // duplicate
  CHECK(parent.sd_count() == 1);
  CHECK(child.add_subdomain(parent) == -EINVAL);  // would close a cycle

  CHECK(fast_parent.add_subdomain(fast_child) == 0);
  CHECK(fast_parent.add_subdomain(slow_child) == 0);  // a normal child of an irq-safe parent is fine
  CHECK(fast_parent.sd_count() == 1);                 // slow_child is OFF

  CHECK(parent.remove_subdomain(child) == 0);
  CHECK(parent.sd_count() == 0);
  CHECK(parent.remove_subdomain(child) == -EINVAL);
  CHECK(child.parents().empty());
}

TEST_CASE("a parent stays ON while a child is ON or idles in a shallower than deepest state", "[genpd][subdomain]") {
  PmCore core("pm");
  PowerDomainParams two = one_state(0, 0);
  two.states.push_back(idle_state("deep", 0, 0));
  two.initially_on = true;
  PowerDomainParams two_governed = two;
  two_governed.governor = PowerDomainGovernor::simple_qos;
  PowerDomainParams single = one_state(0, 0);
  single.initially_on = true;
  PowerDomain parent1("parent1", core, single);
  PowerDomain parent2("parent2", core, single);
  PowerDomain plain("plain", core, two);  // no governor: always state 0
  PowerDomain governed("governed", core, two_governed);
  REQUIRE(parent1.add_subdomain(plain) == 0);
  REQUIRE(parent2.add_subdomain(governed) == 0);
  run_in_thread([&] {
    CHECK(parent1.try_power_off() == -EBUSY);  // child ON
    CHECK(plain.try_power_off() == 0);
    CHECK_FALSE(plain.is_on());
    CHECK(plain.state_idx() == 0);
    CHECK(parent1.sd_count() == 0);
    CHECK(parent1.is_on());  // the cascade found the child in state 0 of 2
    CHECK(parent1.try_power_off() == -EBUSY);

    CHECK(governed.try_power_off() == 0);  // no constraints: the deepest state
    CHECK(governed.state_idx() == 1);
    CHECK_FALSE(parent2.is_on());  // cascaded
    CHECK(parent2.usage(0) == 1);
  });
}

TEST_CASE("always-on domains never power off and must start on", "[genpd][flags]") {
  PmCore core("pm");
  PowerDomainParams params = one_state(50, 100);
  params.always_on = true;
  params.initially_on = true;
  PowerDomain pd("pd", core, params);
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev) == 0);

  PowerDomainParams not_on = params;
  not_on.initially_on = false;
  CHECK_THROWS_AS(PowerDomain("bad1", core, not_on), std::invalid_argument);
  PowerDomainParams rpm_not_on = one_state(0, 0);
  rpm_not_on.rpm_always_on = true;
  CHECK_THROWS_AS(PowerDomain("bad2", core, rpm_not_on), std::invalid_argument);
  PowerDomainParams gov_not_on = one_state(0, 0);
  gov_not_on.governor = PowerDomainGovernor::always_on;
  CHECK_THROWS_AS(PowerDomain("bad3", core, gov_not_on), std::invalid_argument);

  run_in_thread([&] {
    dev.enable();
    CHECK(dev.get_sync() == 0);
    CHECK(sc_time_stamp() == us(30));  // no power-on: already on
    CHECK(dev.put_sync() == 0);
    CHECK(dev.suspended());
    CHECK(pd.is_on());
    CHECK(pd.try_power_off() == -EBUSY);
    CHECK(pd.prepare(dev) == 0);
    CHECK(pd.suspend_noirq(dev) == 0);  // not even in system sleep
    CHECK(pd.is_on());
    CHECK(pd.resume_noirq(dev) == 0);
    pd.complete(dev);
    sc_core::wait(us(1000));
    CHECK(pd.is_on());
    CHECK(pd.power_off_count() == 0);
    CHECK(pd.usage(0) == 0);
  });
}

TEST_CASE("rpm_always_on stays on at runtime but powers off in noirq suspend", "[genpd][flags][sleep]") {
  PmCore core("pm");
  PowerDomainParams params = one_state(50, 100);
  params.rpm_always_on = true;
  params.initially_on = true;
  PowerDomain pd("pd", core, params);
  RpmDevice dev("dev", core);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK(pd.try_power_off() == -EBUSY);
    CHECK(pd.prepare(dev) == 0);
    CHECK(pd.suspend_noirq(dev) == 0);
    CHECK_FALSE(pd.is_on());
    CHECK(sc_time_stamp() == us(50));
    CHECK(pd.resume_noirq(dev) == 0);
    CHECK(pd.is_on());
    CHECK(sc_time_stamp() == us(150));
  });
}

TEST_CASE("an irq-safe device keeps a normal domain ON forever but not an irq-safe domain", "[genpd][irq_safe]") {
  PmCore core("pm", wq_latency(20));
  PowerDomainParams normal = one_state(50, 100);
  normal.initially_on = true;
  PowerDomainParams fast = one_state(50, 100);
  fast.irq_safe = true;
  PowerDomain normal_pd("normal_pd", core, normal);
  PowerDomain fast_pd("fast_pd", core, fast);
  TimedCallbacks cb1(timed(10, 30)), cb2(timed(10, 30));
  RpmDevice dma1("dma1", core, nullptr, &cb1);
  RpmDevice dma2("dma2", core, nullptr, &cb2);
  REQUIRE(normal_pd.attach(dma1) == 0);
  REQUIRE(fast_pd.attach(dma2) == 0);
  run_in_thread([&] {
    dma1.enable();
    dma2.enable();
    dma1.irq_safe();
    dma2.irq_safe();

    // IRQ-04 in a sleeping domain: resume skips the power-on, suspend skips the power-off.
    CHECK(dma1.get_sync(CallContext::atomic) == 0);
    CHECK(sc_time_stamp() == us(30));
    CHECK(dma1.put_sync(CallContext::atomic) == 0);
    CHECK(sc_time_stamp() == us(40));
    CHECK(dma1.suspended());
    CHECK(normal_pd.is_on());
    CHECK(normal_pd.try_power_off() == -EBUSY);  // the suspended irq-safe device counts as on
    normal_pd.queue_power_off_work();
    sc_core::wait(us(1000));  // t = 1040
    CHECK(normal_pd.is_on());
    CHECK(normal_pd.power_off_count() == 0);
    CHECK(normal_pd.pinned_by_irq_safe_device());
    CHECK(normal_pd.irq_safe_warnings() == 1);  // once per device
    CHECK(dma1.might_sleep_violations() == 0);

    // An irq-safe domain powers on and off around its irq-safe device.
    CHECK(dma2.get_sync(CallContext::atomic) == 0);
    CHECK(sc_time_stamp() == us(1170));  // on 100 + resume 30
    CHECK(dma2.put_sync(CallContext::atomic) == 0);
    CHECK(sc_time_stamp() == us(1230));  // suspend 10 + off 50
    CHECK_FALSE(fast_pd.is_on());
    CHECK_FALSE(fast_pd.pinned_by_irq_safe_device());
    CHECK(fast_pd.irq_safe_warnings() == 0);
    CHECK(fast_pd.power_off_count() == 1);
  });
}

TEST_CASE("a runtime-disabled device keeps its domain on until runtime PM is enabled", "[genpd]") {
  PmCore core("pm");
  PowerDomainParams params = one_state(0, 0);
  params.initially_on = true;
  PowerDomain pd("pd", core, params);
  RpmDevice dev("dev", core);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    CHECK(dev.status_suspended());
    CHECK(pd.try_power_off() == -EBUSY);  // pm_runtime_suspended() is false while disabled
    CHECK(pd.is_on());
    dev.enable();
    CHECK(pd.try_power_off() == 0);
    CHECK_FALSE(pd.is_on());
  });
}

TEST_CASE("the latency governor picks the deepest state whose off plus on latency fits the QoS constraint",
          "[genpd][governor]") {
  PmCore core("pm");
  PowerDomain pd("pd", core, three_states(PowerDomainGovernor::simple_qos));
  RpmDevice dev("dev", core);  // no driver callbacks: zero device latencies
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    auto cycle = [&](std::optional<sc_time> constraint) {
      REQUIRE(pd.set_resume_latency(dev, constraint) == 0);
      REQUIRE(dev.get_sync() >= 0);
      return dev.put_sync();
    };
    // off+on: retention 30, off 150, deep 1000; allowed iff constraint > off+on.
    CHECK(cycle(std::nullopt) == 0);
    CHECK_FALSE(pd.is_on());
    CHECK(pd.state_idx() == 2);
    CHECK_FALSE(pd.max_off_time().has_value());
    CHECK(cycle(us(1001)) == 0);
    CHECK(pd.state_idx() == 2);
    CHECK(pd.max_off_time() == us(201));  // 1001 - deep's on latency 800
    CHECK(cycle(us(1000)) == 0);
    CHECK(pd.state_idx() == 1);
    CHECK(pd.max_off_time() == us(900));  // 1000 - 100
    CHECK(cycle(us(151)) == 0);
    CHECK(pd.state_idx() == 1);
    CHECK(cycle(us(150)) == 0);
    CHECK(pd.state_idx() == 0);
    CHECK_FALSE(pd.is_on());
    CHECK(pd.usage(2) == 2);
    CHECK(pd.usage(1) == 2);
    CHECK(pd.usage(0) == 1);

    // 30 fits no state: power_down_ok refuses (-EAGAIN), the device still suspends.
    CHECK(cycle(us(30)) == 0);
    CHECK(dev.suspended());
    CHECK(pd.is_on());
    CHECK(pd.try_power_off() == -EAGAIN);
    CHECK(pd.usage(0) == 1);
    // A zero constraint refuses the device's suspend in the runtime PM core already
    // (RPM-04: -EPERM), before genpd's suspend_ok would say -EBUSY.
    CHECK(cycle(SC_ZERO_TIME) == -EPERM);
    CHECK(dev.active());
    CHECK(dev.runtime_error() == 0);
  });
}

TEST_CASE("the governor subtracts measured device suspend and resume latencies from the constraint",
          "[genpd][governor]") {
  PmCore core("pm");
  PowerDomain pd("pd", core, three_states(PowerDomainGovernor::simple_qos));
  TimedCallbacks cb(timed(10, 40));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev, us(1045)) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.get_sync() == 0);  // resume latency measured: 40
    CHECK(pd.device_resume_latency(dev) == us(40));
    CHECK(pd.device_suspend_latency(dev) == SC_ZERO_TIME);
    CHECK(dev.put_sync() == 0);  // effective 1045 - (0 + 40) = 1005 > 1000: deep
    CHECK(pd.state_idx() == 2);
    CHECK(pd.device_suspend_latency(dev) == us(10));
    CHECK(dev.get_sync() == 0);
    CHECK(dev.put_sync() == 0);  // effective 1045 - (10 + 40) = 995 <= 1000: off
    CHECK(pd.state_idx() == 1);
  });
}

TEST_CASE(
    "with min_residency the governor picks the deepest state whose entry plus residency fits before the next wakeup",
    "[genpd][governor]") {
  PmCore core("pm");
  PowerDomainParams params = three_states(PowerDomainGovernor::simple_qos);
  params.min_residency = true;
  PowerDomain pd("pd", core, params);
  RpmDevice dev("dev", core);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    auto cycle = [&](std::optional<double> wakeup_in_us) {
      REQUIRE(dev.get_sync() >= 0);
      std::optional<sc_time> at;
      if (wakeup_in_us) at = sc_time_stamp() + us(*wakeup_in_us);
      REQUIRE(pd.set_next_wakeup(dev, at) == 0);
      return dev.put_sync();
    };
    // off+residency: retention 60, off 550, deep 5200.
    CHECK(cycle(5200.0) == 0);
    CHECK(pd.state_idx() == 2);
    CHECK(cycle(5199.0) == 0);
    CHECK(pd.state_idx() == 1);
    CHECK(cycle(550.0) == 0);
    CHECK(pd.state_idx() == 1);
    CHECK(cycle(549.0) == 0);
    CHECK(pd.state_idx() == 0);
    CHECK(cycle(std::nullopt) == 0);
    CHECK(pd.state_idx() == 2);
    CHECK(cycle(59.0) == 0);  // no state fits: stays on
    CHECK(pd.is_on());
    CHECK(pd.state_idx() == 0);

    // A wakeup already past is stale and ignored.
    REQUIRE(pd.set_next_wakeup(dev, sc_time_stamp()) == 0);
    REQUIRE(dev.get_sync() >= 0);
    sc_core::wait(us(1));
    CHECK(dev.put_sync() == 0);
    CHECK_FALSE(pd.is_on());
    CHECK(pd.state_idx() == 2);
  });
}

TEST_CASE("a subdomain's max off time limits the parent's idle state", "[genpd][governor][subdomain]") {
  PmCore core("pm");
  PowerDomainParams child_params = one_state(50, 100);
  child_params.governor = PowerDomainGovernor::simple_qos;
  PowerDomainParams parent_params;
  parent_params.states.push_back(idle_state("shallow", 100, 700));  // off+on 800
  parent_params.states.push_back(idle_state("deep", 200, 800));     // off+on 1000
  parent_params.governor = PowerDomainGovernor::simple_qos;
  PowerDomain parent("parent", core, parent_params);
  PowerDomain child("child", core, child_params);
  RpmDevice dev("dev", core);
  REQUIRE(parent.add_subdomain(child) == 0);
  REQUIRE(child.attach(dev, us(1000)) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.get_sync() == 0);
    CHECK(dev.put_sync() == 0);
    // child: 1000 > 150, max_off_time = 1000 - 100 = 900; parent: 900 <= 1000, 900 > 800
    CHECK(child.max_off_time() == us(900));
    CHECK_FALSE(parent.is_on());
    CHECK(parent.state_idx() == 0);
    CHECK(parent.max_off_time() == us(200));  // 900 - 700
  });
}

TEST_CASE("prepared_count blocks runtime power-off until complete queues the power-off work", "[genpd][sleep]") {
  PmCore core("pm", wq_latency(20));
  PowerDomain pd("pd", core, one_state(50, 100));
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.get_sync() == 0);  // 130
    CHECK(pd.prepare(dev) == 0);
    CHECK(pd.prepared_count() == 1);
    CHECK(pd.detach(dev) == -EAGAIN);
    CHECK(dev.put_sync() == 0);  // suspend 10: 140, no power-off
    CHECK(sc_time_stamp() == us(140));
    CHECK(dev.suspended());
    CHECK(pd.is_on());
    CHECK(pd.try_power_off() == 0);  // "system suspend in progress": nothing done
    CHECK(pd.is_on());
    pd.complete(dev);  // 140: work runs at 160, off at 210
    CHECK(pd.prepared_count() == 0);
    sc_core::wait(us(860));  // 1000
    CHECK_FALSE(pd.is_on());
    CHECK(pd.on_time() == us(110));     // 100 .. 210
    CHECK(pd.idle_time(0) == us(890));  // 0 .. 100 and 210 .. 1000
    CHECK(pd.power_off_count() == 1);
  });
}

TEST_CASE(
    "noirq suspend powers off in the deepest state once every device is suspended and resume_noirq powers on parents "
    "first",
    "[genpd][sleep]") {
  PmCore core("pm", wq_latency(20));
  EnergyLedger ledger;
  PowerDomainParams parent_params;
  parent_params.states.push_back(idle_state("p0", 20, 40));
  parent_params.states.push_back(idle_state("p1", 100, 300));
  parent_params.governor = PowerDomainGovernor::simple_qos;
  PowerDomainParams child_params = three_states(PowerDomainGovernor::none);
  child_params.states[0].power_off_energy = Energy{1e-6};
  child_params.states[0].power_on_energy = Energy{2e-6};
  child_params.states[1].power_off_energy = Energy{3e-6};
  child_params.states[1].power_on_energy = Energy{4e-6};
  child_params.states[2].power_off_energy = Energy{5e-6};
  child_params.states[2].power_on_energy = Energy{6e-6};
  PowerDomain parent("parent", core, parent_params, &ledger);
  PowerDomain child("child", core, child_params, &ledger);
  TimedCallbacks cb1(timed(10, 30)), cb2(timed(10, 30));
  RpmDevice d1("d1", core, nullptr, &cb1);
  RpmDevice d2("d2", core, nullptr, &cb2);
  REQUIRE(parent.add_subdomain(child) == 0);
  REQUIRE(child.attach(d1) == 0);
  REQUIRE(child.attach(d2) == 0);
  CHECK(child.kernel_warnings() == 1);  // three states and no governor
  run_in_thread([&] {
    d1.enable();
    d2.enable();
    CHECK(d1.get_sync() == 0);  // parent p0 on 40 + child retention on 20 + resume 30
    CHECK(d2.get_sync() == 0);  // + 30
    CHECK(sc_time_stamp() == us(120));
    for (RpmDevice* d : {&d1, &d2}) CHECK(child.prepare(*d) == 0);
    CHECK(child.prepared_count() == 2);

    CHECK(child.suspend_noirq(d1) == 0);
    CHECK(child.is_on());  // d2 not suspended yet
    CHECK(child.suspended_count() == 1);
    CHECK(child.suspend_noirq(d2) == 0);
    // child deep off 200 (320), then the parent in its deepest state p1: 100 (420)
    CHECK(sc_time_stamp() == us(420));
    CHECK_FALSE(child.is_on());
    CHECK(child.state_idx() == 2);
    CHECK(child.usage(2) == 1);
    CHECK_FALSE(parent.is_on());
    CHECK(parent.state_idx() == 1);
    CHECK(parent.usage(1) == 1);
    CHECK(parent.sd_count() == 0);

    CHECK(child.resume_noirq(d1) == 0);
    // parent p1 on 300 (720), then child deep on 800 (1520)
    CHECK(sc_time_stamp() == us(1520));
    CHECK(parent.is_on());
    CHECK(child.is_on());
    CHECK(parent.sd_count() == 1);
    CHECK(child.suspended_count() == 1);
    CHECK(child.resume_noirq(d2) == 0);  // already on: no time
    CHECK(sc_time_stamp() == us(1520));
    CHECK(child.suspended_count() == 0);

    child.complete(d1);
    child.complete(d2);  // the power-off work finds both devices active
    sc_core::wait(us(100));
    CHECK(child.is_on());
    CHECK(child.prepared_count() == 0);

    child.update_accounting();
    // child transitions: retention on 2 uJ at start, deep off 5 uJ, deep on 6 uJ
    CHECK(ledger.total("child", EnergyCategory::transition).joules == Approx(13e-6).epsilon(1e-12));
    CHECK(child.idle_time(2) == us(1200));  // 320 .. 1520
  });
}

TEST_CASE("a failing driver resume powers the domain back off and backend failures count as rejected",
          "[genpd][faults]") {
  PmCore core("pm", wq_latency(20));
  PowerDomain pd("pd", core, one_state(50, 100));
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    cb.fail_next_resume(-EIO);
    CHECK(dev.get_sync() == -EIO);
    CHECK(sc_time_stamp() == us(180));  // on 100 + resume 30 (fails) + off 50
    CHECK_FALSE(pd.is_on());
    CHECK(dev.runtime_error() == -EIO);
    CHECK(pd.power_on_count() == 1);
    CHECK(pd.power_off_count() == 1);
    dev.put_noidle();                   // a failed get_sync keeps its usage reference
    REQUIRE(dev.set_suspended() == 0);  // clears the error

    pd.fail_next_power_on(-ETIMEDOUT);
    CHECK(dev.get_sync() == -ETIMEDOUT);
    CHECK(sc_time_stamp() == us(280));  // the failed power-on took its 100
    CHECK_FALSE(pd.is_on());
    CHECK(cb.resume_calls() == 1);  // the driver was not called
    CHECK(dev.runtime_error() == -ETIMEDOUT);
    dev.put_noidle();
    CHECK(dev.usage_count() == 0);
    REQUIRE(dev.set_suspended() == 0);

    CHECK(dev.get_sync() == 0);  // on 100 + resume 30: 410
    pd.fail_next_power_off(-ETIMEDOUT);
    CHECK(dev.put_sync() == 0);         // genpd ignores the power-off result
    CHECK(sc_time_stamp() == us(470));  // suspend 10 + failed off 50
    CHECK(dev.suspended());
    CHECK(pd.is_on());
    CHECK(pd.rejected(0) == 1);
    CHECK(pd.usage(0) == 1);  // the first, successful power-off only
    CHECK(pd.try_power_off() == 0);
    CHECK_FALSE(pd.is_on());
    CHECK(pd.usage(0) == 2);
  });
}

TEST_CASE("attach installs the domain callbacks once and detach removes them", "[genpd]") {
  PmCore core("pm");
  EnergyLedger ledger;
  PowerDomain pd("pd", core, one_state(0, 0), &ledger);
  PowerDomain other("other", core, one_state(0, 0), &ledger);
  TimedCallbacks cb(timed(0, 0));
  RpmDevice dev("dev", core, nullptr, &cb);
  CHECK(PowerDomain::of(dev) == nullptr);
  CHECK(pd.attach(dev) == 0);
  CHECK(PowerDomain::of(dev) == &pd);
  CHECK(dev.driver_callbacks() == &cb);
  CHECK(pd.attach(dev) == -EINVAL);
  CHECK(other.attach(dev) == -EINVAL);
  CHECK(pd.device_count() == 1);
  CHECK(other.device_count() == 0);
  CHECK(pd.detach(dev) == 0);
  CHECK(PowerDomain::of(dev) == nullptr);
  CHECK(pd.detach(dev) == -EINVAL);
  CHECK(other.attach(dev) == 0);
  CHECK(pd.set_next_wakeup(dev, SC_ZERO_TIME) == -EINVAL);

  const auto accounts = ledger.accounts();
  REQUIRE(accounts.size() == 8);
  CHECK(accounts[0].detail == "state:on");
  CHECK(accounts[1].detail == "state:off");
  CHECK(accounts[2].detail == "transition:power_off:off");
  CHECK(accounts[3].detail == "transition:power_on:off");
  CHECK(accounts[4].component == "other");
}

TEST_CASE("energy of a periodic get_sync work put_autosuspend cycle matches the closed form", "[genpd][energy]") {
  // One device in a domain, period T = 10 ms, N = 200 periods. Each period at k*T:
  // get_sync (domain on Lon = 100 us, resume Rr = 40 us), work S = 500 us,
  // put_autosuspend; the autosuspend timer fires D = 2 ms later, pm_wq W = 20 us,
  // suspend Rs = 10 us, domain off Loff = 50 us. The domain status is ON from the
  // end of its power-on to the end of its power-off:
  //   t_on  = Rr + S + D + W + Rs + Loff = 40 + 500 + 2000 + 20 + 10 + 50 = 2620 us
  //   t_off = T - t_on = 7380 us (including the 100 us of powering on)
  // With P_on = 2 mW, P_off = 50 uW, E_on = 1.5 uJ, E_off = 0.5 uJ per period:
  //   E = 2e-3 * 2.62e-3 + 50e-6 * 7.38e-3 + 1.5e-6 + 0.5e-6
  //     = 5.24e-6 + 0.369e-6 + 2e-6 = 7.609e-6 J,  x 200 = 1.5218e-3 J.
  constexpr int kPeriods = 200;
  PmCore core("pm", wq_latency(20));
  EnergyLedger ledger;
  PowerDomainParams params = one_state(50, 100);
  params.on_power = Power{2e-3};
  params.states[0].off_power = Power{50e-6};
  params.states[0].power_on_energy = Energy{1.5e-6};
  params.states[0].power_off_energy = Energy{0.5e-6};
  PowerDomain pd("pd", core, params, &ledger);
  TimedCallbacks cb(timed(10, 40));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev) == 0);
  const sc_time period = us(10000);
  run_in_thread([&] {
    dev.enable();
    dev.set_autosuspend_delay(2);
    dev.use_autosuspend();
    for (int k = 0; k < kPeriods; ++k) {
      sc_core::wait(period * k - sc_time_stamp());
      REQUIRE(dev.get_sync() == 0);
      sc_core::wait(us(500));
      dev.put_autosuspend();
    }
    sc_core::wait(period * kPeriods - sc_time_stamp());
    pd.update_accounting();
  });
  CHECK(pd.on_time() == us(2620) * kPeriods);
  CHECK(pd.idle_time(0) == us(7380) * kPeriods);
  CHECK(pd.power_on_count() == kPeriods);
  CHECK(pd.power_off_count() == kPeriods);
  CHECK(dev.resumes() == kPeriods);
  const double expected = 7.609e-6 * kPeriods;
  CHECK(ledger.total("pd").joules == Approx(expected).epsilon(1e-3));
  CHECK(ledger.total("pd", EnergyCategory::transition).joules == Approx(2e-6 * kPeriods).epsilon(1e-9));
  CHECK(ledger.total("pd", EnergyCategory::static_power).joules == Approx(5.609e-6 * kPeriods).epsilon(1e-9));
}

TEST_CASE("reset_stats at a warm-up's end restarts on_time, counts and the domain's energy from then",
          "[genpd][warmup]") {
  EnergyLedger ledger;
  PmCore core("pm", wq_latency(20));
  PowerDomainParams params = one_state(50, 100);
  params.on_power = Power{10e-3};
  PowerDomain pd("pd", core, params, &ledger);
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  REQUIRE(pd.attach(dev) == 0);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.get_sync() == 0);  // power on 100, resume 30: on from 100
    sc_core::wait(us(370));      // 500
    pd.reset_stats();            // as Platform::reset_stats: the owner first, then the ledger
    ledger.reset_stats();
    CHECK(pd.power_on_count() == 0);
    CHECK(pd.on_time() == SC_ZERO_TIME);
    sc_core::wait(us(200));  // 700
    CHECK(pd.on_time() == us(200));
    CHECK(dev.put_sync() == 0);  // suspend 10 + power off 50: 760
    CHECK(sc_time_stamp() == us(760));
    CHECK(pd.on_time() == us(260));  // 500 .. 760, nothing before the reset
    CHECK(pd.power_off_count() == 1);
    CHECK(pd.power_on_count() == 0);
    pd.update_accounting();
    // On at 10 mW from the reset to the power-off, off at 0 W since: 10 mW x 260 us.
    CHECK(ledger.total("pd", EnergyCategory::static_power).joules == Approx(10e-3 * 260e-6).epsilon(1e-12));
  });
}

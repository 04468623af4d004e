// Runtime PM behaviour with simulated time: every expected time below is the sum
// of the parameters on the path, worked by hand in the comment beside it.
#include <catch2/catch.hpp>

#include "support/power_params.h"
#include "support/run_in_thread.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

using namespace wakesim;
using sc_core::SC_MS;
using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_US;
using wakesim::test::run_in_thread;
using wakesim::test::timed;
using wakesim::test::us;
using wakesim::test::wq_latency;

TEST_CASE("get_sync blocks for parent then supplier then own resume", "[rpm][timing]") {
  PmCore core("pm", wq_latency(20));
  TimedCallbacks bus_cb(timed(5, 100)), iommu_cb(timed(5, 40)), dma_cb(timed(5, 30));
  RpmDevice bus("bus", core, nullptr, &bus_cb);
  RpmDevice iommu("iommu", core, nullptr, &iommu_cb);
  RpmDevice dma("dma", core, &bus, &dma_cb);
  run_in_thread([&] {
    REQUIRE(core.device_link_add(dma, iommu, kDlPmRuntime | kDlStateless) != nullptr);
    for (RpmDevice* d : {&bus, &iommu, &dma}) d->enable();
    CHECK(dma.get_sync() == 0);
    // parent 100 us + supplier 40 us + own 30 us
    CHECK(sc_time_stamp() == sc_time(170, SC_US));
    CHECK(bus.active());
    CHECK(iommu.active());
    CHECK(bus.child_count() == 1);
    CHECK(iommu.usage_count() == 1);  // held by the link while dma is active
    CHECK(dma.resumes() == 1);
  });
}

TEST_CASE("an async get returns at once and the device is active after pm_wq latency plus the chain", "[rpm][timing]") {
  PmCore core("pm", wq_latency(20));
  TimedCallbacks cb(timed(5, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  sc_time active_at;
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.get(CallContext::atomic) == 0);
    CHECK(sc_time_stamp() == sc_core::SC_ZERO_TIME);
    CHECK(dev.status() == RpmStatus::suspended);
    CHECK(dev.pending_request() == RpmRequest::resume);
    while (dev.status() != RpmStatus::active) sc_core::wait(sc_time(1, SC_US));
    active_at = sc_time_stamp();
  });
  CHECK(active_at == sc_time(50, SC_US));    // 20 us dispatch + 30 us resume
  CHECK(dev.might_sleep_violations() == 0);  // get() is legal in atomic context
}

TEST_CASE("autosuspend fires at last_busy plus delay and re-arms when last_busy moves", "[rpm][timing][autosuspend]") {
  PmCore core("pm", wq_latency(20));
  TimedCallbacks cb(timed(5, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  sc_time suspended_at;
  run_in_thread([&] {
    dev.enable();
    dev.set_autosuspend_delay(2);  // ms
    dev.use_autosuspend();
    CHECK(dev.get_sync() == 0);         // active at 30 us
    CHECK(dev.put_autosuspend() == 0);  // last_busy 30 us, timer at 2030 us
    CHECK(dev.timer_expires() == sc_time(2030, SC_US));
    sc_core::wait(sc_time(1000, SC_US));  // now 1030 us
    CHECK(dev.get_sync() == 1);
    CHECK(dev.put_autosuspend() == 0);                   // last_busy 1030 us
    CHECK(dev.timer_expires() == sc_time(2030, SC_US));  // the earlier timer is kept
    while (dev.status() != RpmStatus::suspended) sc_core::wait(sc_time(1, SC_US));
    suspended_at = sc_time_stamp();
  });
  // Timer at 2030 finds last_busy moved and re-arms for 3030; then pm_wq 20 us + suspend 5 us.
  CHECK(suspended_at == sc_time(3055, SC_US));
  CHECK(dev.suspends() == 1);
}

TEST_CASE("a negative autosuspend delay blocks runtime suspend and zero suspends at once", "[rpm][autosuspend]") {
  PmCore core("pm", wq_latency(20));
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    dev.use_autosuspend();
    dev.set_autosuspend_delay(-1);
    CHECK(dev.active());
    CHECK(dev.usage_count() == 1);  // AUT-05
    CHECK(dev.idle() == -EAGAIN);
    dev.set_autosuspend_delay(0);  // usage back to 0 and a sync idle: suspends now
    CHECK(dev.usage_count() == 0);
    CHECK(dev.suspended());
    CHECK(sc_time_stamp() == sc_core::SC_ZERO_TIME);
  });
}

TEST_CASE("irq_safe pins the parent and a sleeping atomic call on a normal device is counted", "[rpm][irq_safe]") {
  PmCore core("pm");
  RpmDevice parent("parent", core);
  RpmDevice dma("dma", core, &parent);
  RpmDevice other("other", core);
  run_in_thread([&] {
    parent.enable();
    dma.enable();
    other.enable();
    dma.irq_safe();
    CHECK(parent.active());
    CHECK(parent.usage_count() == 1);  // IRQ-01, for good
    CHECK(dma.get_sync(CallContext::atomic) == 0);
    CHECK(dma.put_sync(CallContext::atomic) == 0);
    CHECK(dma.suspended());
    core.workqueue().flush();
    CHECK(parent.active());  // still pinned after its child suspended
    CHECK(dma.might_sleep_violations() == 0);
    CHECK(other.get_sync(CallContext::atomic) == 0);  // might sleep: counted
    CHECK(other.get_sync(CallContext::atomic) == 1);  // already active: no sleep, not counted
    CHECK(other.might_sleep_violations() == 1);
    CHECK(core.might_sleep_violations() == 1);
  });
}

TEST_CASE("an irq_safe consumer does not resume its suppliers", "[rpm][irq_safe][links]") {
  PmCore core("pm");
  RpmDevice iommu("iommu", core);
  RpmDevice dma("dma", core);
  run_in_thread([&] {
    REQUIRE(core.device_link_add(dma, iommu, kDlPmRuntime | kDlStateless));
    iommu.enable();
    dma.enable();
    dma.irq_safe();
    CHECK(dma.get_sync() == 0);
    CHECK(iommu.suspended());  // IRQ-03
  });
}

TEST_CASE("a get during suspending defers the resume until the suspend callback ends", "[rpm][timing]") {
  PmCore core("pm", wq_latency(20));
  TimedCallbacks cb(timed(100, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  int suspend_result = 99;
  run_in_thread([&] {
    dev.enable();
    dev.get_sync();  // active at 30 us
    dev.put_noidle();
    sc_core::sc_spawn([&] { suspend_result = dev.suspend(); });
    sc_core::wait(sc_time(50, SC_US));  // 80 us: suspend callback runs 30..130 us
    CHECK(dev.status() == RpmStatus::suspending);
    CHECK(dev.get(CallContext::atomic) == 0);  // ASY-03
    while (dev.status() != RpmStatus::active) sc_core::wait(sc_time(1, SC_US));
    CHECK(sc_time_stamp() == sc_time(160, SC_US));  // suspend ends 130, resume 30 more
  });
  CHECK(suspend_result == -EAGAIN);
  CHECK(dev.suspends() == 1);
  CHECK(dev.resumes() == 2);
}

TEST_CASE("a failing supplier fails the consumer's resume and releases what it took", "[rpm][links]") {
  PmCore core("pm");
  TimedCallbacks iommu_cb(timed(0, 10));
  RpmDevice iommu("iommu", core, nullptr, &iommu_cb);
  RpmDevice smmu("smmu", core);
  RpmDevice gpu("gpu", core);
  run_in_thread([&] {
    REQUIRE(core.device_link_add(gpu, smmu, kDlPmRuntime | kDlStateless));
    REQUIRE(core.device_link_add(gpu, iommu, kDlPmRuntime | kDlStateless));
    for (RpmDevice* d : {&iommu, &smmu, &gpu}) d->enable();
    iommu_cb.fail_next_resume(-EIO);
    CHECK(gpu.get_sync() == -EIO);
    CHECK(gpu.runtime_error() == -EIO);
    CHECK(gpu.status_suspended());
    CHECK(iommu.runtime_error() == -EIO);
    core.workqueue().flush();
    CHECK(smmu.usage_count() == 0);  // the reference taken before the failure is released
    CHECK(smmu.suspended());
  });
}

TEST_CASE("device_link_add refuses cycles and bad flags and accepts child to parent", "[rpm][links]") {
  PmCore core("pm");
  RpmDevice parent("parent", core);
  RpmDevice child("child", core, &parent);
  RpmDevice a("a", core);
  RpmDevice b("b", core);
  RpmDevice c("c", core);
  CHECK(core.device_link_add(a, b, kDlStateless) != nullptr);
  CHECK(core.device_link_add(b, c, kDlStateless) != nullptr);
  CHECK(core.device_link_add(c, a, kDlStateless) == nullptr);           // c -> a -> b -> c
  CHECK(core.device_link_add(parent, child, kDlStateless) == nullptr);  // supplier depends on consumer
  CHECK(core.device_link_add(child, parent, kDlStateless) != nullptr);
  CHECK(core.device_link_add(a, a, 0) == nullptr);
  CHECK(core.device_link_add(b, a, kDlStateless | kDlAutoremoveConsumer) == nullptr);
  CHECK(core.device_link_add(c, b, kDlSyncStateOnly | kDlPmRuntime) == nullptr);
  CHECK(core.device_link_add(c, b, kDlAutoprobeConsumer | kDlAutoremoveSupplier) == nullptr);
  CHECK(core.device_link_add(c, b, kDlManaged) == nullptr);  // internal flag
  CHECK(core.device_link_add(c, b, 1u << 20) == nullptr);    // unknown flag
  // RPM_ACTIVE on a supplier with runtime PM disabled: get_sync gives -EACCES, a failure here.
  CHECK(core.device_link_add(c, parent, kDlPmRuntime | kDlRpmActive) == nullptr);
  CHECK(parent.usage_count() == 0);
  // Suppliers come before consumers, parents before children.
  const auto order = core.links().dependency_order();
  auto pos = [&](const RpmDevice& d) { return std::find(order.begin(), order.end(), &d) - order.begin(); };
  CHECK(pos(parent) < pos(child));
  CHECK(pos(c) < pos(b));
  CHECK(pos(b) < pos(a));
}

TEST_CASE("an RPM_ACTIVE link holds the supplier until the link is deleted", "[rpm][links]") {
  PmCore core("pm");
  RpmDevice supplier("supplier", core);
  RpmDevice consumer("consumer", core);
  run_in_thread([&] {
    supplier.enable();
    consumer.enable();
    DeviceLink* link = core.device_link_add(consumer, supplier, kDlPmRuntime | kDlRpmActive);
    REQUIRE(link != nullptr);
    CHECK(supplier.active());
    CHECK(supplier.usage_count() == 1);
    CHECK(link->rpm_active() == 2);
    CHECK((link->flags() & kDlManaged) != 0);
    core.device_link_del(link);
    core.workqueue().flush();
    CHECK(supplier.usage_count() == 0);
    CHECK(supplier.suspended());
    CHECK(consumer.supplier_links().empty());
  });
}

TEST_CASE("get_suppliers holds suppliers and put_suppliers keeps them while the consumer is active", "[rpm][links]") {
  PmCore core("pm");
  RpmDevice smmu("smmu", core);
  RpmDevice gpu("gpu", core);
  run_in_thread([&] {
    DeviceLink* link = core.device_link_add(gpu, smmu, kDlPmRuntime | kDlStateless);
    smmu.enable();
    gpu.enable();
    gpu.get_suppliers();
    CHECK(smmu.active());
    CHECK(link->rpm_active() == 2);
    gpu.put_suppliers();  // consumer suspended: the reference is dropped
    core.workqueue().flush();
    CHECK(link->rpm_active() == 1);
    CHECK(smmu.suspended());

    gpu.get_suppliers();
    CHECK(gpu.get_sync() == 0);  // now the consumer holds its own reference too
    gpu.put_suppliers();         // consumer active: kept (DL-08)
    CHECK(link->rpm_active() == 3);
    CHECK(gpu.put_sync() == 0);  // suspend releases down to 1
    core.workqueue().flush();
    CHECK(link->rpm_active() == 1);
    CHECK(smmu.suspended());
  });
}

TEST_CASE("requests merge into one work item and a sync suspend cancels a queued one", "[rpm][pm_wq]") {
  PmCore core("pm", wq_latency(20));
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    dev.get_sync();
    dev.put_noidle();
    // No idle callback: rpm_idle goes on to rpm_suspend with RPM_AUTO added.
    CHECK(dev.request_idle() == 0);
    CHECK(dev.pending_request() == RpmRequest::autosuspend);
    CHECK(dev.request_resume() == 1);  // active: cancels the pending request
    CHECK(dev.pending_request() == RpmRequest::none);
    CHECK(dev.request_idle() == 0);
    CHECK(dev.suspend() == 0);  // sync suspend cancels the queued request
    core.workqueue().flush();
    CHECK(core.workqueue().items_run() == 1);  // one queued item ran, and did nothing
    CHECK(dev.suspends() == 1);
  });
}

TEST_CASE("schedule_suspend arms a plain timer that queues a suspend", "[rpm][timing]") {
  PmCore core("pm", wq_latency(20));
  TimedCallbacks cb(timed(7, 0));
  RpmDevice dev("dev", core, nullptr, &cb);
  sc_time suspended_at;
  run_in_thread([&] {
    dev.enable();
    dev.get_sync();
    dev.put_noidle();
    CHECK(dev.schedule_suspend(sc_time(1, SC_MS)) == 0);
    while (dev.status() != RpmStatus::suspended) sc_core::wait(sc_time(1, SC_US));
    suspended_at = sc_time_stamp();
  });
  CHECK(suspended_at == sc_time(1027, SC_US));  // 1000 timer + 20 pm_wq + 7 suspend
}

TEST_CASE("residency accounting splits enabled time into active and suspended", "[rpm][accounting]") {
  PmCore core("pm");
  TimedCallbacks cb(timed(10, 20));
  RpmDevice dev("dev", core, nullptr, &cb);
  run_in_thread([&] {
    sc_core::wait(sc_time(100, SC_US));  // disabled: not accounted
    dev.enable();                        // t=100
    sc_core::wait(sc_time(50, SC_US));   // suspended 50
    dev.get_sync();                      // resuming 20 counts as active: t=170
    sc_core::wait(sc_time(30, SC_US));
    dev.put_sync();                     // suspending 10 is active: t=210
    sc_core::wait(sc_time(40, SC_US));  // t=250
    CHECK(dev.active_time() == sc_time(60, SC_US));
    CHECK(dev.suspended_time() == sc_time(90, SC_US));
  });
}

TEST_CASE("forbid resumes and holds the device and allow lets it go", "[rpm]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    dev.forbid();
    CHECK(dev.active());
    CHECK(dev.usage_count() == 1);
    dev.forbid();  // idempotent
    CHECK(dev.usage_count() == 1);
    dev.allow();
    core.workqueue().flush();
    CHECK(dev.suspended());
  });
}

TEST_CASE("a put underflow restores the count, returns -EINVAL and is reported", "[rpm]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    CHECK(dev.put() == -EINVAL);
    CHECK(dev.usage_count() == 0);
    CHECK(dev.kernel_warnings() == 1);
    dev.enable();  // unbalanced
    CHECK(dev.kernel_warnings() == 2);
  });
}

TEST_CASE("device energy is static power by runtime status plus callback energy", "[rpm][energy]") {
  PmCore core("pm");
  EnergyLedger ledger;
  TimedCallbacksParams params = timed(10, 20);
  params.suspend_energy_joules = 2e-6;
  params.resume_energy_joules = 5e-6;
  TimedCallbacks cb(params);
  RpmDevice dev("dev", core, nullptr, &cb);
  dev.attach_energy(ledger, Power{10e-3}, Power{1e-3});
  cb.attach_energy(ledger, "dev");
  run_in_thread([&] {
    dev.enable();
    sc_core::wait(sc_time(100, SC_US));  // suspended 0..100
    dev.get_sync();                      // resuming 100..120 counts as active
    sc_core::wait(sc_time(80, SC_US));   // active to 200
    dev.put_sync();                      // suspending 200..210, suspended from 210
    sc_core::wait(sc_time(290, SC_US));  // to 500
    dev.close_energy();
  });
  // active 110 us x 10 mW = 1.1 uJ; suspended 390 us x 1 mW = 0.39 uJ; callbacks 7 uJ.
  CHECK(ledger.total(EnergyCategory::static_power).joules == Approx(1.49e-6).epsilon(1e-12));
  CHECK(ledger.total(EnergyCategory::transition).joules == Approx(7e-6).epsilon(1e-12));
  CHECK(ledger.total("dev").joules == Approx(8.49e-6).epsilon(1e-12));
  CHECK(dev.residency()->residency_ps(0) == 110'000'000ULL);
  CHECK(dev.residency()->transitions_into(1) == 1);
}

TEST_CASE("a zero PM QoS resume latency forbids runtime suspend with -EPERM", "[rpm][qos]") {
  PmCore core("pm");
  RpmDevice dev("dev", core);
  run_in_thread([&] {
    dev.enable();
    dev.get_sync();
    dev.set_pm_qos_resume_latency(sc_core::SC_ZERO_TIME);
    CHECK(dev.put_sync() == -EPERM);  // RPM-04: after usage, children and pending resume
    CHECK(dev.active());
    dev.set_pm_qos_resume_latency(sc_time(10, SC_US));  // any nonzero bound allows it
    CHECK(dev.idle() == 0);
    CHECK(dev.suspended());
    dev.set_pm_qos_resume_latency(std::nullopt);
    CHECK(dev.suspend() == 1);
  });
}

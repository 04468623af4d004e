// System suspend/resume order and phase times (SYS-01, SYS-03, SYS-04).
#include <catch2/catch.hpp>

#include "support/power_params.h"
#include "support/run_in_thread.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/system_sleep.h"
#include "wakesim/power/timed_callbacks.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::run_in_thread;
using wakesim::test::timed;
using wakesim::test::us;
using wakesim::test::wq_latency;

TEST_CASE("system suspend visits consumers and children first and resume the reverse", "[sleep]") {
  PmCore core("pm");
  TimedCallbacks bus_cb(timed(10, 100)), iommu_cb(timed(20, 40)), dma_cb(timed(30, 500));
  RpmDevice dma("dma", core, nullptr, &dma_cb);  // registered first on purpose
  RpmDevice bus("bus", core, nullptr, &bus_cb);
  RpmDevice iommu("iommu", core, nullptr, &iommu_cb);
  RpmDevice uart("uart", core, &bus);
  SystemSleep sleep(core);
  run_in_thread([&] {
    REQUIRE(core.device_link_add(dma, iommu, kDlPmRuntime | kDlStateless));
    REQUIRE(core.device_link_add(dma, bus, kDlStateless));
    for (RpmDevice* d : {&dma, &bus, &iommu, &uart}) d->enable();
    REQUIRE(dma.get_sync() == 0);  // in use across the sleep; iommu held by the link
    REQUIRE(bus.get_sync() == 0);

    const SystemSleepReport down = sleep.suspend();
    CHECK(down.error == 0);
    const auto& order = down.order;
    auto pos = [&](const char* name) {
      return std::find(order.begin(), order.end(), std::string(name)) - order.begin();
    };
    REQUIRE(order.size() == 4);
    CHECK(pos("dma") < pos("iommu"));
    CHECK(pos("dma") < pos("bus"));
    CHECK(pos("uart") < pos("bus"));
    // Suspend callbacks of the three active devices: 30 + 20 + 10 us; uart was suspended.
    CHECK(down.phases.at(1).name == "suspend");
    CHECK(down.phases.at(1).duration == sc_time(60, SC_US));
    CHECK(dma.status_suspended());
    CHECK(bus.status_suspended());
    CHECK_FALSE(dma.enabled());

    const SystemSleepReport up = sleep.resume();
    CHECK(up.phases.at(1).name == "resume");
    CHECK(up.phases.at(1).duration == sc_time(640, SC_US));  // 100 + 40 + 500
    CHECK(std::find(up.order.begin(), up.order.end(), "bus") < std::find(up.order.begin(), up.order.end(), "dma"));
    CHECK(dma.active());
    CHECK(dma.enabled());
    CHECK(dma.usage_count() == 1);   // the prepare reference was dropped at complete
    CHECK(uart.status_suspended());  // runtime-suspended devices stay suspended
  });
}

TEST_CASE("a failing device suspend stops system suspend and resumes what was suspended", "[sleep]") {
  PmCore core("pm");
  TimedCallbacks a_cb(timed(10, 10)), b_cb(timed(10, 10));
  RpmDevice a("a", core, nullptr, &a_cb);
  RpmDevice b("b", core, nullptr, &b_cb);
  SystemSleep sleep(core);
  run_in_thread([&] {
    REQUIRE(core.device_link_add(a, b, kDlStateless));  // a is b's consumer: a goes first
    a.enable();
    b.enable();
    a.get_sync();
    b.get_sync();
    b_cb.fail_next_suspend(-EBUSY);
    const SystemSleepReport report = sleep.suspend();
    CHECK(report.error == -EBUSY);
    CHECK(a.active());
    CHECK(a.enabled());
    CHECK(b.active());
    CHECK(b.enabled());
    CHECK(a.usage_count() == 1);
    CHECK(b.usage_count() == 1);
  });
}

TEST_CASE("system suspend powers a domain off in its deepest state and resume powers it on", "[sleep][genpd]") {
  PmCore core("pm");
  PowerDomainParams params;
  params.initially_on = true;
  params.states = {{"retention", sc_time(20, SC_US), sc_time(30, SC_US), sc_time(0, SC_US), {}, {}, {}},
                   {"off", sc_time(50, SC_US), sc_time(100, SC_US), sc_time(0, SC_US), {}, {}, {}}};
  PowerDomain domain("pd", core, params);
  TimedCallbacks cb(timed(10, 40));
  RpmDevice dev("dev", core, nullptr, &cb);
  SystemSleep sleep(core);
  run_in_thread([&] {
    REQUIRE(domain.attach(dev) == 0);
    dev.enable();
    REQUIRE(dev.get_sync() == 0);
    const SystemSleepReport down = sleep.suspend();
    CHECK(down.error == 0);
    CHECK_FALSE(domain.is_on());
    CHECK(domain.state_idx() == 1);  // the deepest state, whatever the governor
    CHECK(down.phases.at(2).name == "suspend_noirq");
    CHECK(down.phases.at(2).duration == sc_time(50, SC_US));  // off entry latency
    const SystemSleepReport up = sleep.resume();
    CHECK(up.phases.at(0).duration == sc_time(100, SC_US));  // exit latency
    CHECK(up.phases.at(1).duration == sc_time(40, SC_US));   // dev was in use: resumed
    CHECK(domain.is_on());
    CHECK(dev.active());
  });
}

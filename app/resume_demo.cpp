// wakesim-resume-demo: the smallest real comparison the runtime PM core can make
// today. A DMA controller (child of an interconnect, consumer of an IOMMU through
// a DL_FLAG_PM_RUNTIME link) is resumed synchronously from process context and
// asynchronously from atomic context; the table shows how long the caller is
// blocked and when the device is ACTIVE. The times are simulated, not made up:
// tests/power/test_rpm_timing.cpp checks the same paths against hand sums.
#include <iostream>

#include <fmt/format.h>
#include <systemc>

#include "core/quiet_systemc_banner.h"
#include "power/pm_core.h"
#include "power/rpm_device.h"
#include "power/timed_callbacks.h"

namespace {

using namespace wakesim;
using sc_core::sc_time;
using sc_core::SC_US;

struct Outcome {
  sc_time caller_blocked;
  sc_time active_after;
  unsigned long might_sleep;
};

// Device restore 500 us (Samsung gpd_timing_data), IOMMU context restore 40 us and
// interconnect 100 us (assumed), pm_wq dispatch 20 us (KERNEL-PM.md §11 range).
Outcome resume_once(bool async) {
  PmCoreParams core_params;
  core_params.pm_wq_dispatch_latency = sc_time(20, SC_US);
  PmCore core("pm", core_params);
  TimedCallbacks bus_cb({sc_time(50, SC_US), sc_time(100, SC_US), 0, 0});
  TimedCallbacks iommu_cb({sc_time(20, SC_US), sc_time(40, SC_US), 0, 0});
  TimedCallbacks dma_cb({sc_time(500, SC_US), sc_time(500, SC_US), 0, 0});
  RpmDevice bus("bus", core, nullptr, &bus_cb);
  RpmDevice iommu("iommu", core, nullptr, &iommu_cb);
  RpmDevice dma("dma", core, &bus, &dma_cb);
  core.device_link_add(dma, iommu, kDlPmRuntime | kDlStateless);

  Outcome outcome{};
  sc_core::sc_spawn([&] {
    for (RpmDevice* device : {&bus, &iommu, &dma}) device->enable();
    const sc_time start = sc_core::sc_time_stamp();
    if (async)
      dma.get(CallContext::atomic);
    else
      dma.get_sync(CallContext::process);
    outcome.caller_blocked = sc_core::sc_time_stamp() - start;
    while (dma.status() != RpmStatus::active) sc_core::wait(sc_time(1, SC_US));
    outcome.active_after = sc_core::sc_time_stamp() - start;
    outcome.might_sleep = core.might_sleep_violations();
  });
  sc_core::sc_start();
  return outcome;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  const bool async = argc > 1 && std::string(argv[1]) == "async";
  const Outcome outcome = resume_once(async);
  // One process per run (SystemC elaborates once), so the script calls us twice.
  std::cout << fmt::format("{:<34} {:>12.0f} {:>14.0f} {:>12}\n",
                           async ? "async: get() from atomic context"
                                 : "sync: get_sync() from process",
                           outcome.caller_blocked.to_seconds() * 1e6,
                           outcome.active_after.to_seconds() * 1e6, outcome.might_sleep);
  return 0;
}

#include "wakesim/power/system_sleep.h"

#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {

template <typename Step>
void SystemSleep::timed_phase(SystemSleepReport& report, const char* name, Step step) {
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  step();
  report.phases.push_back({name, sc_core::sc_time_stamp() - start});
}

SystemSleepReport SystemSleep::suspend() {
  SystemSleepReport report;
  std::vector<RpmDevice*> order = core_.links().dependency_order();
  std::vector<RpmDevice*> consumers_first(order.rbegin(), order.rend());
  suspended_.clear();

  timed_phase(report, "prepare", [&] {
    for (RpmDevice* device : consumers_first) {
      device->get_noresume();
      if (PowerDomain* domain = PowerDomain::of(*device)) domain->prepare(*device);
    }
  });
  timed_phase(report, "suspend", [&] {
    for (RpmDevice* device : consumers_first) {
      device->barrier();
      report.order.push_back(device->name());
      const int error = device->force_suspend();
      if (error) {
        report.error = error;
        return;
      }
      suspended_.push_back(device);
    }
  });
  if (report.error) {
    resume();  // the kernel resumes what it suspended when a device fails
    return report;
  }
  timed_phase(report, "suspend_noirq", [&] {
    for (RpmDevice* device : consumers_first)
      if (PowerDomain* domain = PowerDomain::of(*device)) domain->suspend_noirq(*device);
    noirq_done_ = true;
  });
  return report;
}

SystemSleepReport SystemSleep::resume() {
  SystemSleepReport report;
  const std::vector<RpmDevice*> order = core_.links().dependency_order();
  timed_phase(report, "resume_noirq", [&] {
    if (!noirq_done_) return;
    for (RpmDevice* device : order)
      if (PowerDomain* domain = PowerDomain::of(*device)) domain->resume_noirq(*device);
  });
  timed_phase(report, "resume", [&] {
    for (auto it = suspended_.rbegin(); it != suspended_.rend(); ++it) {
      report.order.push_back((*it)->name());
      (*it)->force_resume();
    }
  });
  timed_phase(report, "complete", [&] {
    for (RpmDevice* device : order) {
      if (PowerDomain* domain = PowerDomain::of(*device)) domain->complete(*device);
      device->put();
    }
  });
  suspended_.clear();
  noirq_done_ = false;
  return report;
}

}  // namespace wakesim

#include "power/system_sleep.h"

#include "power/pm_core.h"
#include "power/rpm_device.h"

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
    for (RpmDevice* device : consumers_first) device->get_noresume();
    for (SystemSleepHooks* hooks : hooks_) hooks->prepare();
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
    for (SystemSleepHooks* hooks : hooks_) hooks->suspend_noirq();
  });
  return report;
}

SystemSleepReport SystemSleep::resume() {
  SystemSleepReport report;
  timed_phase(report, "resume_noirq", [&] {
    for (SystemSleepHooks* hooks : hooks_) hooks->resume_noirq();
  });
  timed_phase(report, "resume", [&] {
    for (auto it = suspended_.rbegin(); it != suspended_.rend(); ++it) {
      report.order.push_back((*it)->name());
      (*it)->force_resume();
    }
  });
  timed_phase(report, "complete", [&] {
    for (SystemSleepHooks* hooks : hooks_) hooks->complete();
    for (RpmDevice* device : core_.links().dependency_order()) device->put();
  });
  suspended_.clear();
  return report;
}

}  // namespace wakesim

#pragma once
// The runtime PM core of one simulated system: pm_wq, the registry of devices
// (in registration order, like the kernel's device list) and their device links,
// system-wide counters, and the random streams its timing draws from.
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "wakesim/core/latency_distribution.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/power/device_links.h"
#include "wakesim/power/pm_workqueue.h"
#include "wakesim/power/rpm_types.h"

namespace wakesim {

class CpuSystem;
class RpmDevice;

struct PmCoreParams {
  // Delay from queue_work() on pm_wq until a worker may run the item: the wakeup
  // and scheduling of a kworker, tens of microseconds (a parameter, not a
  // measurement), fixed or drawn per item.
  LatencyDistribution pm_wq_dispatch_latency = sc_core::sc_time(20, sc_core::SC_US);
  // pm_wq items running at once (alloc_workqueue()'s max_active).
  unsigned pm_wq_max_active = PmWorkqueueParams::kDefaultMaxActive;
  // Where the autosuspend hrtimer fires within its slack range. The model's
  // default is the range's start, last_busy + delay exactly, which the runtime PM
  // unit tests reason with; platform files default to range_end (an idle CPU).
  AutosuspendTimerSlack autosuspend_timer_slack = AutosuspendTimerSlack::expiry;
  // Seed of the core's random streams (pm_wq dispatch latency, timer slack); a
  // scenario passes its own seed.
  std::uint64_t random_seed = 0;
};

class PmCore : public sc_core::sc_module {
 public:
  PmCore(const sc_core::sc_module_name& name, const PmCoreParams& params = PmCoreParams());

  PmWorkqueue& workqueue() { return workqueue_; }
  DeviceLinks& links() { return links_; }
  const std::vector<RpmDevice*>& devices() const { return devices_; }
  const PmCoreParams& params() const { return params_; }
  // One stream per named user (a device's timer slack draws from its own).
  const RandomStreams& random_streams() const { return streams_; }

  // The kernel's device_link_add(): the link, or null when the kernel refuses it.
  DeviceLink* device_link_add(RpmDevice& consumer, RpmDevice& supplier, std::uint32_t flags) {
    return links_.add(consumer, supplier, flags);
  }
  void device_link_del(DeviceLink* link) { links_.remove(link); }

  unsigned long might_sleep_violations() const { return might_sleep_violations_; }
  void reset_stats() { might_sleep_violations_ = 0; }

  // The CPUs the simulated software runs on (docs/cpu.md); null (the default):
  // no CPU side, every software cost is a plain wait. Set before the simulation
  // starts; must outlive the core.
  void attach_cpus(CpuSystem* cpus) {
    cpus_ = cpus;
    workqueue_.attach_cpus(cpus);
  }
  CpuSystem* cpus() const { return cpus_; }

  // Called by RpmDevice.
  void register_device(RpmDevice& device) { devices_.push_back(&device); }
  void count_might_sleep_violation() { ++might_sleep_violations_; }

 private:
  PmCoreParams params_;
  RandomStreams streams_;
  PmWorkqueue workqueue_;
  std::vector<RpmDevice*> devices_;
  DeviceLinks links_;
  unsigned long might_sleep_violations_ = 0;
  CpuSystem* cpus_ = nullptr;
};

}  // namespace wakesim

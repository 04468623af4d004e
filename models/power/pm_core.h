#pragma once
// The runtime PM core of one simulated system: pm_wq, the registry of devices
// (in registration order, like the kernel's device list) and their device links,
// and system-wide counters.
#include <memory>
#include <vector>

#include <systemc>

#include "power/device_links.h"
#include "power/pm_workqueue.h"

namespace wakesim {

class RpmDevice;

struct PmCoreParams {
  // Delay from queue_work() on pm_wq until the worker runs the item
  // (KERNEL-PM.md §11 suggests 10-100 us; a parameter, not a measurement).
  sc_core::sc_time pm_wq_dispatch_latency = sc_core::sc_time(20, sc_core::SC_US);
};

class PmCore : public sc_core::sc_module {
 public:
  PmCore(const sc_core::sc_module_name& name, const PmCoreParams& params = PmCoreParams());

  PmWorkqueue& workqueue() { return workqueue_; }
  DeviceLinks& links() { return links_; }
  const std::vector<RpmDevice*>& devices() const { return devices_; }

  // The kernel's device_link_add(): the link, or null when the kernel refuses it.
  DeviceLink* device_link_add(RpmDevice& consumer, RpmDevice& supplier, std::uint32_t flags) {
    return links_.add(consumer, supplier, flags);
  }
  void device_link_del(DeviceLink* link) { links_.remove(link); }

  unsigned long might_sleep_violations() const { return might_sleep_violations_; }

  // Called by RpmDevice.
  void register_device(RpmDevice& device) { devices_.push_back(&device); }
  void count_might_sleep_violation() { ++might_sleep_violations_; }

 private:
  PmWorkqueue workqueue_;
  std::vector<RpmDevice*> devices_;
  DeviceLinks links_;
  unsigned long might_sleep_violations_ = 0;
};

}  // namespace wakesim

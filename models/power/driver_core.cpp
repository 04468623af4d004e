#include "wakesim/power/driver_core.h"

#include <vector>

#include "wakesim/power/device_link.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {
namespace {

bool managed(const DeviceLink& link) { return (link.flags() & kDlManaged) != 0; }

}  // namespace

int DriverCore::probe(RpmDevice& device, const ProbeFunction& probe_function) {
  if (device.driver_state_ != DriverState::unbound) return -EBUSY;
  for (DeviceLink* link : device.supplier_links())
    if (managed(*link) && link->state_ != DeviceLinkState::available) return -kEprobeDefer;

  device.driver_state_ = DriverState::probing;
  for (DeviceLink* link : device.supplier_links())
    if (managed(*link)) link->state_ = DeviceLinkState::consumer_probe;

  // DL-10: driver_probe_device()'s runtime PM bracket.
  RpmDevice* parent = device.parent();
  device.get_suppliers();
  if (parent) parent->get_sync();
  device.barrier();
  const int result = probe_function(device);
  device.request_idle();
  if (parent) parent->put();
  device.put_suppliers();

  if (result) {
    device.driver_state_ = DriverState::unbound;
    release_consumer_links(device);
    return result;
  }
  device.driver_state_ = DriverState::bound;
  for (DeviceLink* link : device.supplier_links())
    if (managed(*link)) link->state_ = DeviceLinkState::active;
  for (DeviceLink* link : device.consumer_links())
    if (managed(*link) && link->state_ == DeviceLinkState::dormant) link->state_ = DeviceLinkState::available;
  return 0;
}

void DriverCore::unbind(RpmDevice& device) {
  if (device.driver_state_ != DriverState::bound) return;
  const std::vector<DeviceLink*> consumer_side(device.consumer_links());
  for (DeviceLink* link : consumer_side)
    if (managed(*link) && link->consumer().driver_state() == DriverState::bound) unbind(link->consumer());

  release_consumer_links(device);
  const std::vector<DeviceLink*> still_supplying(device.consumer_links());
  for (DeviceLink* link : still_supplying) {
    if (!managed(*link)) continue;
    if (link->flags() & kDlAutoremoveSupplier)
      core_.device_link_del(link);
    else
      link->state_ = DeviceLinkState::dormant;
  }
  device.driver_state_ = DriverState::unbound;
}

// The device stops being a consumer with a driver: its links go back to
// AVAILABLE, or away if they were to be removed with the consumer's driver.
void DriverCore::release_consumer_links(RpmDevice& device) {
  const std::vector<DeviceLink*> supplier_side(device.supplier_links());
  for (DeviceLink* link : supplier_side) {
    if (!managed(*link)) continue;
    if (link->flags() & kDlAutoremoveConsumer)
      core_.device_link_del(link);
    else
      link->state_ = DeviceLinkState::available;
  }
}

}  // namespace wakesim

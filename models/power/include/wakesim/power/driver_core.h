#pragma once
// The driver core's side of device links: binding and unbinding drivers moves
// managed links through their states (DL-11) and purges AUTOREMOVE links, and a
// probe is bracketed with the runtime PM calls driver_probe_device() makes (DL-10).
#include <functional>

namespace wakesim {

class PmCore;
class RpmDevice;

class DriverCore {
 public:
  using ProbeFunction = std::function<int(RpmDevice&)>;

  explicit DriverCore(PmCore& core) : core_(core) {}

  // Binds a driver: -EPROBE_DEFER (kEprobeDefer) while a managed supplier link
  // has no bound supplier, -EBUSY if already bound, else the probe's result. A
  // failed probe purges the consumer's AUTOREMOVE_CONSUMER links.
  int probe(RpmDevice& device, const ProbeFunction& probe_function);
  // Unbinds the driver, its bound consumers first; purges AUTOREMOVE_CONSUMER
  // links of the device as consumer and AUTOREMOVE_SUPPLIER links as supplier.
  void unbind(RpmDevice& device);

 private:
  void release_consumer_links(RpmDevice& device);

  PmCore& core_;
};

}  // namespace wakesim

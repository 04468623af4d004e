#pragma once
// A device link (Documentation/driver-api/device_link.rst): the consumer depends
// on the supplier. With DL_FLAG_PM_RUNTIME the supplier is resumed before the
// consumer's resume callback and held active while the consumer is active.
#include <cstdint>

namespace wakesim {

class RpmDevice;

// The kernel's DL_FLAG_* values (include/linux/device.h).
enum DeviceLinkFlags : std::uint32_t {
  kDlStateless = 1u << 0,
  kDlAutoremoveConsumer = 1u << 1,
  kDlPmRuntime = 1u << 2,
  kDlRpmActive = 1u << 3,
  kDlAutoremoveSupplier = 1u << 4,
  kDlAutoprobeConsumer = 1u << 5,
  kDlManaged = 1u << 6,
  kDlSyncStateOnly = 1u << 7,
  kDlInferred = 1u << 8,
  kDlCycle = 1u << 9,
};

// Managed-link states (DL-11, include/linux/device.h enum device_link_state).
// A stateless link has none.
enum class DeviceLinkState { none, dormant, available, consumer_probe, active, supplier_unbind };

class DeviceLink {
 public:
  DeviceLink(RpmDevice& consumer, RpmDevice& supplier, std::uint32_t flags)
      : consumer_(&consumer), supplier_(&supplier), flags_(flags) {}

  RpmDevice& consumer() const { return *consumer_; }
  RpmDevice& supplier() const { return *supplier_; }
  std::uint32_t flags() const { return flags_; }
  bool pm_runtime() const { return (flags_ & kDlPmRuntime) != 0; }
  // One plus the number of supplier references this link holds for its consumer.
  unsigned rpm_active() const { return rpm_active_; }
  DeviceLinkState state() const { return state_; }

 private:
  friend class DeviceLinks;
  friend class DriverCore;
  friend class RpmDevice;

  RpmDevice* consumer_;
  RpmDevice* supplier_;
  std::uint32_t flags_;
  unsigned rpm_active_ = 1;
  bool supplier_preactivated_ = false;
  DeviceLinkState state_ = DeviceLinkState::none;
};

}  // namespace wakesim

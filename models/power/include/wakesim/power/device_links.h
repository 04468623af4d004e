#pragma once
// The device links of one system and the dependency graph they form with the
// parent/child relations (Boost.Graph): device_link_add()'s checks (DL-02), its
// reference handling (DL-03, DL-09), and the order system sleep walks (SYS-01).
#include <cstdint>
#include <memory>
#include <vector>

#include "wakesim/power/device_link.h"

namespace wakesim {

class RpmDevice;

class DeviceLinks {
 public:
  explicit DeviceLinks(const std::vector<RpmDevice*>& devices) : devices_(devices) {}

  DeviceLink* add(RpmDevice& consumer, RpmDevice& supplier, std::uint32_t flags);
  void remove(DeviceLink* link);
  const std::vector<std::unique_ptr<DeviceLink>>& all() const { return links_; }

  // True if `target` is `device` or depends on it through children and
  // consumers, recursively (the kernel's device_is_dependent()).
  bool is_dependent(const RpmDevice& device, const RpmDevice& target) const;
  // Every device, each after its parent and its suppliers (the resume order);
  // system suspend walks it backwards.
  std::vector<RpmDevice*> dependency_order() const;

 private:
  static bool flags_valid(std::uint32_t flags);
  static DeviceLinkState initial_state(const RpmDevice& consumer, const RpmDevice& supplier);
  DeviceLink* find(const RpmDevice& consumer, const RpmDevice& supplier) const;
  std::size_t index_of(const RpmDevice& device) const;

  const std::vector<RpmDevice*>& devices_;
  std::vector<std::unique_ptr<DeviceLink>> links_;
};

}  // namespace wakesim

#include "wakesim/drivers/iommu_power_binding.h"

namespace wakesim {

const char* to_string(IommuPowerBinding binding) {
  switch (binding) {
    case IommuPowerBinding::device_link: return "device_link";
    case IommuPowerBinding::while_mapped: return "while_mapped";
    case IommuPowerBinding::self_managed: return "self_managed";
    case IommuPowerBinding::self_managed_nolink: return "self_managed_nolink";
    case IommuPowerBinding::domain_activate: return "domain_activate";
    case IommuPowerBinding::always_on: return "always_on";
  }
  return "?";
}

std::optional<IommuPowerBinding> parse_iommu_power_binding(std::string_view text) {
  for (IommuPowerBinding binding : kIommuPowerBindings)
    if (text == to_string(binding)) return binding;
  return std::nullopt;
}

}  // namespace wakesim

#pragma once
// Parameters of the IOMMU power binding (IommuPowerManager).
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/drivers/iommu_power_binding.h"

namespace wakesim {

struct IommuPowerManagerParams {
  IommuPowerBinding binding = IommuPowerBinding::device_link;
  // The IOMMU's own autosuspend, set at setup() on a device whose runtime PM is
  // not enabled yet; used by self_managed, self_managed_nolink and while_mapped
  // only (while_mapped then drops its reference with put_autosuspend, else with
  // put: the IOMMU suspends after the pm_wq dispatch; in the kernel a plain put
  // honours an autosuspend delay too, so the choice is the delay's). arm-smmu
  // sets 20 ms on attach, because a runpm cycle per unmap made "100s or 1000s of
  // buffers" take "5-10 sec" (drivers/iommu/arm/arm-smmu/arm-smmu.c
  // arm_smmu_rpm_use_autosuspend()). device_link, domain_activate and always_on
  // leave autosuspend off: the Exynos SysMMU and the OMAP IOMMU suspend when
  // their master does.
  bool use_autosuspend = true;
  sc_core::sc_time autosuspend_delay = sc_core::sc_time(20, sc_core::SC_MS);
  // For every binding but device_link: also link each master to the IOMMU with
  // DL_FLAG_STATELESS only, no DL_FLAG_PM_RUNTIME: system sleep then suspends the
  // IOMMU after its masters and resumes it before them; runtime PM ignores the link.
  bool order_link = false;
  // Ledger components whose energy is the IOMMU's. Empty: the Iommu module, its
  // RpmDevice, and its PowerDomain if that domain holds no other device (the
  // energy of a shared domain cannot be attributed to the IOMMU).
  std::vector<std::string> energy_components;
};

}  // namespace wakesim

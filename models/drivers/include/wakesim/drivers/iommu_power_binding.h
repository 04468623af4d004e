#pragma once
// How an IOMMU's runtime PM follows the devices that use it (the driver each
// binding copies is named; IommuPowerManager has the details):
// - device_link:  the Exynos SysMMU (drivers/iommu/exynos-iommu.c
//                 exynos_iommu_probe_device()): each master is a consumer through a
//                 DL_FLAG_STATELESS | DL_FLAG_PM_RUNTIME link; the driver never gets
//                 or puts the IOMMU, and a suspended IOMMU skips the TLB invalidate.
// - while_mapped: the IOMMU is held active while any mapping exists.
// - self_managed: mainline arm-smmu (drivers/iommu/arm/arm-smmu/arm-smmu.c):
//                 arm_smmu_probe_device() links each master with DL_FLAG_PM_RUNTIME |
//                 DL_FLAG_AUTOREMOVE_SUPPLIER, and map, unmap and the TLB sync are
//                 bracketed with arm_smmu_rpm_get/put (resume_and_get /
//                 put_autosuspend) with the SMMU's own 20 ms autosuspend.
// - self_managed_nolink: the same bracket without the link (arm-smmu before its
//                 runtime-PM series added the link): a master's DMA can reach a
//                 suspended IOMMU.
// - domain_activate: OMAP (drivers/iommu/omap-iommu.c): no link; the master's own
//                 runtime resume/suspend calls omap_iommu_domain_activate/deactivate
//                 (get_sync / put_sync of the IOMMU, drivers/remoteproc/omap_remoteproc.c
//                 _omap_rproc_resume/_omap_rproc_suspend), and map/unmap flush the
//                 TLB inside get_sync/put_sync (flush_iotlb_page()).
// - always_on:    one get_sync at setup and never a put: no runtime PM.
#include <optional>
#include <string_view>

#include "wakesim/core/enum_names.h"

namespace wakesim {

enum class IommuPowerBinding {
  device_link,
  while_mapped,
  self_managed,
  self_managed_nolink,
  domain_activate,
  always_on
};

// Every binding's name, in declaration order (for listings and "did you mean").
inline constexpr auto kIommuPowerBindingNames =
    make_enum_names<IommuPowerBinding>({{IommuPowerBinding::device_link, "device_link"},
                                        {IommuPowerBinding::while_mapped, "while_mapped"},
                                        {IommuPowerBinding::self_managed, "self_managed"},
                                        {IommuPowerBinding::self_managed_nolink, "self_managed_nolink"},
                                        {IommuPowerBinding::domain_activate, "domain_activate"},
                                        {IommuPowerBinding::always_on, "always_on"}});

inline const char* to_string(IommuPowerBinding binding) { return kIommuPowerBindingNames.name(binding); }
// The inverse of to_string (exact, case-sensitive); nothing for any other text.
inline std::optional<IommuPowerBinding> parse_iommu_power_binding(std::string_view text) {
  return kIommuPowerBindingNames.parse(text);
}

}  // namespace wakesim

#pragma once
// How an IOMMU's runtime PM follows the devices that use it (DESIGN.md §1
// "IOMMU following its master", "GPU unmapping while its device is off"; §4
// "IOMMU power bindings"; KERNEL-PM.md DRV-01, DRV-02, DRV-03):
// - device_link:  the Exynos SysMMU. Each master is a consumer of the IOMMU
//                 through a DL_FLAG_STATELESS | DL_FLAG_PM_RUNTIME link, so the
//                 IOMMU is resumed before the master's resume callback and held
//                 while the master is active; the driver never gets or puts it,
//                 and map/unmap on a suspended IOMMU only touch the page tables
//                 (the TLB invalidate is skipped: a powered-off TLB holds nothing).
// - while_mapped: the IOMMU is held active while any mapping exists (get_sync at
//                 the first map, put or put_autosuspend when the last one goes).
// - self_managed: arm-smmu: pm_runtime_resume_and_get / put_autosuspend of the
//                 IOMMU itself around every map, unmap and invalidate, with its
//                 own autosuspend (20 ms, set on attach); no runtime-PM link, so
//                 a master's DMA can reach a suspended IOMMU.
// - always_on:    one get_sync at setup and never a put: no runtime PM.
#include <array>
#include <optional>
#include <string_view>

namespace wakesim {

enum class IommuPowerBinding { device_link, while_mapped, self_managed, always_on };

// Every binding, in declaration order (for listings and "did you mean").
constexpr std::array<IommuPowerBinding, 4> kIommuPowerBindings = {
    IommuPowerBinding::device_link, IommuPowerBinding::while_mapped,
    IommuPowerBinding::self_managed, IommuPowerBinding::always_on};

// "device_link", "while_mapped", "self_managed", "always_on".
const char* to_string(IommuPowerBinding binding);
// The inverse of to_string (exact, case-sensitive); nothing for any other text.
std::optional<IommuPowerBinding> parse_iommu_power_binding(std::string_view text);

}  // namespace wakesim

#pragma once
// The runtime PM callbacks of an IOMMU master under the domain_activate binding:
// they wrap the master driver's own callbacks as the OMAP remoteproc driver does
// (drivers/remoteproc/omap_remoteproc.c _omap_rproc_resume()/_omap_rproc_suspend()):
// resume first activates the IOMMU (omap_iommu_domain_activate(): get_sync), then
// runs the driver's resume, and deactivates again if that fails; suspend runs the
// driver's suspend and, once it succeeded, deactivates the IOMMU
// (omap_iommu_domain_deactivate(): put_sync). Both IOMMU calls run inside the
// master's callback, so the master's resume time includes the IOMMU's resume.
// Installed over the master's driver callbacks (RpmDevice::set_driver_callbacks),
// so a PM domain that wraps the driver callbacks reaches these.
#include "wakesim/power/rpm_callbacks.h"

namespace wakesim {

class IommuPowerManager;

class DomainActivateCallbacks : public RpmCallbacks {
 public:
  // `driver` (may be null: no callbacks) are the master driver's own callbacks.
  DomainActivateCallbacks(IommuPowerManager& iommu, RpmCallbacks* driver) : iommu_(iommu), driver_(driver) {}

  int runtime_suspend(RpmDevice& device) override;
  int runtime_resume(RpmDevice& device) override;
  bool has_runtime_idle() const override { return driver_ != nullptr && driver_->has_runtime_idle(); }
  int runtime_idle(RpmDevice& device) override { return driver_ ? driver_->runtime_idle(device) : 0; }

  RpmCallbacks* driver() const { return driver_; }

 private:
  IommuPowerManager& iommu_;
  RpmCallbacks* driver_;
  // A master already ACTIVE when hooked holds no activation: its first suspend
  // must not drop a reference it never took.
  bool activated_ = false;
};

}  // namespace wakesim

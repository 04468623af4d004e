#include "wakesim/drivers/domain_activate_callbacks.h"

#include "wakesim/drivers/iommu_power_manager.h"

namespace wakesim {

int DomainActivateCallbacks::runtime_resume(RpmDevice& device) {
  iommu_.activate();  // omap_iommu_domain_activate() ignores get_sync's result
  const int retval = driver_ ? driver_->runtime_resume(device) : 0;
  if (retval != 0)
    iommu_.deactivate();  // _omap_rproc_resume's suspend_iommu path
  else
    activated_ = true;
  return retval;
}

int DomainActivateCallbacks::runtime_suspend(RpmDevice& device) {
  const int retval = driver_ ? driver_->runtime_suspend(device) : 0;
  if (retval == 0 && activated_) {
    activated_ = false;
    iommu_.deactivate();
  }
  return retval;
}

}  // namespace wakesim

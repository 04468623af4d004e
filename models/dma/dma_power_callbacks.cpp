#include "dma/dma_power_callbacks.h"

#include "dma/dma_controller.h"

namespace wakesim {

int DmaPowerCallbacks::runtime_suspend(RpmDevice& device) {
  return inner_ ? inner_->runtime_suspend(device) : 0;
}

int DmaPowerCallbacks::runtime_resume(RpmDevice& device) {
  const int result = inner_ ? inner_->runtime_resume(device) : 0;
  if (result == 0 && controller_) controller_->power_state_changed();
  return result;
}

int DmaPowerCallbacks::runtime_idle(RpmDevice& device) {
  return inner_ ? inner_->runtime_idle(device) : 0;
}

}  // namespace wakesim

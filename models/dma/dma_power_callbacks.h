#pragma once
// The runtime PM callbacks of a DMA controller's device as the hardware sees
// them: they forward to the driver's callbacks (`inner`, e.g. TimedCallbacks;
// null = none) and, when a resume succeeds, tell the bound DmaController so that
// channels stalled on a suspended controller restart exactly when the device
// becomes ACTIVE (the runtime PM core sets ACTIVE right after the callback
// returns, in the same delta cycle as the wake-up notification is issued, and
// before the woken channel runs).
//
// Wiring: DmaPowerCallbacks hook(&driver); RpmDevice dev("dmac", core, parent, &hook);
// DmaController dmac("dmac_hw", params, dev); hook.bind(dmac);
// A power domain attached to the device wraps these callbacks like any driver's.
#include "power/rpm_callbacks.h"

namespace wakesim {

class DmaController;

class DmaPowerCallbacks : public RpmCallbacks {
 public:
  explicit DmaPowerCallbacks(RpmCallbacks* inner = nullptr) : inner_(inner) {}

  void bind(DmaController& controller) { controller_ = &controller; }

  int runtime_suspend(RpmDevice& device) override;
  int runtime_resume(RpmDevice& device) override;
  bool has_runtime_idle() const override { return inner_ && inner_->has_runtime_idle(); }
  int runtime_idle(RpmDevice& device) override;

 private:
  RpmCallbacks* inner_;
  DmaController* controller_ = nullptr;
};

}  // namespace wakesim

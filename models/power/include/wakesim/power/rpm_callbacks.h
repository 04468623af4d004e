#pragma once
// The runtime PM callbacks of one device (the kernel's dev_pm_ops runtime_*).
// They run in the calling SystemC thread and may wait() for their duration.
// A device without callbacks behaves as the kernel does with NULL callbacks:
// every transition succeeds at once.

namespace wakesim {

class RpmDevice;

class RpmCallbacks {
 public:
  virtual ~RpmCallbacks() = default;
  virtual int runtime_suspend(RpmDevice& device) = 0;
  virtual int runtime_resume(RpmDevice& device) = 0;
  // Without an idle callback the core goes straight to suspend (rpm_idle()).
  virtual bool has_runtime_idle() const { return false; }
  virtual int runtime_idle(RpmDevice&) { return 0; }
};

}  // namespace wakesim

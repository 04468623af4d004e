#include "power/pm_core.h"

namespace wakesim {

PmCore::PmCore(const sc_core::sc_module_name& name, const PmCoreParams& params)
    : sc_core::sc_module(name),
      workqueue_("pm_wq", params.pm_wq_dispatch_latency),
      links_(devices_) {}

}  // namespace wakesim

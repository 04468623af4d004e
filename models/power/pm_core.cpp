#include "wakesim/power/pm_core.h"

#include <string>

namespace wakesim {
namespace {

PmWorkqueueParams workqueue_params(const PmCoreParams& params) {
  PmWorkqueueParams workqueue;
  workqueue.dispatch_latency = params.pm_wq_dispatch_latency;
  workqueue.max_active = params.pm_wq_max_active;
  return workqueue;
}

}  // namespace

PmCore::PmCore(const sc_core::sc_module_name& name, const PmCoreParams& params)
    : sc_core::sc_module(name),
      params_(params),
      streams_(params.random_seed),
      workqueue_("pm_wq", workqueue_params(params), streams_.stream(std::string(this->name()) + ".pm_wq")),
      links_(devices_) {}

}  // namespace wakesim

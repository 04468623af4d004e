#include "power/pm_workqueue.h"

#include <algorithm>

#include "power/rpm_device.h"

namespace wakesim {

PmWorkqueue::PmWorkqueue(const sc_core::sc_module_name& name,
                         const sc_core::sc_time& dispatch_latency)
    : sc_core::sc_module(name), dispatch_latency_(dispatch_latency) {
  SC_HAS_PROCESS(PmWorkqueue);
  SC_THREAD(worker);
}

void PmWorkqueue::queue_work(RpmDevice& device) {
  const bool queued = std::any_of(queue_.begin(), queue_.end(),
                                  [&](const Item& item) { return item.device == &device; });
  if (queued) return;
  queue_.push_back({&device, sc_core::sc_time_stamp() + dispatch_latency_});
  queued_.notify(sc_core::SC_ZERO_TIME);
}

void PmWorkqueue::cancel_work_sync(RpmDevice& device) {
  queue_.erase(std::remove_if(queue_.begin(), queue_.end(),
                              [&](const Item& item) { return item.device == &device; }),
               queue_.end());
  item_done_.notify(sc_core::SC_ZERO_TIME);  // a flush may be waiting for this item
  while (running_ == &device) sc_core::wait(item_done_);
}

void PmWorkqueue::flush() {
  while (!idle()) sc_core::wait(item_done_ | queued_);
}

void PmWorkqueue::worker() {
  for (;;) {
    while (queue_.empty()) sc_core::wait(queued_);
    const sc_core::sc_time ready_at = queue_.front().ready_at;
    if (ready_at > sc_core::sc_time_stamp()) {
      sc_core::wait(ready_at - sc_core::sc_time_stamp());
      continue;  // the item may have been cancelled meanwhile
    }
    running_ = queue_.front().device;
    queue_.pop_front();
    running_->run_work();
    running_ = nullptr;
    ++items_run_;
    item_done_.notify(sc_core::SC_ZERO_TIME);
  }
}

}  // namespace wakesim

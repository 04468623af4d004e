#pragma once
// pm_wq: the workqueue that runs asynchronous runtime PM requests. One worker
// thread takes queued devices in FIFO order; an item may start no earlier than
// its queueing time plus the dispatch latency (the scheduling cost of a kernel
// worker), and items run one after another, so a slow resume delays the next.
#include <deque>
#include <systemc>

namespace wakesim {

class RpmDevice;

class PmWorkqueue : public sc_core::sc_module {
 public:
  PmWorkqueue(const sc_core::sc_module_name& name, const sc_core::sc_time& dispatch_latency);

  // Queues the device's work item; a no-op if it is already queued (queue_work()).
  void queue_work(RpmDevice& device);
  // Removes a queued item, or waits until a running one has finished (cancel_work_sync()).
  void cancel_work_sync(RpmDevice& device);
  // Waits until the queue is empty and the worker idle (flush_workqueue()).
  void flush();

  bool idle() const { return queue_.empty() && running_ == nullptr; }
  const sc_core::sc_time& dispatch_latency() const { return dispatch_latency_; }
  unsigned long items_run() const { return items_run_; }

 private:
  struct Item {
    RpmDevice* device;
    sc_core::sc_time ready_at;
  };
  void worker();

  sc_core::sc_time dispatch_latency_;
  std::deque<Item> queue_;
  RpmDevice* running_ = nullptr;
  unsigned long items_run_ = 0;
  sc_core::sc_event queued_;
  sc_core::sc_event item_done_;
};

}  // namespace wakesim

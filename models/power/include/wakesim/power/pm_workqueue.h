#pragma once
// pm_wq: the workqueue that runs asynchronous runtime PM requests
// (kernel/power/main.c pm_start_workqueue(): alloc_workqueue("pm",
// WQ_FREEZABLE | WQ_UNBOUND, 0)). It is concurrency-managed: up to `max_active`
// items run at once, each on its own worker (kworker), so one device's slow
// suspend callback does not hold up another device's resume. A device's work
// item is non-reentrant (kernel/workqueue.c: a work item queued again while it
// runs waits for that run to finish), so the items of one device never overlap
// and keep their order. An item starts no earlier than its queueing time plus a
// dispatch latency (the time a kworker takes to get to it), drawn per item.
//
// Among items ready to run, the one that became ready first starts first (queue
// order on a tie); workers are created when needed and kept (a worker pool).
// genpd's power-off work (PowerDomain) is a work item of its own: it draws its
// dispatch latency here but runs on the domain's worker, outside max_active.
//
// With CPUs (docs/cpu.md) the kworkers run on the pm_wq CPU: queue_work() wakes
// it (its idle state's exit latency, if idle), and the dispatch latency is that
// CPU's time scheduling the worker, so an item is ready at wake + dispatch.
#include <cstddef>
#include <deque>
#include <vector>

#include <systemc>

#include "wakesim/core/latency_distribution.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/cpu/cpu_cause.h"

namespace wakesim {

class CpuSystem;
class RpmDevice;

struct PmWorkqueueParams {
  // alloc_workqueue()'s max_active 0 means WQ_DFL_ACTIVE = WQ_MAX_ACTIVE / 2 = 256
  // (include/linux/workqueue.h); wq_clamp_max_active() caps it at WQ_MAX_ACTIVE.
  static constexpr unsigned kDefaultMaxActive = 256;
  static constexpr unsigned kMaxActiveLimit = 512;

  // Delay from queue_work() until a worker may start the item.
  LatencyDistribution dispatch_latency = sc_core::sc_time(20, sc_core::SC_US);
  // Items running at once, 1..kMaxActiveLimit; 1 runs them one after another.
  unsigned max_active = kDefaultMaxActive;
};

class PmWorkqueue : public sc_core::sc_module {
 public:
  // Dispatch latencies are drawn from `rng`. Throws std::invalid_argument for a
  // max_active outside 1..kMaxActiveLimit.
  PmWorkqueue(const sc_core::sc_module_name& name, const PmWorkqueueParams& params, RandomStream rng);

  // Queues the device's work item; a no-op if it is already queued (queue_work()).
  void queue_work(RpmDevice& device);
  // Removes a queued item, or waits until a running one has finished (cancel_work_sync()).
  void cancel_work_sync(RpmDevice& device);
  // Waits until the queue is empty and every worker idle (flush_workqueue()).
  void flush();

  // A dispatch latency, for work that another model queues on pm_wq itself
  // (genpd's power-off work).
  sc_core::sc_time draw_dispatch_latency() { return params_.dispatch_latency.draw(rng_); }
  // When work queued now may start: now + a dispatch latency, or, with CPUs, once
  // the pm_wq CPU is awake and has scheduled the worker (its time under `cause`).
  sc_core::sc_time dispatch_ready_at(CpuCause cause);

  // Before the simulation starts (PmCore::attach_cpus); null: no CPU side.
  void attach_cpus(CpuSystem* cpus) { cpus_ = cpus; }
  CpuSystem* cpus() const { return cpus_; }

  bool idle() const { return queue_.empty() && running_.empty(); }
  const PmWorkqueueParams& params() const { return params_; }
  unsigned long items_run() const { return items_run_; }
  // Workers created so far, and the most items that ever ran at once.
  unsigned workers() const { return workers_; }
  std::size_t peak_running() const { return peak_running_; }

 private:
  struct Item {
    RpmDevice* device;
    sc_core::sc_time ready_at;
  };
  void worker();
  void spawn_workers();
  bool is_running(const RpmDevice* device) const;
  // The queue index of the item to start next, or queue_.size() if none may start.
  std::size_t next_item() const;
  void run(std::size_t index);

  PmWorkqueueParams params_;
  RandomStream rng_;
  std::deque<Item> queue_;           // queued, not yet started, in queue order
  std::vector<RpmDevice*> running_;  // one entry per running item
  unsigned workers_ = 0;
  unsigned idle_workers_ = 0;
  std::size_t peak_running_ = 0;
  unsigned long items_run_ = 0;
  sc_core::sc_event changed_;  // an item was queued, removed or finished
  CpuSystem* cpus_ = nullptr;
};

}  // namespace wakesim

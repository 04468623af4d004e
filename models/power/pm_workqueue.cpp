#include "wakesim/power/pm_workqueue.h"

#include <algorithm>
#include <stdexcept>

#include "wakesim/core/sim_time.h"
#include "wakesim/cpu/cpu_system.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {
namespace {

const PmWorkqueueParams& validated(const PmWorkqueueParams& params) {
  if (params.max_active < 1 || params.max_active > PmWorkqueueParams::kMaxActiveLimit)
    throw std::invalid_argument("pm_wq max_active must be 1..512");
  return params;
}

}  // namespace

PmWorkqueue::PmWorkqueue(const sc_core::sc_module_name& name, const PmWorkqueueParams& params, RandomStream rng)
    : sc_core::sc_module(name), params_(validated(params)), rng_(rng) {
  running_.reserve(std::min(params_.max_active, 64u));
  SC_HAS_PROCESS(PmWorkqueue);
  SC_THREAD(worker);  // the first worker; more are spawned when items pile up
  workers_ = 1;
  idle_workers_ = 1;
}

void PmWorkqueue::queue_work(RpmDevice& device) {
  const bool queued =
      std::any_of(queue_.begin(), queue_.end(), [&](const Item& item) { return item.device == &device; });
  if (queued) return;
  queue_.push_back({&device, dispatch_ready_at(CpuCause::kworker)});
  spawn_workers();
  changed_.notify(sc_core::SC_ZERO_TIME);
}

// As many idle workers as queued items, within max_active: every item can start
// the moment it is ready.
void PmWorkqueue::spawn_workers() {
  while (workers_ < params_.max_active && idle_workers_ < queue_.size()) {
    ++workers_;
    ++idle_workers_;
    sc_core::sc_spawn([this] { worker(); });
  }
}

sc_core::sc_time PmWorkqueue::dispatch_ready_at(CpuCause cause) {
  const sc_core::sc_time dispatch = draw_dispatch_latency();
  if (!cpus_) return sim_now() + dispatch;
  return cpus_->pm_wq_cpu().run(cause, dispatch);
}

void PmWorkqueue::cancel_work_sync(RpmDevice& device) {
  queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [&](const Item& item) { return item.device == &device; }),
               queue_.end());
  changed_.notify(sc_core::SC_ZERO_TIME);  // a flush or a waiting worker may care
  while (is_running(&device)) sc_core::wait(changed_);
}

void PmWorkqueue::flush() {
  while (!idle()) sc_core::wait(changed_);
}

bool PmWorkqueue::is_running(const RpmDevice* device) const {
  return std::find(running_.begin(), running_.end(), device) != running_.end();
}

std::size_t PmWorkqueue::next_item() const {
  std::size_t best = queue_.size();
  if (running_.size() >= params_.max_active) return best;
  for (std::size_t i = 0; i < queue_.size(); ++i) {
    if (is_running(queue_[i].device)) continue;  // non-reentrant: wait for that run
    if (best == queue_.size() || queue_[i].ready_at < queue_[best].ready_at) best = i;
  }
  return best;
}

void PmWorkqueue::run(std::size_t index) {
  RpmDevice* device = queue_[index].device;
  queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(index));
  running_.push_back(device);
  peak_running_ = std::max(peak_running_, running_.size());
  --idle_workers_;
  device->run_work();
  running_.erase(std::find(running_.begin(), running_.end(), device));
  ++idle_workers_;
  ++items_run_;
  changed_.notify(sc_core::SC_ZERO_TIME);
}

void PmWorkqueue::worker() {
  if (cpus_) cpus_->bind_current(cpus_->pm_wq_cpu());
  for (;;) {
    const std::size_t index = next_item();
    if (index == queue_.size()) {
      sc_core::wait(changed_);
      continue;
    }
    const sc_core::sc_time now = sim_now();
    if (queue_[index].ready_at > now) {
      sc_core::wait(queue_[index].ready_at - now, changed_);
      continue;  // re-pick: the item may be gone, or another one ready earlier
    }
    run(index);
  }
}

}  // namespace wakesim

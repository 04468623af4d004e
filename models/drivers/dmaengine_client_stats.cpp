#include "wakesim/drivers/dmaengine_client_stats.h"

#include <tuple>

namespace wakesim {

void DmaengineClientStats::record(const DmaJobRecord& job) {
  if (job.missed_deadline()) ++deadline_misses;
  if (!job.ok()) {
    ++errors;
    if (job.pm_failed) ++pm_errors;
    return;
  }
  ++completed;
  bytes += job.bytes;
  latency.record(job.latency().value());
  prepare.record(job.prepare().value());
  queue.record(job.queue().value());
  pm_wait.record(job.pm_wait().value());
  translation.record(job.translation.value());
  transfer.record(job.transfer().value());
  interrupt.record(job.interrupt.value());
  caller_blocked.record(job.caller_blocked().value());
}

void DmaengineClientStats::merge(const DmaengineClientStats& other) {
  requests += other.requests;
  completed += other.completed;
  errors += other.errors;
  pm_errors += other.pm_errors;
  rejected += other.rejected;
  wrapped += other.wrapped;
  deadline_misses += other.deadline_misses;
  bytes += other.bytes;
  might_sleep_violations += other.might_sleep_violations;
  maps += other.maps;
  unmaps += other.unmaps;
  map_errors += other.map_errors;
  latency.merge(other.latency);
  prepare.merge(other.prepare);
  queue.merge(other.queue);
  pm_wait.merge(other.pm_wait);
  translation.merge(other.translation);
  transfer.merge(other.transfer);
  interrupt.merge(other.interrupt);
  caller_blocked.merge(other.caller_blocked);
}

namespace {

auto counts(const DmaengineClientStats& s) {
  return std::tie(s.requests, s.completed, s.errors, s.pm_errors, s.rejected, s.wrapped, s.deadline_misses, s.bytes,
                  s.might_sleep_violations, s.maps, s.unmaps, s.map_errors);
}

auto histograms(const DmaengineClientStats& s) {
  return std::tie(s.latency, s.prepare, s.queue, s.pm_wait, s.translation, s.transfer, s.interrupt, s.caller_blocked);
}

}  // namespace

bool operator==(const DmaengineClientStats& a, const DmaengineClientStats& b) {
  return counts(a) == counts(b) && histograms(a) == histograms(b);
}

}  // namespace wakesim

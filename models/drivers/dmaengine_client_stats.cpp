#include "wakesim/drivers/dmaengine_client_stats.h"

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

}  // namespace wakesim

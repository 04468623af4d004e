#include "wakesim/dma/dma_channel_stats.h"

namespace wakesim {

void DmaChannelStats::merge(const DmaChannelStats& other) {
  jobs += other.jobs;
  periods += other.periods;
  errors += other.errors;
  bus_errors += other.bus_errors;
  power_errors += other.power_errors;
  terminated += other.terminated;
  bytes += other.bytes;
  bursts += other.bursts;
  setups += other.setups;
  issued_while_suspended += other.issued_while_suspended;
  stalls += other.stalls;
  stall_time += other.stall_time;
  latency.merge(other.latency);
}

}  // namespace wakesim

#pragma once
// Statistics of one dmaengine client (docs/architecture.md, 'Energy and latency accounting'): exact counts, and the
// latency of its jobs and each part of it in bounded-memory histograms
// (picoseconds). The parts are those of DmaJobRecord; only jobs that completed
// ok are in the histograms.
#include <cstdint>

#include "wakesim/core/field_sum.h"
#include "wakesim/core/latency_histogram.h"
#include "wakesim/drivers/dma_job_record.h"

namespace wakesim {

struct DmaengineClientStats {
  std::uint64_t requests = 0;         // JobRequests received
  std::uint64_t completed = 0;        // completed ok
  std::uint64_t errors = 0;           // failed: a DMA error completion or a failed get
  std::uint64_t pm_errors = 0;        // of those, the policy's get returned an error
  std::uint64_t rejected = 0;         // refused at the request (empty, or too large with reject)
  std::uint64_t wrapped = 0;          // moved wrapping around the regions
  std::uint64_t deadline_misses = 0;  // failed, rejected or late jobs that had a deadline
  std::uint64_t bytes = 0;            // bytes moved by jobs that completed ok
  // Sleeping runtime-PM calls this client made in atomic context on a device that
  // is not irq-safe (the kernel's might-sleep bug; the core counts them too).
  std::uint64_t might_sleep_violations = 0;
  // Buffer mapping through the client's BufferMapper (calls that succeeded, and
  // failures; a job whose per-job map failed is an error without DMA).
  std::uint64_t maps = 0;
  std::uint64_t unmaps = 0;
  std::uint64_t map_errors = 0;

  LatencyHistogram latency;  // request -> completion interrupt
  LatencyHistogram prepare;
  LatencyHistogram queue;
  LatencyHistogram pm_wait;
  LatencyHistogram translation;
  LatencyHistogram transfer;
  LatencyHistogram interrupt;  // with CPUs: completion to callback (DmaJobRecord)
  // The part of pm_wait the submitting context spent blocked before submit.
  LatencyHistogram caller_blocked;

  // Adds a finished (completed or failed) job.
  void record(const DmaJobRecord& job);

  // Every field, in declaration order (core/field_sum.h).
  template <class Self>
  static auto fields_of(Self& s) {
    return std::tie(s.requests, s.completed, s.errors, s.pm_errors, s.rejected, s.wrapped, s.deadline_misses, s.bytes,
                    s.might_sleep_violations, s.maps, s.unmaps, s.map_errors, s.latency, s.prepare, s.queue, s.pm_wait,
                    s.translation, s.transfer, s.interrupt, s.caller_blocked);
  }
  DmaengineClientStats& operator+=(const DmaengineClientStats& other) {
    add_fields(fields_of(*this), fields_of(other));
    return *this;
  }
  friend bool operator==(const DmaengineClientStats& a, const DmaengineClientStats& b) {
    return fields_of(a) == fields_of(b);
  }
  friend bool operator!=(const DmaengineClientStats& a, const DmaengineClientStats& b) { return !(a == b); }
};

}  // namespace wakesim

#pragma once
// A closed-loop traffic source (pcie-bench's bandwidth tests, fio with a fixed
// iodepth): from `start` it keeps `outstanding` jobs in flight, issuing a new one
// the moment one finishes (completed or failed: job_finished()), so the client
// is never idle while the stream lasts. Its throughput is what the path can carry,
// not what an arrival process asks for.
//
// At `start` the source issues `outstanding` jobs back to back (one delta apart,
// all at `start`); afterwards each job_finished() frees one slot and the next job
// arrives at that time. The stream ends at `limits.stop_time` (no job arrives at
// or after it; the jobs in flight still finish) or after `limits.max_jobs`.
//
// Whoever owns the source must report every job's end: a job the client refuses
// at its request (DmaengineClient's rejected jobs, with OversizeJob::reject) never
// finishes, and would hold its slot (the scenario's clients wrap instead).
//
// Randomness: per job the size only if it is a range.
#include <cstdint>
#include <optional>

#include <systemc>

#include "wakesim/core/random_streams.h"
#include "wakesim/workload/job_size.h"
#include "wakesim/workload/job_source.h"

namespace wakesim {

struct StreamSourceParams {
  std::uint32_t outstanding = 1;  // jobs kept in flight, at least 1
  sc_core::sc_time start = sc_core::SC_ZERO_TIME;
  JobSize bytes;                                      // at least 1 B each
  std::optional<sc_core::sc_time> relative_deadline;  // after the arrival; none, or > 0
  JobDirection direction = JobDirection::read;
  std::uint32_t client = 0;
  JobSourceLimits limits;
};

class StreamSource : public JobSource {
 public:
  // Throws std::invalid_argument for no outstanding jobs, a zero size or an
  // inverted size range, or a zero relative deadline.
  StreamSource(const sc_core::sc_module_name& name, const StreamSourceParams& params, JobSink sink, RandomStream rng);

  const StreamSourceParams& params() const { return params_; }
  // One of its jobs finished (from any process, e.g. the client's completion):
  // its slot goes to the next job at once.
  void job_finished();
  // Jobs issued and not finished yet.
  std::uint32_t in_flight() const { return in_flight_; }

 protected:
  std::optional<JobRequest> next_job() override;

 private:
  static const StreamSourceParams& checked(const sc_core::sc_module_name& name, const StreamSourceParams& params);

  StreamSourceParams params_;
  RandomStream rng_;
  std::uint32_t in_flight_ = 0;
  sc_core::sc_event slot_freed_;
};

}  // namespace wakesim

#include "workload/trace_replay_source.h"

#include <utility>

namespace wakesim {

TraceReplaySource::TraceReplaySource(const sc_core::sc_module_name& name, JobTrace trace,
                                     JobSink sink, const JobSourceLimits& limits)
    : JobSource(name, std::move(sink), limits), trace_(std::move(trace)) {}

std::optional<JobRequest> TraceReplaySource::next_job() {
  if (next_row_ == trace_.size()) return std::nullopt;
  const JobTraceRow& row = trace_.rows()[next_row_++];
  JobRequest job;
  job.client = row.client;
  job.arrival = row.timestamp;
  job.bytes = row.bytes;
  job.direction = row.direction;
  job.deadline = deadline_after(row.timestamp, row.relative_deadline);
  return job;
}

}  // namespace wakesim

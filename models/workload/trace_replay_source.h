#pragma once
// Replays a recorded job trace (JobTrace, read by JobTraceReader): each row
// becomes one job at its timestamp, for its client, with its bytes, direction and
// deadline (timestamp + relative deadline, or none). One source may feed several
// clients; the sink routes by JobRequest::client. The limits of JobSource apply on
// top of the trace's own end.
#include <cstddef>
#include <optional>

#include <systemc>

#include "workload/job_source.h"
#include "workload/job_trace.h"

namespace wakesim {

class TraceReplaySource : public JobSource {
 public:
  TraceReplaySource(const sc_core::sc_module_name& name, JobTrace trace, JobSink sink,
                    const JobSourceLimits& limits = {});

  const JobTrace& trace() const { return trace_; }

 protected:
  std::optional<JobRequest> next_job() override;

 private:
  JobTrace trace_;
  std::size_t next_row_ = 0;
};

}  // namespace wakesim

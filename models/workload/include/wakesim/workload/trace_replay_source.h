#pragma once
// Replays a recorded job trace: each row becomes one job at its timestamp, for
// its client, with its bytes, direction and deadline (timestamp + relative
// deadline, or none). The rows come from a JobTrace in memory (one source may
// feed several clients; the sink routes by JobRequest::client), or are streamed
// from the file of a JobTraceSelection, one client's rows routed to it, with
// nothing held in memory. The limits of JobSource apply on top of the trace's
// own end.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <systemc>

#include "wakesim/workload/job_source.h"
#include "wakesim/workload/job_trace.h"
#include "wakesim/workload/job_trace_selection.h"

namespace wakesim {

class TraceReplaySource : public JobSource {
 public:
  TraceReplaySource(const sc_core::sc_module_name& name, JobTrace trace, JobSink sink,
                    const JobSourceLimits& limits = {});
  // Opens the file at once (JobTraceError if it cannot be read). A row that has
  // become bad since the selection was made ends the source, stops the
  // simulation and is reported by failure(): an exception must not leave a
  // SystemC process.
  TraceReplaySource(const sc_core::sc_module_name& name, const JobTraceSelection& selection, JobSink sink,
                    const JobSourceLimits& limits = {});

  std::optional<std::string> failure() const override { return failure_; }

 protected:
  std::optional<JobRequest> next_job() override;

 private:
  std::function<std::optional<JobTraceRow>()> next_row_;
  std::optional<std::string> failure_;
};

}  // namespace wakesim

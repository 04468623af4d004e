#include "wakesim/workload/trace_replay_source.h"

#include <exception>
#include <memory>
#include <utility>

#include "wakesim/workload/job_trace_stream.h"

namespace wakesim {

TraceReplaySource::TraceReplaySource(const sc_core::sc_module_name& name, JobTrace trace, JobSink sink,
                                     const JobSourceLimits& limits)
    : JobSource(name, std::move(sink), limits) {
  auto rows = std::make_shared<JobTrace>(std::move(trace));
  next_row_ = [rows, next = std::size_t{0}]() mutable -> std::optional<JobTraceRow> {
    if (next == rows->size()) return std::nullopt;
    return rows->rows()[next++];
  };
}

TraceReplaySource::TraceReplaySource(const sc_core::sc_module_name& name, const JobTraceSelection& selection,
                                     JobSink sink, const JobSourceLimits& limits)
    : JobSource(name, std::move(sink), limits) {
  auto stream = std::make_shared<JobTraceStream>(selection.path);
  next_row_ = [stream, selection]() -> std::optional<JobTraceRow> {
    while (std::optional<JobTraceRow> row = stream->next()) {
      if (row->client != selection.column_client) continue;
      row->client = selection.client;
      return row;
    }
    return std::nullopt;
  };
}

std::optional<JobRequest> TraceReplaySource::next_job() {
  std::optional<JobTraceRow> row;
  try {
    row = next_row_();
  } catch (const std::exception& error) {
    failure_ = error.what();
    sc_core::sc_stop();
    return std::nullopt;
  }
  if (!row) return std::nullopt;
  JobRequest job;
  job.client = row->client;
  job.arrival = row->timestamp;
  job.bytes = row->bytes;
  job.offset = row->offset;
  job.direction = row->direction;
  job.deadline = deadline_after(row->timestamp, row->relative_deadline);
  return job;
}

}  // namespace wakesim

#pragma once
// A job trace: rows of (timestamp, client, bytes, direction, optional deadline) in
// time order, as JobTraceReader reads them from CSV and TraceReplaySource replays
// them. Timestamps are absolute simulated times; a deadline is relative to its
// row's timestamp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/workload/job_request.h"

namespace wakesim {

struct JobTraceRow {
  sc_core::sc_time timestamp;
  std::uint32_t client = 0;
  std::uint64_t bytes = 0;
  JobDirection direction = JobDirection::copy;
  std::optional<sc_core::sc_time> relative_deadline;  // none: no deadline
  std::uint64_t offset = 0;                           // into the client's buffers (JobRequest::offset)
  int line = 0;                                       // where the row was read (1-based), 0 when not from a file
};

class JobTrace {
 public:
  JobTrace() = default;
  // `source` names where the rows came from (a file path, or a name for a string).
  // Throws std::invalid_argument if a timestamp is before the previous one.
  JobTrace(std::string source, std::vector<JobTraceRow> rows);

  const std::string& source() const { return source_; }
  const std::vector<JobTraceRow>& rows() const { return rows_; }
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  // One more than the largest client index (0 for an empty trace): how many
  // clients a platform must have for this trace.
  std::uint64_t client_count() const;

 private:
  std::string source_;
  std::vector<JobTraceRow> rows_;
};

}  // namespace wakesim

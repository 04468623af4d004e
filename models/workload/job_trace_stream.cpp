#include "wakesim/workload/job_trace_stream.h"

#include <cerrno>
#include <cstring>

#include "wakesim/core/input_file.h"
#include "wakesim/workload/job_trace_error.h"

namespace wakesim {

JobTraceStream::JobTraceStream(const std::string& path) : path_(path), reader_(path) {
  // A directory opens as a stream that reads as empty, a FIFO blocks: say what it is instead.
  if (const std::optional<std::string> problem = input_file_problem(path))
    throw JobTraceError(path, 0, 0, "", "cannot read: " + *problem);
  in_.open(path, std::ios::binary);
  if (!in_) throw JobTraceError(path, 0, 0, "", "cannot open: " + std::string(std::strerror(errno)));
}

std::optional<JobTraceRow> JobTraceStream::next() {
  while (!ended_) {
    if (!std::getline(in_, line_)) {
      if (in_.bad()) throw JobTraceError(path_, 0, 0, "", "cannot read: " + std::string(std::strerror(errno)));
      ended_ = true;
      reader_.finish();
      break;
    }
    if (std::optional<JobTraceRow> row = reader_.read_line(line_)) return row;
  }
  return std::nullopt;
}

}  // namespace wakesim

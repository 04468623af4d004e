#pragma once
// Reads a job trace file (the format JobTraceReader describes) one line at a
// time, so that a trace of any length replays in the memory of one line.
//
// The file is checked when the stream opens (a regular file within the input
// limit, see core/input_file.h); every problem throws JobTraceError naming the
// file, and a bad row names its line and column.
#include <fstream>
#include <optional>
#include <string>

#include "wakesim/workload/job_trace.h"
#include "wakesim/workload/job_trace_reader.h"

namespace wakesim {

class JobTraceStream {
 public:
  explicit JobTraceStream(const std::string& path);

  // The next row, or nothing at the end of the file.
  std::optional<JobTraceRow> next();

 private:
  std::string path_;
  std::ifstream in_;
  JobTraceReader reader_;
  std::string line_;
  bool ended_ = false;
};

}  // namespace wakesim

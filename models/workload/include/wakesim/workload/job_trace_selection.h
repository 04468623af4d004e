#pragma once
// One client's share of a job trace file: the rows whose client column holds
// `column_client`, replayed for client `client`. The file is read whole once,
// when the scenario is read, to check every row and count this client's; the
// replay then streams it again (JobTraceStream), so no row is kept in memory.
#include <array>
#include <cstdint>
#include <string>

#include "wakesim/workload/job_request.h"

namespace wakesim {

struct JobTraceSelection {
  std::string path;
  std::uint32_t column_client = 0;
  std::uint32_t client = 0;
  std::uint64_t rows = 0;  // how many rows are this client's
  // This client's largest job of each direction (indexed by JobDirection) and
  // the line of its first row, for the checks a row's size needs (0 bytes: none).
  struct LargestJob {
    std::uint64_t bytes = 0;
    int line = 0;
  };
  std::array<LargestJob, 3> largest{};
  const LargestJob& largest_of(JobDirection direction) const { return largest.at(static_cast<std::size_t>(direction)); }
};

// Reads the whole file, checking every row (JobTraceError on the first
// problem), and counts the rows of `column_client`.
JobTraceSelection select_job_trace_rows(const std::string& path, std::uint32_t column_client, std::uint32_t client);

}  // namespace wakesim

#include "wakesim/workload/job_trace.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace wakesim {

JobTrace::JobTrace(std::string source, std::vector<JobTraceRow> rows)
    : source_(std::move(source)), rows_(std::move(rows)) {
  const auto earlier = [](const JobTraceRow& a, const JobTraceRow& b) { return a.timestamp < b.timestamp; };
  if (!std::is_sorted(rows_.begin(), rows_.end(), earlier))
    throw std::invalid_argument("job trace " + source_ + ": rows are not in time order");
}

std::uint64_t JobTrace::client_count() const {
  std::uint64_t count = 0;
  for (const JobTraceRow& row : rows_) count = std::max<std::uint64_t>(count, row.client + 1ULL);
  return count;
}

}  // namespace wakesim

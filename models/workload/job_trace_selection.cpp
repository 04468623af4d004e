#include "wakesim/workload/job_trace_selection.h"

#include <optional>

#include "wakesim/workload/job_trace_stream.h"

namespace wakesim {

JobTraceSelection select_job_trace_rows(const std::string& path, std::uint32_t column_client, std::uint32_t client) {
  JobTraceSelection selection{path, column_client, client, 0, {}};
  JobTraceStream stream(path);
  while (const std::optional<JobTraceRow> row = stream.next()) {
    if (row->client != column_client) continue;
    ++selection.rows;
    JobTraceSelection::LargestJob& largest = selection.largest.at(static_cast<std::size_t>(row->direction));
    if (row->bytes > largest.bytes) largest = {row->bytes, row->line};
  }
  return selection;
}

}  // namespace wakesim

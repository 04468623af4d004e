#include "wakesim/workload/job_trace_error.h"

#include <utility>

namespace wakesim {
namespace {

std::string compose(const std::string& file, int line, int column, const std::string& field,
                    const std::string& message) {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line) + ":" + std::to_string(column);
  text += ": ";
  if (!field.empty()) text += field + ": ";
  return text + message;
}

}  // namespace

JobTraceError::JobTraceError(std::string file, int line, int column, std::string field, std::string message)
    : std::runtime_error(compose(file, line, column, field, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)),
      message_(std::move(message)) {}

}  // namespace wakesim

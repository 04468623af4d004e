#pragma once
// The one exception of the job trace reader. what() reads
//   "FILE:LINE:COL: FIELD: message"   for a problem in a cell (FIELD is its column
//                                     name: timestamp, client, bytes, direction, deadline)
//   "FILE:LINE:COL: message"          for a problem of a whole line (an extra field,
//                                     an unknown header column ...)
//   "FILE: message"                   for the whole file (unreadable, no header)
// like ConfigError, so a user meets one format for every input file.
#include <stdexcept>
#include <string>

namespace wakesim {

class JobTraceError : public std::runtime_error {
 public:
  JobTraceError(std::string file, int line, int column, std::string field, std::string message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }                   // 1-based; 0 when there is no position
  int column() const { return column_; }               // 1-based, in bytes; 0 when there is no position
  const std::string& field() const { return field_; }  // empty when not about one cell
  // The message alone, without location and field.
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string field_;
  std::string message_;
};

}  // namespace wakesim

#pragma once
// Reads a job trace (JobTrace) from CSV, strictly:
//
//   # comment lines (first non-blank character '#') and blank lines are skipped
//   timestamp,client,bytes,direction,deadline
//   0s,0,4KiB,read,2ms
//   1.5ms,1,64KiB,write,
//
// - The first line that is neither blank nor a comment is the header: the column
//   names timestamp, client, bytes, direction (required), deadline and offset
//   (optional), each once, in any order, lower case.
// - Every other line is a row with exactly as many fields as the header, separated
//   by commas; spaces and tabs around a field are ignored. There is no quoting: no
//   field can hold a comma, and a field starting with '"' is an error.
// - timestamp: the absolute simulated time of the request, a duration with its
//   unit ("1.5ms", "250us"; see parse_duration). Rows are in time order; equal
//   timestamps are allowed (jobs of one instant, emitted in row order).
// - client: the index of the client (driver instance) the job is for, a whole
//   number 0 .. 4294967295 in decimal digits.
// - bytes: a size with its unit ("4KiB", "512B"; see parse_size), at least 1B.
// - direction: read, write or copy.
// - deadline: relative to the row's timestamp, a positive duration; an empty
//   field means the job has none.
// - offset: where the job starts, a byte offset into each buffer it touches (a
//   size with its unit, "4KiB"; JobRequest::offset); empty or no column: 0.
// - Lines end in LF or CRLF; a UTF-8 byte-order mark at the start is skipped.
//
// Any problem throws JobTraceError naming file:line:column (the column in bytes
// where the field starts), the field's column name and what is wrong; the first
// problem in file order is the one reported.
//
// read_file and read_string return every row; JobTraceStream reads a file one
// line at a time through read_line, so a trace of any length takes one line of
// memory.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <systemc>

#include "wakesim/workload/job_trace.h"

namespace wakesim {

class JobTraceReader {
 public:
  // Errors name the file as `path` is written.
  static JobTrace read_file(const std::string& path);
  // Errors name the text as `source_name`.
  static JobTrace read_string(std::string_view text, const std::string& source_name = "<string>");

  // Line by line: errors name `source` and the line's number.
  explicit JobTraceReader(std::string source) : source_(std::move(source)) {}
  // The next line (without its end of line): its row, or nothing for the header,
  // a blank line or a comment.
  std::optional<JobTraceRow> read_line(std::string_view line);
  // After the last line: throws if there was no header.
  void finish() const;

 private:
  enum class Field { timestamp, client, bytes, direction, deadline, offset };
  static bool optional_field(Field field) { return field == Field::deadline || field == Field::offset; }
  struct Cell {
    std::string_view text;  // trimmed
    int column;             // 1-based byte column where the trimmed text starts
  };

  JobTrace read(std::string_view text);
  static std::vector<Cell> split(std::string_view line);
  void read_header(const std::vector<Cell>& cells);
  JobTraceRow read_row(const std::vector<Cell>& cells, std::size_t line_length);
  void read_cell(Field field, const Cell& cell, JobTraceRow& row);
  sc_core::sc_time read_timestamp(const Cell& cell);
  std::uint32_t read_client(const Cell& cell) const;
  std::uint64_t read_bytes(const Cell& cell) const;
  JobDirection read_direction(const Cell& cell) const;
  std::optional<sc_core::sc_time> read_deadline(const Cell& cell) const;
  std::uint64_t read_offset(const Cell& cell) const;
  [[noreturn]] void fail(int column, std::string_view field, const std::string& message) const;

  std::string source_;
  int line_ = 0;
  std::vector<Field> columns_;  // the header, in order
  std::optional<sc_core::sc_time> previous_timestamp_;
  int previous_line_ = 0;
};

}  // namespace wakesim

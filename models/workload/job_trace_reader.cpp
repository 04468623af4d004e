#include "wakesim/workload/job_trace_reader.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <utility>

#include "wakesim/core/input_file.h"
#include "wakesim/core/spelling.h"
#include "wakesim/core/units.h"
#include "wakesim/workload/job_trace_error.h"
#include "wakesim/workload/job_trace_stream.h"

namespace wakesim {
namespace {

constexpr std::array<std::string_view, 6> kFieldNames = {"timestamp", "client",   "bytes",
                                                         "direction", "deadline", "offset"};
constexpr std::string_view kExpectedHeader = "timestamp,client,bytes,direction[,deadline][,offset]";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Blank lines and comment lines carry no data.
bool skipped(std::string_view line) {
  const std::string_view content = trim(line);
  return content.empty() || content.front() == '#';
}

// " (did you mean 'x'?)" when `word` is a near miss of one of `names`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& names) {
  const std::optional<std::string> match = closest_match(word, names);
  return match ? " (did you mean '" + *match + "'?)" : "";
}
template <std::size_t N>
std::string did_you_mean(std::string_view word, const std::array<std::string_view, N>& names) {
  return did_you_mean(word, std::vector<std::string>(names.begin(), names.end()));
}

// "a, b or c".
std::string one_of(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return text;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

JobTrace JobTraceReader::read_file(const std::string& path) {
  JobTraceStream stream(path);
  std::vector<JobTraceRow> rows;
  while (std::optional<JobTraceRow> row = stream.next()) rows.push_back(*row);
  return JobTrace(path, std::move(rows));
}

JobTrace JobTraceReader::read_string(std::string_view text, const std::string& source_name) {
  return JobTraceReader(source_name).read(text);
}

JobTrace JobTraceReader::read(std::string_view text) {
  std::vector<JobTraceRow> rows;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t end = text.find('\n', pos);
    if (std::optional<JobTraceRow> row = read_line(text.substr(pos, end == std::string_view::npos ? end : end - pos)))
      rows.push_back(*row);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  finish();
  return JobTrace(source_, std::move(rows));
}

std::optional<JobTraceRow> JobTraceReader::read_line(std::string_view line) {
  ++line_;
  if (line_ == 1 && line.substr(0, kByteOrderMark.size()) == kByteOrderMark) line.remove_prefix(kByteOrderMark.size());
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (skipped(line)) return std::nullopt;
  if (columns_.empty()) {
    read_header(split(line));
    return std::nullopt;
  }
  return read_row(split(line), line.size());
}

void JobTraceReader::finish() const {
  if (columns_.empty())
    throw JobTraceError(source_, 0, 0, "", "no header line; expected " + std::string(kExpectedHeader));
}

std::vector<JobTraceReader::Cell> JobTraceReader::split(std::string_view line) {
  std::vector<Cell> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::string_view raw = line.substr(start, comma == std::string_view::npos ? comma : comma - start);
    std::size_t lead = 0;
    while (lead < raw.size() && is_blank(raw[lead])) ++lead;
    cells.push_back({trim(raw), static_cast<int>(start + lead + 1)});
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

void JobTraceReader::read_header(const std::vector<Cell>& cells) {
  const std::string expected = "; expected " + std::string(kExpectedHeader);
  std::array<bool, kFieldNames.size()> seen{};
  for (const Cell& cell : cells) {
    if (cell.text.empty()) fail(cell.column, "", "empty column name in the header" + expected);
    std::size_t index = 0;
    while (index < kFieldNames.size() && kFieldNames[index] != cell.text) ++index;
    if (index == kFieldNames.size())
      fail(cell.column, "", "unknown column " + quoted(cell.text) + did_you_mean(cell.text, kFieldNames) + expected);
    if (seen[index]) fail(cell.column, "", "column " + quoted(cell.text) + " appears twice");
    seen[index] = true;
    columns_.push_back(static_cast<Field>(index));
  }
  for (std::size_t index = 0; index < kFieldNames.size(); ++index) {
    if (!seen[index] && !optional_field(static_cast<Field>(index)))
      fail(1, "", "the header has no " + quoted(kFieldNames[index]) + " column" + expected);
  }
}

JobTraceRow JobTraceReader::read_row(const std::vector<Cell>& cells, std::size_t line_length) {
  const std::string counts =
      "the row has " + std::to_string(cells.size()) + " fields, the header " + std::to_string(columns_.size());
  if (cells.size() < columns_.size())
    fail(static_cast<int>(line_length) + 1, kFieldNames[static_cast<std::size_t>(columns_[cells.size()])],
         "missing field: " + counts);
  if (cells.size() > columns_.size()) fail(cells[columns_.size()].column, "", "extra field: " + counts);
  JobTraceRow row;
  row.line = line_;
  for (std::size_t i = 0; i < cells.size(); ++i) read_cell(columns_[i], cells[i], row);
  return row;
}

void JobTraceReader::read_cell(Field field, const Cell& cell, JobTraceRow& row) {
  const std::string_view name = kFieldNames[static_cast<std::size_t>(field)];
  if (!cell.text.empty() && cell.text.front() == '"') fail(cell.column, name, "quoted fields are not supported");
  if (cell.text.empty() && !optional_field(field)) fail(cell.column, name, "missing value");
  switch (field) {
    case Field::timestamp: row.timestamp = read_timestamp(cell); break;
    case Field::client: row.client = read_client(cell); break;
    case Field::bytes: row.bytes = read_bytes(cell); break;
    case Field::direction: row.direction = read_direction(cell); break;
    case Field::deadline: row.relative_deadline = read_deadline(cell); break;
    case Field::offset: row.offset = read_offset(cell); break;
  }
  // The deadline is checked against the timestamp once both are known, whatever
  // the column order: the later of the two cells does it.
  const bool both_known = field == Field::deadline || field == Field::timestamp;
  if (both_known && row.relative_deadline &&
      row.relative_deadline->value() > std::numeric_limits<std::uint64_t>::max() - row.timestamp.value())
    fail(cell.column, name, "timestamp plus deadline is past the largest simulated time");
}

sc_core::sc_time JobTraceReader::read_timestamp(const Cell& cell) {
  sc_core::sc_time timestamp;
  try {
    timestamp = parse_duration(cell.text).to_sc_time();
  } catch (const UnitError& error) {
    fail(cell.column, "timestamp", error.what());
  }
  if (previous_timestamp_ && timestamp < *previous_timestamp_)
    fail(cell.column, "timestamp",
         std::string(cell.text) + " is before the previous row's " + format(Duration{previous_timestamp_->value()}) +
             " (line " + std::to_string(previous_line_) + "); rows must be in time order");
  previous_timestamp_ = timestamp;
  previous_line_ = line_;
  return timestamp;
}

std::uint32_t JobTraceReader::read_client(const Cell& cell) const {
  std::uint32_t client = 0;
  const char* first = cell.text.data();
  const char* last = first + cell.text.size();
  const bool digits_only = cell.text.find_first_not_of("0123456789") == std::string_view::npos;
  const std::from_chars_result result = std::from_chars(first, last, client);
  if (!digits_only || result.ec != std::errc() || result.ptr != last)
    fail(cell.column, "client", quoted(cell.text) + " is not a client index (a whole number 0 .. 4294967295)");
  return client;
}

std::uint64_t JobTraceReader::read_bytes(const Cell& cell) const {
  std::uint64_t bytes = 0;
  try {
    bytes = parse_size(cell.text).bytes;
  } catch (const UnitError& error) {
    fail(cell.column, "bytes", error.what());
  }
  if (bytes == 0) fail(cell.column, "bytes", "a job must move at least 1B");
  return bytes;
}

JobDirection JobTraceReader::read_direction(const Cell& cell) const {
  if (const std::optional<JobDirection> direction = kJobDirectionNames.parse(cell.text)) return *direction;
  const std::vector<std::string> names = kJobDirectionNames.names();
  fail(cell.column, "direction",
       "unknown direction " + quoted(cell.text) + did_you_mean(cell.text, names) + "; expected " + one_of(names));
}

std::optional<sc_core::sc_time> JobTraceReader::read_deadline(const Cell& cell) const {
  if (cell.text.empty()) return std::nullopt;
  sc_core::sc_time deadline;
  try {
    deadline = parse_duration(cell.text).to_sc_time();
  } catch (const UnitError& error) {
    fail(cell.column, "deadline", error.what());
  }
  if (deadline == sc_core::SC_ZERO_TIME)
    fail(cell.column, "deadline", "a deadline must be positive (leave the field empty for none)");
  return deadline;
}

// A size with its unit ("4KiB", "0B"); an empty field is offset 0.
std::uint64_t JobTraceReader::read_offset(const Cell& cell) const {
  if (cell.text.empty()) return 0;
  try {
    return parse_size(cell.text).bytes;
  } catch (const UnitError& error) {
    fail(cell.column, "offset", error.what());
  }
}

void JobTraceReader::fail(int column, std::string_view field, const std::string& message) const {
  throw JobTraceError(source_, line_, column, std::string(field), message);
}

}  // namespace wakesim

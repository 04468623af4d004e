#include "wakesim/app/chrome_trace_writer.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

namespace wakesim {
namespace {

constexpr int kTotalPid = 4;

int pid_of(TraceSink::Group group) {
  switch (group) {
    case TraceSink::Group::power_domain: return 1;
    case TraceSink::Group::device: return 2;
    case TraceSink::Group::client: return 3;
  }
  return 0;
}

const char* category_of(TraceSink::Group group) {
  switch (group) {
    case TraceSink::Group::power_domain: return "genpd";
    case TraceSink::Group::device: return "rpm";
    case TraceSink::Group::client: return "dma";
  }
  return "";
}

void append(fmt::memory_buffer& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }

// `text` (then `suffix`) as a JSON string, escaped as nlohmann::json::dump does.
void append_quoted(fmt::memory_buffer& out, std::string_view text, std::string_view suffix = {}) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': append(out, "\\\""); break;
      case '\\': append(out, "\\\\"); break;
      case '\b': append(out, "\\b"); break;
      case '\f': append(out, "\\f"); break;
      case '\n': append(out, "\\n"); break;
      case '\r': append(out, "\\r"); break;
      case '\t': append(out, "\\t"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", int{c});
        else
          out.push_back(c);
    }
  }
  append(out, suffix);
  out.push_back('"');
}

std::string quoted(std::string_view text) {
  fmt::memory_buffer out;
  append_quoted(out, text);
  return fmt::to_string(out);
}

void append_microseconds(fmt::memory_buffer& out, std::uint64_t picoseconds) {
  const std::uint64_t whole = picoseconds / 1000000;
  const std::uint64_t fraction = picoseconds % 1000000;
  if (fraction == 0) {
    fmt::format_to(std::back_inserter(out), "{}", whole);
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}.{:06}", whole, fraction);
  while (out[out.size() - 1] == '0') out.resize(out.size() - 1);
}

void append_number(fmt::memory_buffer& out, double value) {
  if (std::isfinite(value))
    fmt::format_to(std::back_inserter(out), "{:.12g}", value);
  else
    append(out, "null");
}

void append_args(fmt::memory_buffer& out, const std::vector<TraceSink::Arg>& args) {
  append(out, ",\"args\":{");
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out.push_back(',');
    if (args[i].unit == TraceSink::Arg::Unit::picoseconds) {
      append_quoted(out, args[i].key, "_us");
      out.push_back(':');
      append_microseconds(out, args[i].value);
    } else {
      append_quoted(out, args[i].key);
      fmt::format_to(std::back_inserter(out), ":{}", args[i].value);
    }
  }
  out.push_back('}');
}

}  // namespace

std::string picoseconds_as_microseconds(std::uint64_t picoseconds) {
  fmt::memory_buffer out;
  append_microseconds(out, picoseconds);
  return fmt::to_string(out);
}

ChromeTraceWriter::ChromeTraceWriter(TextOutput& out, TraceInfo info) : out_(out), info_(std::move(info)) {}

// --- declarations ----------------------------------------------------------------------

void ChromeTraceWriter::add_state_track(Group group, const std::string& name, const std::vector<std::string>& states) {
  StateTrack track;
  track.pid = pid_of(group);
  track.category = category_of(group);
  track.name = name;
  for (const std::string& state : states) track.states.push_back(quoted(state));
  state_tracks_.push_back(std::move(track));
}

void ChromeTraceWriter::add_counter(Group group, const std::string& name, const std::string& unit) {
  counters_.push_back(
      {fmt::format(R"({{"ph":"C","pid":{},"name":{},"ts":)", pid_of(group), quoted(name)), quoted(unit)});
}

void ChromeTraceWriter::add_slice_track(Group group, const std::string& name) {
  slice_tracks_.push_back({pid_of(group), category_of(group), name, {}});
}

// --- the start: the header and the metadata --------------------------------------------------

void ChromeTraceWriter::begin(std::uint64_t start_ps) {
  start_ps_ = start_ps;
  out_.write(R"({"displayTimeUnit":"ns","traceEvents":[)");
  metadata(1, 0, "power domains", 1);
  metadata(2, 0, "runtime PM devices", 2);
  metadata(3, 0, "DMA clients", 3);
  if (!counters_.empty()) metadata(kTotalPid, 0, "static power", kTotalPid);
  for (StateTrack& track : state_tracks_) {
    track.tid = next_tid_[track.pid]++;
    metadata(track.pid, track.tid, track.name, track.tid);
  }
  for (SliceTrack& track : slice_tracks_) {
    track.lane_tids.push_back(next_tid_[track.pid]++);
    metadata(track.pid, track.lane_tids[0], track.name, track.lane_tids[0]);
  }
}

// A process's (tid 0) or a thread's name and sort index.
void ChromeTraceWriter::metadata(int pid, int tid, std::string_view name, int sort_index) {
  const char* kind = tid ? "thread" : "process";
  const auto at = [&] {
    fmt::format_to(std::back_inserter(event_), R"({{"ph":"M","pid":{})", pid);
    if (tid) fmt::format_to(std::back_inserter(event_), R"(,"tid":{})", tid);
  };
  at();
  fmt::format_to(std::back_inserter(event_), R"(,"name":"{}_name","args":{{"name":)", kind);
  append_quoted(event_, name);
  append(event_, "}}");
  write_event();
  at();
  fmt::format_to(std::back_inserter(event_), R"(,"name":"{}_sort_index","args":{{"sort_index":{}}}}})", kind,
                 sort_index);
  write_event();
}

// --- events ----------------------------------------------------------------------------------

void ChromeTraceWriter::state(Track id, std::uint32_t state, std::uint64_t at_ps) {
  StateTrack& track = state_tracks_.at(id);
  if (track.known) state_slice(track, at_ps);
  track.known = true;
  track.state = state;
  track.since = at_ps;
}

// The slice of `track`'s current state, ending at `end_ps` (none if empty).
void ChromeTraceWriter::state_slice(const StateTrack& track, std::uint64_t end_ps) {
  if (end_ps <= track.since) return;
  fmt::format_to(std::back_inserter(event_), R"({{"ph":"X","pid":{},"tid":{},"cat":"{}","name":{},"ts":)", track.pid,
                 track.tid, track.category, track.states.at(track.state));
  append_microseconds(event_, track.since);
  append(event_, ",\"dur\":");
  append_microseconds(event_, end_ps - track.since);
  event_.push_back('}');
  write_event();
}

void ChromeTraceWriter::counter(Counter id, double value, std::uint64_t at_ps) {
  const CounterTrack& track = counters_.at(id);
  counter_sample(track.head, track.unit, value, at_ps);
}

void ChromeTraceWriter::total(double watts, std::uint64_t at_ps) {
  static const std::string head = fmt::format(R"({{"ph":"C","pid":{},"name":"total","ts":)", kTotalPid);
  static const std::string unit = "\"W\"";
  counter_sample(head, unit, watts, at_ps);
}

void ChromeTraceWriter::counter_sample(const std::string& head, const std::string& unit, double value,
                                       std::uint64_t at_ps) {
  append(event_, head);
  append_microseconds(event_, at_ps);
  append(event_, ",\"args\":{");
  append(event_, unit);
  event_.push_back(':');
  append_number(event_, value);
  append(event_, "}}");
  write_event();
}

void ChromeTraceWriter::instant(std::uint64_t /*at_ps*/) {}

void ChromeTraceWriter::slice(Track id, std::uint32_t lane, const TraceSink::Slice& slice, std::uint64_t begin_ps,
                              std::uint64_t end_ps) {
  SliceTrack& track = slice_tracks_.at(id);
  job_slice(track, lane_tid(track, lane), slice, begin_ps, end_ps);
}

// The thread of a lane, declared when the lane is first used (lanes come in order).
int ChromeTraceWriter::lane_tid(SliceTrack& track, std::uint32_t lane) {
  while (track.lane_tids.size() <= lane) {
    const int tid = next_tid_[track.pid]++;
    track.lane_tids.push_back(tid);
    metadata(track.pid, tid, fmt::format("{} lane {}", track.name, track.lane_tids.size()), track.lane_tids[0]);
  }
  return track.lane_tids[lane];
}

// `slice` clipped to [begin_ps, end_ps), then its children clipped to that.
void ChromeTraceWriter::job_slice(const SliceTrack& track, int tid, const TraceSink::Slice& slice,
                                  std::uint64_t begin_ps, std::uint64_t end_ps) {
  fmt::format_to(std::back_inserter(event_), R"({{"ph":"X","pid":{},"tid":{},"cat":"{}","name":)", track.pid, tid,
                 track.category);
  append_quoted(event_, slice.name);
  append(event_, ",\"ts\":");
  append_microseconds(event_, begin_ps);
  append(event_, ",\"dur\":");
  append_microseconds(event_, end_ps - begin_ps);
  if (!slice.args.empty()) append_args(event_, slice.args);
  event_.push_back('}');
  write_event();
  for (const TraceSink::Slice& child : slice.children) {
    const std::uint64_t child_begin = std::max(child.begin_ps, begin_ps);
    const std::uint64_t child_end = std::min(child.end_ps, end_ps);
    if (child_begin < child_end) job_slice(track, tid, child, child_begin, child_end);
  }
}

// Hands the event being written to the output, one per line.
void ChromeTraceWriter::write_event() {
  out_.write(first_event_ ? "\n" : ",\n");
  first_event_ = false;
  out_.write(std::string_view(event_.data(), event_.size()));
  event_.clear();
}

// --- the end --------------------------------------------------------------------------------

void ChromeTraceWriter::finish(std::uint64_t end_ps) {
  for (const StateTrack& track : state_tracks_)
    if (track.known) state_slice(track, end_ps);
  append(event_, "\n],\"otherData\":{");
  for (const auto& [key, value] : info_) {
    append_quoted(event_, key);
    event_.push_back(':');
    append_quoted(event_, value);
    event_.push_back(',');
  }
  append(event_, "\"window_start_us\":");
  append_microseconds(event_, start_ps_);
  append(event_, ",\"window_end_us\":");
  append_microseconds(event_, end_ps);
  append(event_, "}}\n");
  out_.write(std::string_view(event_.data(), event_.size()));
  event_.clear();
}

}  // namespace wakesim

#include "wakesim/app/trace_recorder.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "wakesim/core/units.h"

namespace wakesim {

TraceWindow parse_trace_window(std::string_view text) {
  const std::string quoted = "trace window '" + std::string(text) + "'";
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos)
    throw std::invalid_argument(quoted + ": expected START:END, two durations with units (e.g. 0s:100ms)");
  TraceWindow window;
  try {
    window.start_ps = parse_duration(text.substr(0, colon)).picoseconds;
    window.end_ps = parse_duration(text.substr(colon + 1)).picoseconds;
  } catch (const UnitError& error) {
    throw std::invalid_argument(quoted + ": " + error.what());
  }
  if (window.end_ps <= window.start_ps) throw std::invalid_argument(quoted + ": END must be after START");
  return window;
}

TraceRecorder::TraceRecorder(TraceWindow window, std::vector<TraceWriter*> writers)
    : window_(window), writers_(std::move(writers)) {
  if (window_.end_ps <= window_.start_ps) throw std::invalid_argument("trace window: END must be after START");
}

// --- declarations ----------------------------------------------------------------------

// The writers learn the values a window opens with when it opens, so every track
// must exist by then, and before any event.
void TraceRecorder::declare(std::uint64_t now_ps, const std::string& name) {
  if (started_ || finished_ || now_ps < now_)
    throw std::logic_error("trace track " + name +
                           " declared after the trace started (tracks are declared during elaboration)");
  if (now_ps > window_.start_ps)
    throw std::logic_error("trace track " + name + " declared at " + std::to_string(now_ps) +
                           " ps, after the trace window's start");
  now_ = now_ps;
}

TraceSink::Track TraceRecorder::add_state_track(Group group, std::string name, std::vector<std::string> states,
                                                std::size_t initial, std::uint64_t now_ps) {
  if (initial >= states.size()) throw std::invalid_argument("trace track " + name + ": initial state out of range");
  declare(now_ps, name);
  const auto state = static_cast<std::uint32_t>(initial);
  states_.push_back({state, state, static_cast<std::uint32_t>(states.size()), false});
  pending_states_.reserve(states_.size());
  for (TraceWriter* writer : writers_) writer->add_state_track(group, name, states);
  return static_cast<Track>(states_.size() - 1);
}

TraceSink::Counter TraceRecorder::add_counter(Group group, std::string name, std::string unit, double initial,
                                              std::uint64_t now_ps) {
  declare(now_ps, name);
  counters_.push_back({initial, initial, false, unit == "W"});
  pending_counters_.reserve(counters_.size());
  for (TraceWriter* writer : writers_) writer->add_counter(group, name, unit);
  return static_cast<Counter>(counters_.size() - 1);
}

TraceSink::Track TraceRecorder::add_slice_track(Group group, std::string name) {
  declare(now_, name);
  lane_ends_.emplace_back();
  for (TraceWriter* writer : writers_) writer->add_slice_track(group, name);
  return static_cast<Track>(lane_ends_.size() - 1);
}

// --- events ------------------------------------------------------------------------------

void TraceRecorder::state(Track id, std::size_t state, std::uint64_t at_ps) {
  StateRecord& track = states_.at(id);
  if (state >= track.count)
    throw std::logic_error("trace: state " + std::to_string(state) + " out of range on track " + std::to_string(id));
  started_ = true;
  advance_to(at_ps);
  track.current = static_cast<std::uint32_t>(state);
  if (!track.pending) {
    track.pending = true;
    pending_states_.push_back(id);
  }
}

void TraceRecorder::counter(Counter id, double value, std::uint64_t at_ps) {
  CounterRecord& counter = counters_.at(id);
  started_ = true;
  advance_to(at_ps);
  counter.current = value;
  if (!counter.pending) {
    counter.pending = true;
    pending_counters_.push_back(id);
  }
}

// A slice is reported once it has ended, so time has reached its end: the
// instants before are finished (and the window open if the slice reaches into it).
void TraceRecorder::slice(Track id, const Slice& slice) {
  if (id >= lane_ends_.size()) throw std::out_of_range("trace: no slice track " + std::to_string(id));
  started_ = true;
  const std::uint64_t begin = std::max(slice.begin_ps, window_.start_ps);
  const std::uint64_t end = std::min(slice.end_ps, window_.end_ps);
  if (begin >= end) return;
  advance_to(std::max(now_, slice.end_ps));
  const std::uint32_t lane = lane_for(id, begin, end);
  for (TraceWriter* writer : writers_) writer->slice(id, lane, slice, begin, end);
}

// The lowest lane whose slices all end by `begin_ps`, a new one if none does.
std::uint32_t TraceRecorder::lane_for(Track id, std::uint64_t begin_ps, std::uint64_t end_ps) {
  std::vector<std::uint64_t>& ends = lane_ends_[id];
  std::size_t lane = 0;
  while (lane < ends.size() && ends[lane] > begin_ps) ++lane;
  if (lane == ends.size())
    ends.push_back(end_ps);
  else
    ends[lane] = end_ps;
  return static_cast<std::uint32_t>(lane);
}

// --- instants ------------------------------------------------------------------------------

void TraceRecorder::advance_to(std::uint64_t at_ps) {
  if (finished_) throw std::logic_error("trace: an event reported after the trace finished");
  if (at_ps < now_)
    throw std::logic_error("trace: time went back from " + std::to_string(now_) + " ps to " + std::to_string(at_ps) +
                           " ps");
  if (at_ps == now_) return;
  finish_instant();
  // Time passes the window's start: the values it opens with are the current ones.
  if (!open_ && at_ps > window_.start_ps) open_window(true);
  now_ = at_ps;
}

// The pending instant is over: inside the window it goes to the writers.
void TraceRecorder::finish_instant() {
  if (pending_states_.empty() && pending_counters_.empty()) return;
  if (open_ && now_ < window_.end_ps) {
    pass_on_instant();
    return;
  }
  commit_instant();
  if (!open_ && now_ == window_.start_ps) open_window(true);
}

// What changed in the pending instant, in declaration order, then the total.
void TraceRecorder::pass_on_instant() {
  std::sort(pending_states_.begin(), pending_states_.end());
  std::sort(pending_counters_.begin(), pending_counters_.end());
  bool changed = false;
  for (const Track id : pending_states_) {
    StateRecord& track = states_[id];
    track.pending = false;
    if (track.current == track.written) continue;  // back where it was: a state that lasted no time
    track.written = track.current;
    changed = true;
    for (TraceWriter* writer : writers_) writer->state(id, track.written, now_);
  }
  bool counters_changed = false;
  for (const Counter id : pending_counters_) {
    CounterRecord& counter = counters_[id];
    counter.pending = false;
    if (counter.current == counter.written) continue;
    counter.written = counter.current;
    counters_changed = true;
    for (TraceWriter* writer : writers_) writer->counter(id, counter.written, now_);
  }
  pending_states_.clear();
  pending_counters_.clear();
  const double total = counters_changed ? total_written() : total_;
  if (total != total_) {
    total_ = total;
    for (TraceWriter* writer : writers_) writer->total(total_, now_);
  }
  if (changed || counters_changed)
    for (TraceWriter* writer : writers_) writer->instant(now_);
}

// Outside the window: the pending values become current, silently.
void TraceRecorder::commit_instant() {
  for (const Track id : pending_states_) {
    states_[id].written = states_[id].current;
    states_[id].pending = false;
  }
  for (const Counter id : pending_counters_) {
    counters_[id].written = counters_[id].current;
    counters_[id].pending = false;
  }
  pending_states_.clear();
  pending_counters_.clear();
}

void TraceRecorder::discard_instant() {
  for (const Track id : pending_states_) {
    states_[id].current = states_[id].written;
    states_[id].pending = false;
  }
  for (const Counter id : pending_counters_) {
    counters_[id].current = counters_[id].written;
    counters_[id].pending = false;
  }
  pending_states_.clear();
  pending_counters_.clear();
}

// The window opens at its start, with every value as it stands (none if the
// window is empty).
void TraceRecorder::open_window(bool with_values) {
  open_ = true;
  const std::uint64_t start = window_.start_ps;
  total_ = total_written();
  for (TraceWriter* writer : writers_) {
    writer->begin(start);
    if (with_values) {
      for (std::size_t i = 0; i < states_.size(); ++i) writer->state(static_cast<Track>(i), states_[i].written, start);
      for (std::size_t i = 0; i < counters_.size(); ++i)
        writer->counter(static_cast<Counter>(i), counters_[i].written, start);
      if (!counters_.empty()) writer->total(total_, start);
    }
    writer->instant(start);
  }
}

// The sum of the counters in watts, in declaration order (the same number run to run).
double TraceRecorder::total_written() const {
  double total = 0.0;
  for (const CounterRecord& counter : counters_)
    if (counter.watts) total += counter.written;
  return total;
}

// --- the end ------------------------------------------------------------------------------

void TraceRecorder::finish(std::uint64_t end_ps) {
  if (finished_) throw std::logic_error("trace: finished twice");
  if (now_ < end_ps)
    finish_instant();
  else
    discard_instant();  // the run ends at that instant: its values never last
  if (!open_) open_window(window_.start_ps < end_ps);
  finished_ = true;
  const std::uint64_t end = std::max(window_.start_ps, std::min(window_.end_ps, end_ps));
  for (TraceWriter* writer : writers_) writer->finish(end);
}

}  // namespace wakesim

#include "trace_recorder.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/units.h"

namespace wakesim {
namespace {

// Appends a sample, keeping one per instant (the last value) and only changes.
void add_sample(std::vector<TraceData::Sample>& samples, std::uint64_t at_ps, double value) {
  if (!samples.empty() && samples.back().at_ps == at_ps) {
    samples.back().value = value;
    if (samples.size() >= 2 && samples[samples.size() - 2].value == value) samples.pop_back();
    return;
  }
  if (!samples.empty() && samples.back().value == value) return;
  samples.push_back({at_ps, value});
}

}  // namespace

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
  if (window.end_ps <= window.start_ps)
    throw std::invalid_argument(quoted + ": END must be after START");
  return window;
}

TraceRecorder::TraceRecorder(TraceWindow window) : window_(window) {
  if (window_.end_ps <= window_.start_ps) throw std::invalid_argument("trace window: END must be after START");
}

// --- state tracks ------------------------------------------------------------------

TraceSink::Track TraceRecorder::add_state_track(Group group, std::string name, std::vector<std::string> states,
                                                std::size_t initial, std::uint64_t now_ps) {
  if (initial >= states.size()) throw std::invalid_argument("trace track " + name + ": initial state out of range");
  StateTrackRecord track;
  track.data.group = group;
  track.data.name = std::move(name);
  track.data.states = std::move(states);
  track.current = static_cast<std::uint32_t>(initial);
  track.since = now_ps;
  states_.push_back(std::move(track));
  return static_cast<Track>(states_.size() - 1);
}

void TraceRecorder::state(Track id, std::size_t state, std::uint64_t at_ps) {
  StateTrackRecord& track = states_.at(id);
  const auto next = static_cast<std::uint32_t>(state);
  if (next == track.current) return;
  if (at_ps == track.since) {  // the current state lasted no time
    if (track.has_previous && track.previous == next && track.previous_end == at_ps) {
      if (track.previous_stored) track.data.slices.pop_back();
      track.since = track.previous_begin;
      track.has_previous = false;
    }
    track.current = next;
    return;
  }
  end_state(track, at_ps, window_.end_ps);
  track.current = next;
  track.since = at_ps;
}

// Ends the current state at `end_ps`, storing the part inside the window.
void TraceRecorder::end_state(StateTrackRecord& track, std::uint64_t end_ps, std::uint64_t window_end) {
  const std::uint64_t begin = std::max(track.since, window_.start_ps);
  const std::uint64_t end = std::min(end_ps, window_end);
  track.has_previous = true;
  track.previous = track.current;
  track.previous_begin = track.since;
  track.previous_end = end_ps;
  track.previous_stored = begin < end;
  if (track.previous_stored) track.data.slices.push_back({track.current, begin, end});
}

// --- counters -------------------------------------------------------------------------

TraceSink::Counter TraceRecorder::add_counter(Group group, std::string name, std::string unit, double initial,
                                              std::uint64_t now_ps) {
  CounterRecord counter;
  counter.data.group = group;
  counter.data.name = std::move(name);
  counter.data.unit = std::move(unit);
  counter.added_at = now_ps;
  if (counters_.empty()) first_counter_at_ = now_ps;
  counters_.push_back(std::move(counter));
  CounterRecord& added = counters_.back();
  added.current = initial;
  if (in_window(now_ps)) add_sample(added.data.samples, now_ps, initial);
  update_total(now_ps);
  return static_cast<Counter>(counters_.size() - 1);
}

void TraceRecorder::counter(Counter id, double value, std::uint64_t at_ps) {
  CounterRecord& counter = counters_.at(id);
  record(counter.data.samples, counter.current, counter.added_at, at_ps, value);
  update_total(at_ps);
}

// A new value at `at_ps`: kept inside the window, after the value the window
// opened with (the first change inside it brings that one in, at the start).
void TraceRecorder::record(std::vector<TraceData::Sample>& samples, double& current, std::uint64_t added_at,
                           std::uint64_t at_ps, double value) {
  if (in_window(at_ps)) {
    if (samples.empty() && at_ps > window_.start_ps) add_sample(samples, std::max(window_.start_ps, added_at), current);
    add_sample(samples, at_ps, value);
  }
  current = value;
}

void TraceRecorder::update_total(std::uint64_t at_ps) {
  double total = 0.0;
  for (const CounterRecord& counter : counters_)
    if (counter.data.unit == "W") total += counter.current;
  record(total_, total_current_, first_counter_at_, at_ps, total);
}

// --- slice tracks -----------------------------------------------------------------------

TraceSink::Track TraceRecorder::add_slice_track(Group group, std::string name) {
  slices_.push_back({group, std::move(name), {}});
  return static_cast<Track>(slices_.size() - 1);
}

// `slice` clipped to [begin, end) into `out`, children too; false if nothing is left.
bool TraceRecorder::clip(const Slice& slice, std::uint64_t begin, std::uint64_t end, TraceData::Slice& out) const {
  out.begin_ps = std::max(slice.begin_ps, begin);
  out.end_ps = std::min(slice.end_ps, end);
  if (out.begin_ps >= out.end_ps) return false;
  out.name = std::string(slice.name);
  out.args.reserve(slice.args.size());
  for (const Arg& arg : slice.args) out.args.push_back({arg.key, arg.value, arg.unit});
  for (const Slice& child : slice.children) {
    TraceData::Slice clipped;
    if (clip(child, out.begin_ps, out.end_ps, clipped)) out.children.push_back(std::move(clipped));
  }
  return true;
}

void TraceRecorder::slice(Track id, const Slice& slice) {
  SliceTrackRecord& track = slices_.at(id);
  TraceData::Slice clipped;
  if (clip(slice, window_.start_ps, window_.end_ps, clipped)) track.slices.push_back(std::move(clipped));
}

// --- the end ------------------------------------------------------------------------------

TraceData TraceRecorder::finish(std::uint64_t end_ps) {
  TraceData data;
  data.start_ps = window_.start_ps;
  data.end_ps = std::max(window_.start_ps, std::min(window_.end_ps, end_ps));
  const std::uint64_t end = data.end_ps;

  for (StateTrackRecord& track : states_) {
    if (track.since < end_ps) end_state(track, end_ps, end);
    data.state_tracks.push_back(std::move(track.data));
  }

  const auto close_samples = [&](std::vector<TraceData::Sample>& samples, double current, std::uint64_t added_at) {
    while (!samples.empty() && samples.back().at_ps >= end) samples.pop_back();
    if (samples.empty() && std::max(data.start_ps, added_at) < end)
      samples.push_back({std::max(data.start_ps, added_at), current});
  };
  for (CounterRecord& counter : counters_) {
    close_samples(counter.data.samples, counter.current, counter.added_at);
    data.counters.push_back(std::move(counter.data));
  }
  if (!counters_.empty()) close_samples(total_, total_current_, first_counter_at_);
  data.total_power = std::move(total_);

  for (SliceTrackRecord& track : slices_) {
    TraceData::SliceTrack laid_out{track.group, std::move(track.name), {{}}};
    std::stable_sort(track.slices.begin(), track.slices.end(),
                     [](const TraceData::Slice& a, const TraceData::Slice& b) {
                       return a.begin_ps != b.begin_ps ? a.begin_ps < b.begin_ps : a.end_ps > b.end_ps;
                     });
    std::vector<std::uint64_t> lane_end;
    for (TraceData::Slice& slice : track.slices) {
      std::size_t lane = 0;
      while (lane < lane_end.size() && lane_end[lane] > slice.begin_ps) ++lane;
      if (lane == lane_end.size()) lane_end.push_back(0);
      if (lane >= laid_out.lanes.size()) laid_out.lanes.emplace_back();
      lane_end[lane] = slice.end_ps;
      laid_out.lanes[lane].push_back(std::move(slice));
    }
    data.slice_tracks.push_back(std::move(laid_out));
  }

  states_.clear();
  counters_.clear();
  slices_.clear();
  total_.clear();
  return data;
}

}  // namespace wakesim

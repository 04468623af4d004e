#pragma once
// A trace writer for tests: keeps what a TraceRecorder hands it as a timeline
// (state slices, counter samples, job slices per lane), and notes every call that
// breaks the order trace_writer.h documents.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "wakesim/app/trace_writer.h"

namespace wakesim::test {

class CollectingTraceWriter : public TraceWriter {
 public:
  struct StateSlice {
    std::uint32_t state = 0;
    std::uint64_t begin_ps = 0;
    std::uint64_t end_ps = 0;
  };
  struct Sample {
    std::uint64_t at_ps = 0;
    double value = 0.0;
  };
  struct Arg {
    std::string key;
    std::uint64_t value = 0;
  };
  struct Slice {
    std::string name;
    std::uint64_t begin_ps = 0;
    std::uint64_t end_ps = 0;
    std::vector<Arg> args;
    std::vector<Slice> children;
  };
  struct StateTrack {
    Group group;
    std::string name;
    std::vector<std::string> states;
    std::vector<StateSlice> slices;
    bool known = false;  // has a state, since `since`
    std::uint32_t current = 0;
    std::uint64_t since = 0;
  };
  struct CounterTrack {
    Group group;
    std::string name;
    std::string unit;
    std::vector<Sample> samples;
  };
  struct SliceTrack {
    Group group;
    std::string name;
    std::vector<std::vector<Slice>> lanes;
  };

  std::uint64_t start_ps = 0;
  std::uint64_t end_ps = 0;
  std::vector<StateTrack> state_tracks;
  std::vector<CounterTrack> counters;
  std::vector<SliceTrack> slice_tracks;
  std::vector<Sample> total_power;
  std::vector<std::string> protocol_errors;  // empty: every call came in order
  bool finished = false;

  void add_state_track(Group group, const std::string& name, const std::vector<std::string>& states) override {
    expect(!begun_, "add_state_track after begin");
    state_tracks.push_back({group, name, states, {}, false, 0, 0});
  }
  void add_counter(Group group, const std::string& name, const std::string& unit) override {
    expect(!begun_, "add_counter after begin");
    counters.push_back({group, name, unit, {}});
  }
  void add_slice_track(Group group, const std::string& name) override {
    expect(!begun_, "add_slice_track after begin");
    slice_tracks.push_back({group, name, {}});
  }

  void begin(std::uint64_t start) override {
    expect(!begun_, "begin twice");
    begun_ = true;
    opening_ = true;
    start_ps = start;
    instant_ = start;
  }

  void state(Track id, std::uint32_t state, std::uint64_t at_ps) override {
    value_at(at_ps, "state");
    StateTrack& track = state_tracks.at(id);
    expect(state < track.states.size(), "state out of range");
    if (track.known) {
      expect(at_ps > track.since, "state twice in one instant");
      expect(state != track.current, "state unchanged");
      track.slices.push_back({track.current, track.since, at_ps});
    }
    track.known = true;
    track.current = state;
    track.since = at_ps;
  }
  void counter(Counter id, double value, std::uint64_t at_ps) override {
    value_at(at_ps, "counter");
    sample(counters.at(id).samples, value, at_ps);
  }
  void total(double watts, std::uint64_t at_ps) override {
    value_at(at_ps, "total");
    expect(!counters.empty(), "total without counters");
    sample(total_power, watts, at_ps);
  }
  void instant(std::uint64_t at_ps) override {
    expect(begun_ && !finished, "instant outside begin .. finish");
    expect(at_ps == instant_, "instant at another time than its values");
    if (opening_) {  // every value, or none if the window is empty
      std::size_t given = 0;
      for (const StateTrack& track : state_tracks) given += track.known;
      for (const CounterTrack& counter : counters) given += !counter.samples.empty();
      given += !total_power.empty();
      const std::size_t all = state_tracks.size() + counters.size() + (counters.empty() ? 0 : 1);  // and the total
      expect(given == 0 || given == all, "some opening values missing");
    } else {
      expect(changed_, "instant without a change");
    }
    opening_ = false;
    changed_ = false;
    instant_done_ = true;
  }

  void slice(Track id, std::uint32_t lane, const TraceSink::Slice& slice, std::uint64_t begin,
             std::uint64_t end) override {
    expect(begun_ && !finished, "slice outside begin .. finish");
    expect(begin < end, "empty slice");
    expect(begin >= start_ps, "slice before the window");
    SliceTrack& track = slice_tracks.at(id);
    expect(lane <= track.lanes.size(), "a lane skipped");
    if (lane == track.lanes.size()) track.lanes.emplace_back();
    std::vector<Slice>& slices = track.lanes[lane];
    expect(slices.empty() || slices.back().end_ps <= begin, "slices of a lane overlap or are out of order");
    slices.push_back(clipped(slice, begin, end));
  }

  void finish(std::uint64_t end) override {
    expect(begun_ && !finished, "finish before begin or twice");
    expect(!opening_, "finish before the opening instant");
    expect(end >= instant_, "finish before the last instant");
    for (StateTrack& track : state_tracks)
      if (track.known && track.since < end) track.slices.push_back({track.current, track.since, end});
    end_ps = end;
    finished = true;
  }

 private:
  void expect(bool ok, const std::string& what) {
    if (!ok) protocol_errors.push_back(what);
  }

  // A value at `at_ps`: the opening one, or a change in a later instant.
  void value_at(std::uint64_t at_ps, const char* what) {
    expect(begun_ && !finished, std::string(what) + " outside begin .. finish");
    if (opening_) {
      expect(at_ps == start_ps, std::string(what) + ": an opening value not at the window's start");
    } else {
      expect(instant_done_ ? at_ps > instant_ : at_ps == instant_, std::string(what) + ": time out of order");
      if (instant_done_) instant_ = at_ps;
      instant_done_ = false;
      changed_ = true;
    }
  }

  void sample(std::vector<Sample>& samples, double value, std::uint64_t at_ps) {
    if (!samples.empty()) {
      expect(samples.back().at_ps < at_ps, "two values in one instant");
      expect(samples.back().value != value, "a value unchanged");
    }
    samples.push_back({at_ps, value});
  }

  static Slice clipped(const TraceSink::Slice& slice, std::uint64_t begin, std::uint64_t end) {
    Slice out{std::string(slice.name), begin, end, {}, {}};
    for (const TraceSink::Arg& arg : slice.args) out.args.push_back({arg.key, arg.value});
    for (const TraceSink::Slice& child : slice.children) {
      const std::uint64_t child_begin = std::max(child.begin_ps, begin);
      const std::uint64_t child_end = std::min(child.end_ps, end);
      if (child_begin < child_end) out.children.push_back(clipped(child, child_begin, child_end));
    }
    return out;
  }

  bool begun_ = false;
  bool opening_ = false;      // between begin() and the first instant()
  bool instant_done_ = true;  // instant() came for the last values
  bool changed_ = false;
  std::uint64_t instant_ = 0;  // the time of the current or last instant
};

}  // namespace wakesim::test

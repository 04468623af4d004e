#pragma once
// A recorded timeline, ready to write (chrome_trace.h, vcd_trace.h): what a
// TraceRecorder kept of a run inside its window, or a hand-built list in tests.
//
// Times are picoseconds of simulated time. Every slice lies inside
// [start_ps, end_ps] and is not empty. A state track's slices are in time order
// and do not overlap (consecutive, unless a writer's input was built by hand);
// a slice track's slices are spread over lanes so that the slices of one lane
// are disjoint and in time order, each with its children inside it. A counter's
// samples are in increasing time order, the first at start_ps, each a new value.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/trace_sink.h"

namespace wakesim {

struct TraceData {
  using Group = TraceSink::Group;

  struct Arg {
    std::string key;
    std::uint64_t value = 0;
    TraceSink::Arg::Unit unit = TraceSink::Arg::Unit::count;
  };
  struct Slice {
    std::string name;
    std::uint64_t begin_ps = 0;
    std::uint64_t end_ps = 0;
    std::vector<Arg> args;
    std::vector<Slice> children;
  };
  struct StateSlice {
    std::uint32_t state = 0;  // index into the track's states
    std::uint64_t begin_ps = 0;
    std::uint64_t end_ps = 0;
  };
  struct StateTrack {
    Group group;
    std::string name;
    std::vector<std::string> states;
    std::vector<StateSlice> slices;
  };
  struct SliceTrack {
    Group group;
    std::string name;
    std::vector<std::vector<Slice>> lanes;  // at least one, possibly empty
  };
  struct Sample {
    std::uint64_t at_ps = 0;
    double value = 0.0;
  };
  struct Counter {
    Group group;
    std::string name;
    std::string unit;
    std::vector<Sample> samples;
  };

  std::uint64_t start_ps = 0;
  std::uint64_t end_ps = 0;
  // Free-form (key, value) notes for the file's header (generator, scenario, ...).
  std::vector<std::pair<std::string, std::string>> info;
  std::vector<StateTrack> state_tracks;
  std::vector<SliceTrack> slice_tracks;
  std::vector<Counter> counters;
  // The sum of every counter in watts, over time (empty: none).
  std::vector<Sample> total_power;
};

}  // namespace wakesim

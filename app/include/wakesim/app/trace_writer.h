#pragma once
// What a TraceRecorder (trace_recorder.h) hands a trace file format as the run
// goes: normalised, inside the window, in time order. A writer writes each event
// as soon as it is final, so memory stays bounded by the number of tracks and
// lanes, however long the run.
//
// The calls come in this order:
// 1. add_state_track(), add_counter(), add_slice_track(), in declaration order
//    (the handles a writer receives later are indices in that order, per kind);
// 2. begin(start): the window opens; then state() for every state track and
//    counter() for every counter, and total() if there are counters, all at
//    `start`: the values the window opens with (none if the window is empty: it
//    starts where the run ends or later), then instant(start);
// 3. per later instant t inside the window at which something changed: state(),
//    counter() and total() for what changed (each at most once, in declaration
//    order), then instant(t). slice() comes at any time after begin();
// 4. finish(end): the window ends at `end` (no earlier than the last instant).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "wakesim/core/trace_sink.h"

namespace wakesim {

// Free-form (key, value) notes for a file's header: generator, scenario, seed.
using TraceInfo = std::vector<std::pair<std::string, std::string>>;

class TraceWriter {
 public:
  using Group = TraceSink::Group;
  using Track = TraceSink::Track;
  using Counter = TraceSink::Counter;

  virtual ~TraceWriter() = default;

  virtual void add_state_track(Group group, const std::string& name, const std::vector<std::string>& states) = 0;
  virtual void add_counter(Group group, const std::string& name, const std::string& unit) = 0;
  virtual void add_slice_track(Group group, const std::string& name) = 0;

  virtual void begin(std::uint64_t start_ps) = 0;
  // From `at_ps` on, `track` is in `state` / `counter` has `value` / the sum of
  // the counters in watts is `watts`.
  virtual void state(Track track, std::uint32_t state, std::uint64_t at_ps) = 0;
  virtual void counter(Counter counter, double value, std::uint64_t at_ps) = 0;
  virtual void total(double watts, std::uint64_t at_ps) = 0;
  // Everything at `at_ps` has been given.
  virtual void instant(std::uint64_t at_ps) = 0;
  // A job slice on lane `lane` (from 0) of `track`, clipped to [begin_ps, end_ps)
  // (not empty), its children clipped to it in turn; a child clipped to nothing
  // is left out. The slices of one lane come in time order and do not overlap.
  virtual void slice(Track track, std::uint32_t lane, const TraceSink::Slice& slice, std::uint64_t begin_ps,
                     std::uint64_t end_ps) = 0;
  virtual void finish(std::uint64_t end_ps) = 0;
};

}  // namespace wakesim

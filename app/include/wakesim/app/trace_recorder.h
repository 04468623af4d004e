#pragma once
// Normalises what models report to a TraceSink, within a time window, and hands
// it to trace writers (trace_writer.h) as the run goes: nothing is kept per
// event, only the current value of each track and the latest end of each lane,
// so memory is bounded by the number of tracks and lanes, however long the run.
//
// Every rule is about "the value at the end of an instant", so the recorder
// coalesces per instant: the current instant's changes stay pending, and when a
// call arrives with a later time (simulated time never goes back) the finished
// instant goes to the writers:
// - a state that lasted no time is dropped, and the states around it merge if
//   they are the same (a device that went ACTIVE -> SUSPENDING -> ACTIVE in one
//   instant shows one ACTIVE slice);
// - a counter keeps one value per instant (the last) and only changes; its value
//   when the window opens is its first sample, at the window's start;
// - the total of the counters in watts is kept as well (summed in declaration
//   order, so it is the same number run to run);
// - only the window is passed on: the values it opens with, then the instants
//   inside it; job slices clipped to it, children too, an empty slice (after
//   clipping) dropped;
// - the run's last instant (at its end) never lasts: finish() discards it.
// A job slice is final when reported, so it is passed on at once. Job slices
// are reported when they end, so lanes are assigned online: each
// slice goes to the lowest lane whose slices all end by its start (the recorder
// keeps each lane's latest end), a new lane if there is none; within a lane,
// slices are disjoint and in time order.
//
// Tracks and counters are declared during elaboration, before any event; one
// declared later is a bug and throws std::logic_error.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "wakesim/app/trace_writer.h"
#include "wakesim/core/trace_sink.h"

namespace wakesim {

// [start_ps, end_ps): instants in it are kept, slices are clipped to it.
struct TraceWindow {
  std::uint64_t start_ps = 0;
  std::uint64_t end_ps = std::numeric_limits<std::uint64_t>::max();
};

// "START:END", each a duration with its unit (`0s:100ms`, `1.5ms:2ms`); END after
// START. Throws std::invalid_argument with a message quoting the text.
TraceWindow parse_trace_window(std::string_view text);

class TraceRecorder : public TraceSink {
 public:
  // The writers must outlive the recorder.
  TraceRecorder(TraceWindow window, std::vector<TraceWriter*> writers);

  Track add_state_track(Group group, std::string name, std::vector<std::string> states, std::size_t initial,
                        std::uint64_t now_ps) override;
  void state(Track track, std::size_t state, std::uint64_t at_ps) override;
  Counter add_counter(Group group, std::string name, std::string unit, double initial, std::uint64_t now_ps) override;
  void counter(Counter counter, double value, std::uint64_t at_ps) override;
  Track add_slice_track(Group group, std::string name) override;
  void slice(Track track, const Slice& slice) override;

  // Ends the recording at `end_ps`, the end of the simulation (the window ends
  // there if it ends later): an instant still pending at or after `end_ps` is
  // discarded, the writers are finished. Nothing may be reported afterwards.
  void finish(std::uint64_t end_ps);

 private:
  // A state track's state and a counter's value: the current one (changes of
  // the pending instant included) and the one the writers have.
  struct StateRecord {
    std::uint32_t current = 0;
    std::uint32_t written = 0;
    std::uint32_t count = 0;  // of states
    bool pending = false;     // changed in the pending instant
  };
  struct CounterRecord {
    double current = 0.0;
    double written = 0.0;
    bool pending = false;
    bool watts = false;  // part of the total
  };

  void declare(std::uint64_t now_ps, const std::string& name);
  void advance_to(std::uint64_t at_ps);
  void finish_instant();
  void pass_on_instant();
  void commit_instant();
  void discard_instant();
  void open_window(bool with_values);
  double total_written() const;
  std::uint32_t lane_for(Track track, std::uint64_t begin_ps, std::uint64_t end_ps);

  TraceWindow window_;
  std::vector<TraceWriter*> writers_;
  std::uint64_t now_ = 0;  // the pending instant
  bool started_ = false;   // an event has come: no more declarations
  bool open_ = false;      // the window has opened
  bool finished_ = false;
  std::vector<StateRecord> states_;
  std::vector<CounterRecord> counters_;
  std::vector<Track> pending_states_;  // changed in the pending instant, in order of change
  std::vector<Counter> pending_counters_;
  double total_ = 0.0;                                 // as the writers have it
  std::vector<std::vector<std::uint64_t>> lane_ends_;  // per slice track, per lane: the latest end
};

}  // namespace wakesim

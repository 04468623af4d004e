#pragma once
// Keeps what models report to a TraceSink, within a time window, for the trace
// writers (chrome_trace.h, vcd_trace.h).
//
// Only the window is kept in memory: a state's slice is stored when it ends (and
// only the part inside the window), a job slice when it is reported (clipped to
// the window, children too), a counter value only when it changes inside the
// window. Outside it the recorder holds the current state and value of each
// track, nothing more, so a short window over a long run stays small.
//
// Normalisation, so that both formats show the same thing:
// - a state that lasted no time is dropped, and the states around it merge if
//   they are the same (a device that went ACTIVE -> SUSPENDING -> ACTIVE in one
//   instant shows one ACTIVE slice);
// - an empty slice (after clipping) is dropped;
// - a counter keeps one value per instant (the last) and only changes; its value
//   when the window opens is its first sample, at the window's start;
// - the total of all counters in watts is kept as well (summed in declaration
//   order, so it is the same number run to run).
// Overlapping job slices of one track go to separate lanes, each slice to the
// lowest lane free at its start, in order of start (then longest first), so
// within a lane slices are disjoint.
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "core/trace_sink.h"
#include "trace_data.h"

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
  explicit TraceRecorder(TraceWindow window = {});

  Track add_state_track(Group group, std::string name, std::vector<std::string> states,
                        std::size_t initial, std::uint64_t now_ps) override;
  void state(Track track, std::size_t state, std::uint64_t at_ps) override;
  Counter add_counter(Group group, std::string name, std::string unit, double initial,
                      std::uint64_t now_ps) override;
  void counter(Counter counter, double value, std::uint64_t at_ps) override;
  Track add_slice_track(Group group, std::string name) override;
  void slice(Track track, const Slice& slice) override;

  // Ends the recording at `end_ps` (the end of the simulation; the window ends
  // there if it ends later): closes the open states and lays job slices out in
  // lanes. The recorder is empty afterwards.
  TraceData finish(std::uint64_t end_ps);

 private:
  struct StateTrackRecord {
    TraceData::StateTrack data;
    std::uint32_t current = 0;
    std::uint64_t since = 0;
    // The state before the current one, for merging around a state that lasted no time.
    bool has_previous = false;
    std::uint32_t previous = 0;
    std::uint64_t previous_begin = 0;
    std::uint64_t previous_end = 0;
    bool previous_stored = false;
  };
  struct CounterRecord {
    TraceData::Counter data;
    double current = 0.0;
    std::uint64_t added_at = 0;
  };
  struct SliceTrackRecord {
    Group group;
    std::string name;
    std::vector<TraceData::Slice> slices;
  };

  bool in_window(std::uint64_t at_ps) const { return at_ps >= window_.start_ps && at_ps < window_.end_ps; }
  void end_state(StateTrackRecord& track, std::uint64_t end_ps, std::uint64_t window_end);
  void record(std::vector<TraceData::Sample>& samples, double& current, std::uint64_t added_at,
              std::uint64_t at_ps, double value);
  void update_total(std::uint64_t at_ps);
  bool clip(const Slice& slice, std::uint64_t begin, std::uint64_t end, TraceData::Slice& out) const;

  TraceWindow window_;
  std::vector<StateTrackRecord> states_;
  std::vector<CounterRecord> counters_;
  std::vector<SliceTrackRecord> slices_;
  std::vector<TraceData::Sample> total_;
  double total_current_ = 0.0;
  std::uint64_t first_counter_at_ = 0;
};

}  // namespace wakesim

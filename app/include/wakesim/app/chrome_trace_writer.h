#pragma once
// Chrome Trace Event format (the JSON that ui.perfetto.dev and chrome://tracing
// open), written as the run goes (trace_writer.h).
//
// One JSON object: "displayTimeUnit", then "traceEvents", one event per line, each
// written as soon as it is final, then "otherData" (the info, and the window's
// start and end, known only at the end; JSON keys have no order, Perfetto reads
// it there). The same run gives the same bytes:
// - first the metadata: processes (pid) 1 "power domains", 2 "runtime PM
//   devices", 3 "DMA clients", 4 "static power" (the total, if there are
//   counters), named and sorted by "M" metadata events; a thread (tid) per state
//   track, from 1 per process in declaration order, then per slice track for its
//   first lane (named after the track); each sorted by its tid;
// - then the events as they become final: a state's slice when the state ends (or
//   the window does), a counter's sample at each change, a job slice when it is
//   reported with its children after it (so equal start times nest parent
//   first), and the thread of a slice track's lane N > 1 ("NAME lane N", the next
//   free tid of the process, sorted with the track's first lane) when the lane is
//   first used. The events of one thread are in time order and disjoint, except
//   that a job's children lie inside it;
// - state slices and job slices are complete events "X" (ts and dur in
//   microseconds, exact decimals of the picosecond times); job arguments in
//   picoseconds are written in microseconds with "_us" appended to the key;
// - counters are "C" events in their group's process, named after the counter,
//   with one argument named after the unit (Perfetto shows "pd_dma W"); the total
//   in process 4 as "total" {"W": ...}.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "wakesim/app/text_output.h"
#include "wakesim/app/trace_writer.h"

namespace wakesim {

class ChromeTraceWriter : public TraceWriter {
 public:
  // `info`: (key, value) notes for "otherData" (generator, scenario, ...).
  ChromeTraceWriter(TextOutput& out, TraceInfo info);

  void add_state_track(Group group, const std::string& name, const std::vector<std::string>& states) override;
  void add_counter(Group group, const std::string& name, const std::string& unit) override;
  void add_slice_track(Group group, const std::string& name) override;
  void begin(std::uint64_t start_ps) override;
  void state(Track track, std::uint32_t state, std::uint64_t at_ps) override;
  void counter(Counter counter, double value, std::uint64_t at_ps) override;
  void total(double watts, std::uint64_t at_ps) override;
  void instant(std::uint64_t at_ps) override;
  void slice(Track track, std::uint32_t lane, const TraceSink::Slice& slice, std::uint64_t begin_ps,
             std::uint64_t end_ps) override;
  void finish(std::uint64_t end_ps) override;

 private:
  struct StateTrack {
    int pid = 0;
    int tid = 0;
    const char* category = "";
    std::string name;
    std::vector<std::string> states;  // JSON strings, quoted
    bool known = false;               // in a state inside the window
    std::uint32_t state = 0;
    std::uint64_t since = 0;
  };
  struct CounterTrack {
    std::string head;  // the event up to the timestamp
    std::string unit;  // JSON string
  };
  struct SliceTrack {
    int pid = 0;
    const char* category = "";
    std::string name;
    std::vector<int> lane_tids;  // [0] from begin(), the others on first use
  };

  void metadata(int pid, int tid, std::string_view name, int sort_index);
  void state_slice(const StateTrack& track, std::uint64_t end_ps);
  void counter_sample(const std::string& head, const std::string& unit, double value, std::uint64_t at_ps);
  int lane_tid(SliceTrack& track, std::uint32_t lane);
  void job_slice(const SliceTrack& track, int tid, const TraceSink::Slice& slice, std::uint64_t begin_ps,
                 std::uint64_t end_ps);
  void write_event();

  TextOutput& out_;
  TraceInfo info_;
  std::uint64_t start_ps_ = 0;
  std::vector<StateTrack> state_tracks_;
  std::vector<CounterTrack> counters_;
  std::vector<SliceTrack> slice_tracks_;
  int next_tid_[5] = {1, 1, 1, 1, 1};  // per pid
  bool first_event_ = true;
  fmt::memory_buffer event_;  // the event being written
};

// Picoseconds as microseconds, the shortest exact decimal: 1500000 -> "1.5",
// 1 -> "0.000001", 0 -> "0".
std::string picoseconds_as_microseconds(std::uint64_t picoseconds);

}  // namespace wakesim

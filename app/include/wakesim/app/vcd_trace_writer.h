#pragma once
// A Value Change Dump (IEEE 1364 §18) of power states, for GTKWave and other
// waveform viewers, written as the run goes (trace_writer.h).
//
// $timescale 1ps; times are absolute simulated time. Scope "wakesim" holds
// scopes "domains" and "devices" with, per state track, an integer variable
// holding the state's index (a $comment lists each track's encoding, e.g.
// "pd_dma: 0=on 1=off") and, per counter, a real variable NAME_W; "total_W" (the
// sum of the counters, if there are any) sits in "wakesim". The header is written
// when the window opens (every track is declared by then). Then the values at
// the window's start under $dumpvars (a state as x and a counter left out only
// if the window is empty), then, per instant at which something changed, #time
// and the changed variables in declaration order; a final #time marks the
// window's end. Names keep letters, digits and '_' (anything else becomes '_').
// Job slices are not in the VCD.
#include <cstdint>
#include <string>
#include <vector>

#include "wakesim/app/text_output.h"
#include "wakesim/app/trace_writer.h"

namespace wakesim {

class VcdTraceWriter : public TraceWriter {
 public:
  // `info`: (key, value) notes for the header's comment (generator, scenario, ...).
  VcdTraceWriter(TextOutput& out, TraceInfo info);

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
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  struct Declared {
    Group group;
    std::string name;      // as a VCD name
    std::string encoding;  // state tracks: " 0=on 1=off"; counters: the unit
  };
  struct Variable {
    std::string id;
    bool real = false;
    std::string value;    // empty: none yet
    std::string written;  // the last value written
    bool changed = false;
  };

  std::string scope_declarations(Group group);
  std::size_t add_variable(bool real);
  void set_real(std::size_t variable, double real);
  void mark_changed(std::size_t variable);
  void dump_values();
  void write_changes(std::uint64_t at_ps);
  void append_value(Variable& variable);

  TextOutput& out_;
  TraceInfo info_;
  std::vector<Declared> state_tracks_;
  std::vector<Declared> counters_;
  std::vector<std::size_t> state_variables_;    // per state track: its variable, or kNone
  std::vector<std::size_t> counter_variables_;  // per counter
  std::size_t total_variable_ = kNone;
  std::vector<Variable> variables_;   // in declaration order
  std::vector<std::size_t> changed_;  // variables changed in the current instant
  bool dumping_ = false;              // between begin() and the first instant()
  std::uint64_t last_time_ = 0;       // the last #time written
  std::string text_;                  // what is being written
};

}  // namespace wakesim

#include "wakesim/app/vcd_trace_writer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <utility>

#include <fmt/format.h>

namespace wakesim {
namespace {

// Identifier codes: base 94 over the printable characters '!' .. '~'.
std::string identifier(std::size_t index) {
  std::string id;
  do {
    id += static_cast<char>('!' + index % 94);
    index /= 94;
  } while (index > 0);
  return id;
}

std::string vcd_name(const std::string& name) {
  std::string out = name.empty() ? "_" : name;
  for (char& c : out)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  return out;
}

}  // namespace

VcdTraceWriter::VcdTraceWriter(TextOutput& out, TraceInfo info) : out_(out), info_(std::move(info)) {}

// --- declarations ----------------------------------------------------------------------

void VcdTraceWriter::add_state_track(Group group, const std::string& name, const std::vector<std::string>& states) {
  std::string encoding;
  for (std::size_t i = 0; i < states.size(); ++i) encoding += fmt::format(" {}={}", i, states[i]);
  state_tracks_.push_back({group, vcd_name(name), std::move(encoding)});
  state_variables_.push_back(kNone);
}

void VcdTraceWriter::add_counter(Group group, const std::string& name, const std::string& unit) {
  counters_.push_back({group, vcd_name(name), vcd_name(unit)});
  counter_variables_.push_back(kNone);
}

void VcdTraceWriter::add_slice_track(Group /*group*/, const std::string& /*name*/) {}

// --- the header --------------------------------------------------------------------------

void VcdTraceWriter::begin(std::uint64_t start_ps) {
  std::string header = "$comment\n";
  for (const auto& [key, value] : info_) header += fmt::format("  {}: {}\n", key, value);
  header += "  states: each power state variable holds the index of its state:\n";
  for (const Declared& track : state_tracks_) header += fmt::format("    {}:{}\n", track.name, track.encoding);
  header += "$end\n$timescale 1ps $end\n$scope module wakesim $end\n";
  const std::pair<Group, const char*> scopes[] = {{Group::power_domain, "domains"}, {Group::device, "devices"}};
  for (const auto& scope : scopes) {
    const std::string declarations = scope_declarations(scope.first);
    if (!declarations.empty())
      header += fmt::format("$scope module {} $end\n{}$upscope $end\n", scope.second, declarations);
  }
  if (!counters_.empty()) {
    total_variable_ = add_variable(true);
    header += fmt::format("$var real 64 {} total_W $end\n", variables_[total_variable_].id);
  }
  header += fmt::format("$upscope $end\n$enddefinitions $end\n#{}\n$dumpvars\n", start_ps);
  out_.write(header);
  dumping_ = true;
  last_time_ = start_ps;
}

// The variables of `group`'s state tracks, then of its counters.
std::string VcdTraceWriter::scope_declarations(Group group) {
  std::string declarations;
  for (std::size_t i = 0; i < state_tracks_.size(); ++i) {
    if (state_tracks_[i].group != group) continue;
    state_variables_[i] = add_variable(false);
    declarations +=
        fmt::format("$var integer 32 {} {} $end\n", variables_[state_variables_[i]].id, state_tracks_[i].name);
  }
  for (std::size_t i = 0; i < counters_.size(); ++i) {
    if (counters_[i].group != group) continue;
    counter_variables_[i] = add_variable(true);
    declarations += fmt::format("$var real 64 {} {}_{} $end\n", variables_[counter_variables_[i]].id, counters_[i].name,
                                counters_[i].encoding);
  }
  return declarations;
}

std::size_t VcdTraceWriter::add_variable(bool real) {
  Variable variable;
  variable.id = identifier(variables_.size());
  variable.real = real;
  variables_.push_back(std::move(variable));
  return variables_.size() - 1;
}

// --- values ----------------------------------------------------------------------------------

void VcdTraceWriter::state(Track track, std::uint32_t state, std::uint64_t /*at_ps*/) {
  const std::size_t variable = state_variables_.at(track);
  if (variable == kNone) return;  // a client's track: not in the VCD
  std::string& value = variables_[variable].value;
  value.clear();
  fmt::format_to(std::back_inserter(value), "b{:b}", state);
  mark_changed(variable);
}

void VcdTraceWriter::counter(Counter counter, double value, std::uint64_t /*at_ps*/) {
  set_real(counter_variables_.at(counter), value);
}

void VcdTraceWriter::total(double watts, std::uint64_t /*at_ps*/) { set_real(total_variable_, watts); }

void VcdTraceWriter::set_real(std::size_t variable, double real) {
  if (variable == kNone) return;
  std::string& value = variables_[variable].value;
  value.clear();
  if (std::isfinite(real))
    fmt::format_to(std::back_inserter(value), "r{:.12g}", real);
  else
    value = "r0";
  mark_changed(variable);
}

void VcdTraceWriter::mark_changed(std::size_t variable) {
  if (variables_[variable].changed) return;
  variables_[variable].changed = true;
  changed_.push_back(variable);
}

void VcdTraceWriter::instant(std::uint64_t at_ps) {
  if (dumping_)
    dump_values();
  else
    write_changes(at_ps);
}

// The values at the window's start, every variable in order: a state without one is unknown.
void VcdTraceWriter::dump_values() {
  for (Variable& variable : variables_) {
    variable.changed = false;
    if (variable.value.empty() && !variable.real) variable.value = "bx";
    if (!variable.value.empty()) append_value(variable);
  }
  text_ += "$end\n";
  changed_.clear();
  dumping_ = false;
  out_.write(text_);
  text_.clear();
}

// What changed at `at_ps` under #at_ps, in declaration order.
void VcdTraceWriter::write_changes(std::uint64_t at_ps) {
  std::sort(changed_.begin(), changed_.end());
  for (const std::size_t index : changed_) {
    Variable& variable = variables_[index];
    variable.changed = false;
    if (variable.value == variable.written) continue;  // the same text: no change to show
    if (text_.empty()) fmt::format_to(std::back_inserter(text_), "#{}\n", at_ps);
    append_value(variable);
  }
  changed_.clear();
  if (text_.empty()) return;
  last_time_ = at_ps;
  out_.write(text_);
  text_.clear();
}

// "VALUE ID", and the variable's value is written.
void VcdTraceWriter::append_value(Variable& variable) {
  text_ += variable.value;
  text_ += ' ';
  text_ += variable.id;
  text_ += '\n';
  variable.written = variable.value;
}

void VcdTraceWriter::slice(Track /*track*/, std::uint32_t /*lane*/, const TraceSink::Slice& /*slice*/,
                           std::uint64_t /*begin_ps*/, std::uint64_t /*end_ps*/) {}

// --- the end --------------------------------------------------------------------------------

void VcdTraceWriter::finish(std::uint64_t end_ps) {
  if (dumping_) dump_values();
  if (end_ps > last_time_) out_.write(fmt::format("#{}\n", end_ps));
}

}  // namespace wakesim

#include "vcd_trace.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <vector>

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

std::string binary(std::uint32_t value) {
  std::string bits;
  do {
    bits.insert(bits.begin(), static_cast<char>('0' + (value & 1)));
    value >>= 1;
  } while (value);
  return "b" + bits;
}

std::string real(double value) { return "r" + (std::isfinite(value) ? fmt::format("{:.12g}", value) : std::string("0")); }

struct Variable {
  std::string id;
  std::string initial;  // empty: none at the window's start
  std::vector<std::pair<std::uint64_t, std::string>> changes;
  std::string last;

  void set(std::uint64_t at_ps, std::uint64_t start_ps, const std::string& value) {
    if (at_ps <= start_ps) {
      initial = last = value;
      return;
    }
    if (value == last) return;
    changes.emplace_back(at_ps, value);
    last = value;
  }
};

Variable state_variable(const TraceData::StateTrack& track, const TraceData& data, std::size_t index) {
  Variable var;
  var.id = identifier(index);
  var.set(data.start_ps, data.start_ps, "bx");
  std::uint64_t covered_until = data.start_ps;
  for (const TraceData::StateSlice& slice : track.slices) {
    if (slice.begin_ps > covered_until) var.set(covered_until, data.start_ps, "bx");
    var.set(slice.begin_ps, data.start_ps, binary(slice.state));
    covered_until = slice.end_ps;
  }
  if (covered_until < data.end_ps) var.set(covered_until, data.start_ps, "bx");
  return var;
}

Variable real_variable(const std::vector<TraceData::Sample>& samples, const TraceData& data, std::size_t index) {
  Variable var;
  var.id = identifier(index);
  for (const TraceData::Sample& sample : samples) var.set(sample.at_ps, data.start_ps, real(sample.value));
  return var;
}

}  // namespace

std::string vcd_trace(const TraceData& data) {
  std::string header = "$comment\n";
  for (const auto& [key, value] : data.info) header += fmt::format("  {}: {}\n", key, value);
  header += "  states: each power state variable holds the index of its state:\n";
  for (const TraceData::StateTrack& track : data.state_tracks) {
    std::string encoding;
    for (std::size_t i = 0; i < track.states.size(); ++i) encoding += fmt::format(" {}={}", i, track.states[i]);
    header += fmt::format("    {}:{}\n", vcd_name(track.name), encoding);
  }
  header += "$end\n$timescale 1ps $end\n$scope module wakesim $end\n";

  std::vector<Variable> variables;
  const std::pair<TraceData::Group, const char*> scopes[] = {{TraceData::Group::power_domain, "domains"},
                                                              {TraceData::Group::device, "devices"}};
  for (const auto& [group, scope] : scopes) {
    std::string declarations;
    for (const TraceData::StateTrack& track : data.state_tracks) {
      if (track.group != group) continue;
      variables.push_back(state_variable(track, data, variables.size()));
      declarations += fmt::format("$var integer 32 {} {} $end\n", variables.back().id, vcd_name(track.name));
    }
    for (const TraceData::Counter& counter : data.counters) {
      if (counter.group != group) continue;
      variables.push_back(real_variable(counter.samples, data, variables.size()));
      declarations += fmt::format("$var real 64 {} {}_{} $end\n", variables.back().id, vcd_name(counter.name),
                                  vcd_name(counter.unit));
    }
    if (!declarations.empty()) header += fmt::format("$scope module {} $end\n{}$upscope $end\n", scope, declarations);
  }
  if (!data.total_power.empty()) {
    variables.push_back(real_variable(data.total_power, data, variables.size()));
    header += fmt::format("$var real 64 {} total_W $end\n", variables.back().id);
  }
  header += "$upscope $end\n$enddefinitions $end\n";

  std::string body = fmt::format("#{}\n$dumpvars\n", data.start_ps);
  for (const Variable& var : variables)
    if (!var.initial.empty()) body += fmt::format("{} {}\n", var.initial, var.id);
  body += "$end\n";

  std::vector<std::tuple<std::uint64_t, std::size_t, const std::string*>> changes;
  for (std::size_t v = 0; v < variables.size(); ++v)
    for (const auto& [at, value] : variables[v].changes) changes.emplace_back(at, v, &value);
  std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) < std::get<0>(b) : std::get<1>(a) < std::get<1>(b);
  });
  std::uint64_t time = data.start_ps;
  for (const auto& [at, v, value] : changes) {
    if (at != time) body += fmt::format("#{}\n", at);
    time = at;
    body += fmt::format("{} {}\n", *value, variables[v].id);
  }
  if (data.end_ps > time) body += fmt::format("#{}\n", data.end_ps);
  return header + body;
}

}  // namespace wakesim

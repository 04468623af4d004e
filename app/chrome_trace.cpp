#include "chrome_trace.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace wakesim {
namespace {

constexpr int kTotalPid = 4;

int pid_of(TraceData::Group group) {
  switch (group) {
    case TraceData::Group::power_domain: return 1;
    case TraceData::Group::device: return 2;
    case TraceData::Group::client: return 3;
  }
  return 0;
}

const char* category_of(TraceData::Group group) {
  switch (group) {
    case TraceData::Group::power_domain: return "genpd";
    case TraceData::Group::device: return "rpm";
    case TraceData::Group::client: return "dma";
  }
  return "";
}

std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

std::string number(double value) { return std::isfinite(value) ? fmt::format("{:.12g}", value) : "null"; }

class Writer {
 public:
  void event(const std::string& body) {
    out_ += first_ ? "\n" : ",\n";
    out_ += body;
    first_ = false;
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
  bool first_ = true;
};

void metadata(Writer& w, int pid, const std::string& name, int sort_index, int tid = 0) {
  const std::string thread = tid ? fmt::format(",\"tid\":{}", tid) : "";
  const std::string kind = tid ? "thread" : "process";
  w.event(fmt::format(R"({{"ph":"M","pid":{}{},"name":"{}_name","args":{{"name":{}}}}})", pid, thread, kind,
                      quoted(name)));
  w.event(fmt::format(R"({{"ph":"M","pid":{}{},"name":"{}_sort_index","args":{{"sort_index":{}}}}})", pid, thread,
                      kind, sort_index));
}

std::string args_json(const std::vector<TraceData::Arg>& args) {
  std::string json;
  for (const TraceData::Arg& arg : args) {
    json += json.empty() ? "" : ",";
    if (arg.unit == TraceSink::Arg::Unit::picoseconds)
      json += quoted(arg.key + "_us") + ":" + picoseconds_as_microseconds(arg.value);
    else
      json += quoted(arg.key) + ":" + std::to_string(arg.value);
  }
  return json;
}

void complete(Writer& w, int pid, int tid, const char* category, const std::string& name, std::uint64_t begin,
              std::uint64_t end, const std::vector<TraceData::Arg>& args = {}) {
  std::string event = fmt::format(R"({{"ph":"X","pid":{},"tid":{},"cat":"{}","name":{},"ts":{},"dur":{})", pid,
                                  tid, category, quoted(name), picoseconds_as_microseconds(begin),
                                  picoseconds_as_microseconds(end - begin));
  if (!args.empty()) event += ",\"args\":{" + args_json(args) + "}";
  w.event(event + "}");
}

void slice_events(Writer& w, int pid, int tid, const char* category, const TraceData::Slice& slice) {
  complete(w, pid, tid, category, slice.name, slice.begin_ps, slice.end_ps, slice.args);
  for (const TraceData::Slice& child : slice.children) slice_events(w, pid, tid, category, child);
}

void counter_events(Writer& w, int pid, const std::string& name, const std::string& unit,
                    const std::vector<TraceData::Sample>& samples) {
  for (const TraceData::Sample& sample : samples)
    w.event(fmt::format(R"({{"ph":"C","pid":{},"name":{},"ts":{},"args":{{{}:{}}}}})", pid, quoted(name),
                        picoseconds_as_microseconds(sample.at_ps), quoted(unit), number(sample.value)));
}

}  // namespace

std::string picoseconds_as_microseconds(std::uint64_t picoseconds) {
  const std::uint64_t whole = picoseconds / 1000000;
  const std::uint64_t fraction = picoseconds % 1000000;
  if (fraction == 0) return std::to_string(whole);
  std::string text = fmt::format("{}.{:06}", whole, fraction);
  while (text.back() == '0') text.pop_back();
  return text;
}

std::string chrome_trace_json(const TraceData& data) {
  Writer w;
  // Processes and threads.
  const std::pair<TraceData::Group, const char*> processes[] = {{TraceData::Group::power_domain, "power domains"},
                                                                 {TraceData::Group::device, "runtime PM devices"},
                                                                 {TraceData::Group::client, "DMA clients"}};
  for (const auto& [group, name] : processes) metadata(w, pid_of(group), name, pid_of(group));
  if (!data.total_power.empty()) metadata(w, kTotalPid, "static power", kTotalPid);

  // Thread ids per group, in declaration order: state tracks, then lanes.
  int next_tid[kTotalPid + 1] = {1, 1, 1, 1, 1};
  std::vector<int> state_tids;
  for (const TraceData::StateTrack& track : data.state_tracks) {
    const int pid = pid_of(track.group);
    state_tids.push_back(next_tid[pid]++);
    metadata(w, pid, track.name, state_tids.back(), state_tids.back());
  }
  std::vector<int> first_lane_tids;
  for (const TraceData::SliceTrack& track : data.slice_tracks) {
    const int pid = pid_of(track.group);
    first_lane_tids.push_back(next_tid[pid]);
    for (std::size_t lane = 0; lane < track.lanes.size(); ++lane) {
      const int tid = next_tid[pid]++;
      metadata(w, pid, lane == 0 ? track.name : fmt::format("{} lane {}", track.name, lane + 1), tid, tid);
    }
  }

  // Events.
  for (std::size_t i = 0; i < data.state_tracks.size(); ++i) {
    const TraceData::StateTrack& track = data.state_tracks[i];
    for (const TraceData::StateSlice& slice : track.slices)
      complete(w, pid_of(track.group), state_tids[i], category_of(track.group), track.states.at(slice.state),
               slice.begin_ps, slice.end_ps);
  }
  for (std::size_t i = 0; i < data.slice_tracks.size(); ++i) {
    const TraceData::SliceTrack& track = data.slice_tracks[i];
    for (std::size_t lane = 0; lane < track.lanes.size(); ++lane)
      for (const TraceData::Slice& slice : track.lanes[lane])
        slice_events(w, pid_of(track.group), first_lane_tids[i] + static_cast<int>(lane), category_of(track.group),
                     slice);
  }
  for (const TraceData::Counter& counter : data.counters)
    counter_events(w, pid_of(counter.group), counter.name, counter.unit, counter.samples);
  counter_events(w, kTotalPid, "total", "W", data.total_power);

  std::string info;
  for (const auto& [key, value] : data.info) info += (info.empty() ? "" : ",") + quoted(key) + ":" + quoted(value);
  info += fmt::format("{}\"window_start_us\":{},\"window_end_us\":{}", info.empty() ? "" : ",",
                      picoseconds_as_microseconds(data.start_ps), picoseconds_as_microseconds(data.end_ps));
  return "{\"displayTimeUnit\":\"ns\",\"otherData\":{" + info + "},\"traceEvents\":[" + w.out() + "\n]}\n";
}

}  // namespace wakesim

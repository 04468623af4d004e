// The trace recorder (window, normalisation, lanes) and the two streaming writers
// (Chrome trace JSON, VCD), byte for byte on a tiny timeline reported as models
// report it. Times in ps unless a name says otherwise.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/collecting_trace_writer.h"
#include "wakesim/app/chrome_trace_writer.h"
#include "wakesim/app/text_output.h"
#include "wakesim/app/trace_recorder.h"
#include "wakesim/app/vcd_trace_writer.h"

using namespace wakesim;
using wakesim::test::CollectingTraceWriter;
using Group = TraceSink::Group;
using Unit = TraceSink::Arg::Unit;

namespace {

constexpr std::uint64_t kUs = 1000000;

struct StringOutput : TextOutput {
  std::string text;
  void write(std::string_view piece) override { text.append(piece); }
};

// Both files of one recording.
struct Files {
  StringOutput json;
  StringOutput vcd;
  ChromeTraceWriter chrome{json, {{"scenario", "tiny"}}};
  VcdTraceWriter power{vcd, {{"scenario", "tiny"}}};
};

// A domain "pd" on until 2 us, then off; a device "dev" suspended until
// 1.500001 us, then active; a client "cl" with a job 2..3 us and an overlapping
// one 1..4 us (its pm_wait 1..2.5 us), each reported when it ends; the domain's
// power counter. The run ends at 10 us.
void report_tiny(TraceRecorder& recorder) {
  const auto pd = recorder.add_state_track(Group::power_domain, "pd", {"on", "off"}, 0, 0);
  const auto dev = recorder.add_state_track(Group::device, "dev", {"active", "suspended"}, 1, 0);
  const auto power = recorder.add_counter(Group::power_domain, "pd", "W", 0.002, 0);
  const auto client = recorder.add_slice_track(Group::client, "cl");
  recorder.state(dev, 0, 1500001);
  recorder.state(pd, 1, 2 * kUs);
  recorder.counter(power, 5e-05, 2 * kUs);
  recorder.slice(client, {"job", 2 * kUs, 3 * kUs, {}, {}});
  TraceSink::Slice job{"job", 1 * kUs, 4 * kUs, {{"id", 7}, {"latency", 3 * kUs, Unit::picoseconds}}, {}};
  job.children.push_back({"pm_wait", 1 * kUs, 2500000, {}, {}});
  recorder.slice(client, job);
  recorder.finish(10 * kUs);
}

const char* const kMetadata =
    R"({"displayTimeUnit":"ns","traceEvents":[
{"ph":"M","pid":1,"name":"process_name","args":{"name":"power domains"}},
{"ph":"M","pid":1,"name":"process_sort_index","args":{"sort_index":1}},
{"ph":"M","pid":2,"name":"process_name","args":{"name":"runtime PM devices"}},
{"ph":"M","pid":2,"name":"process_sort_index","args":{"sort_index":2}},
{"ph":"M","pid":3,"name":"process_name","args":{"name":"DMA clients"}},
{"ph":"M","pid":3,"name":"process_sort_index","args":{"sort_index":3}},
{"ph":"M","pid":4,"name":"process_name","args":{"name":"static power"}},
{"ph":"M","pid":4,"name":"process_sort_index","args":{"sort_index":4}},
{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"pd"}},
{"ph":"M","pid":1,"tid":1,"name":"thread_sort_index","args":{"sort_index":1}},
{"ph":"M","pid":2,"tid":1,"name":"thread_name","args":{"name":"dev"}},
{"ph":"M","pid":2,"tid":1,"name":"thread_sort_index","args":{"sort_index":1}},
{"ph":"M","pid":3,"tid":1,"name":"thread_name","args":{"name":"cl"}},
{"ph":"M","pid":3,"tid":1,"name":"thread_sort_index","args":{"sort_index":1}},
)";

const char* const kVcdHeader = R"($comment
  scenario: tiny
  states: each power state variable holds the index of its state:
    pd: 0=on 1=off
    dev: 0=active 1=suspended
$end
$timescale 1ps $end
$scope module wakesim $end
$scope module domains $end
$var integer 32 ! pd $end
$var real 64 " pd_W $end
$upscope $end
$scope module devices $end
$var integer 32 # dev $end
$upscope $end
$var real 64 $ total_W $end
$upscope $end
$enddefinitions $end
)";

}  // namespace

TEST_CASE("chrome trace of a tiny timeline, byte for byte, each event as it becomes final",
          "[trace][app][trace_writer]") {
  Files files;
  TraceRecorder recorder({}, {&files.chrome, &files.power});
  report_tiny(recorder);
  const std::string expected = std::string(kMetadata) +
                               R"({"ph":"C","pid":1,"name":"pd","ts":0,"args":{"W":0.002}},
{"ph":"C","pid":4,"name":"total","ts":0,"args":{"W":0.002}},
{"ph":"X","pid":2,"tid":1,"cat":"rpm","name":"suspended","ts":0,"dur":1.500001},
{"ph":"X","pid":1,"tid":1,"cat":"genpd","name":"on","ts":0,"dur":2},
{"ph":"C","pid":1,"name":"pd","ts":2,"args":{"W":5e-05}},
{"ph":"C","pid":4,"name":"total","ts":2,"args":{"W":5e-05}},
{"ph":"X","pid":3,"tid":1,"cat":"dma","name":"job","ts":2,"dur":1},
{"ph":"M","pid":3,"tid":2,"name":"thread_name","args":{"name":"cl lane 2"}},
{"ph":"M","pid":3,"tid":2,"name":"thread_sort_index","args":{"sort_index":1}},
{"ph":"X","pid":3,"tid":2,"cat":"dma","name":"job","ts":1,"dur":3,"args":{"id":7,"latency_us":3}},
{"ph":"X","pid":3,"tid":2,"cat":"dma","name":"pm_wait","ts":1,"dur":1.5},
{"ph":"X","pid":1,"tid":1,"cat":"genpd","name":"off","ts":2,"dur":8},
{"ph":"X","pid":2,"tid":1,"cat":"rpm","name":"active","ts":1.500001,"dur":8.499999}
],"otherData":{"scenario":"tiny","window_start_us":0,"window_end_us":10}}
)";
  CHECK(files.json.text == expected);
  CHECK_NOTHROW(nlohmann::json::parse(files.json.text));
}

TEST_CASE("vcd of a tiny timeline, byte for byte", "[trace][app][trace_writer]") {
  Files files;
  TraceRecorder recorder({}, {&files.chrome, &files.power});
  report_tiny(recorder);
  const std::string expected = std::string(kVcdHeader) + R"(#0
$dumpvars
b0 !
r0.002 "
b1 #
r0.002 $
$end
#1500001
b0 #
#2000000
b1 !
r5e-05 "
r5e-05 $
#10000000
)";
  CHECK(files.vcd.text == expected);
}

TEST_CASE("a window clips the tiny timeline in both files, byte for byte", "[trace][app][trace_writer]") {
  // 1.7 .. 3.5 us: the window opens with pd on, dev active and the counter at
  // 2 mW; the 1..4 us job (on lane 2: lane 1 is busy until 3 us) and its pm_wait
  // are cut at the window's start.
  Files files;
  TraceRecorder recorder({1700000, 3500000}, {&files.chrome, &files.power});
  report_tiny(recorder);
  const std::string json = std::string(kMetadata) +
                           R"({"ph":"C","pid":1,"name":"pd","ts":1.7,"args":{"W":0.002}},
{"ph":"C","pid":4,"name":"total","ts":1.7,"args":{"W":0.002}},
{"ph":"X","pid":1,"tid":1,"cat":"genpd","name":"on","ts":1.7,"dur":0.3},
{"ph":"C","pid":1,"name":"pd","ts":2,"args":{"W":5e-05}},
{"ph":"C","pid":4,"name":"total","ts":2,"args":{"W":5e-05}},
{"ph":"X","pid":3,"tid":1,"cat":"dma","name":"job","ts":2,"dur":1},
{"ph":"M","pid":3,"tid":2,"name":"thread_name","args":{"name":"cl lane 2"}},
{"ph":"M","pid":3,"tid":2,"name":"thread_sort_index","args":{"sort_index":1}},
{"ph":"X","pid":3,"tid":2,"cat":"dma","name":"job","ts":1.7,"dur":1.8,"args":{"id":7,"latency_us":3}},
{"ph":"X","pid":3,"tid":2,"cat":"dma","name":"pm_wait","ts":1.7,"dur":0.8},
{"ph":"X","pid":1,"tid":1,"cat":"genpd","name":"off","ts":2,"dur":1.5},
{"ph":"X","pid":2,"tid":1,"cat":"rpm","name":"active","ts":1.7,"dur":1.8}
],"otherData":{"scenario":"tiny","window_start_us":1.7,"window_end_us":3.5}}
)";
  CHECK(files.json.text == json);
  const std::string vcd = std::string(kVcdHeader) + R"(#1700000
$dumpvars
b0 !
r0.002 "
b0 #
r0.002 $
$end
#2000000
b1 !
r5e-05 "
r5e-05 $
#3500000
)";
  CHECK(files.vcd.text == vcd);
}

TEST_CASE("an empty window shows states as unknown, and names are cleaned up for the vcd",
          "[trace][app][trace_writer]") {
  Files files;
  TraceRecorder recorder({20 * kUs, 30 * kUs}, {&files.chrome, &files.power});
  recorder.add_state_track(Group::device, "dma.ch 0", {"a", "b", "c"}, 2, 0);
  recorder.finish(10 * kUs);  // the run ends before the window starts
  CHECK(files.vcd.text.find("$var integer 32 ! dma_ch_0 $end\n") != std::string::npos);
  CHECK(files.vcd.text.find("    dma_ch_0: 0=a 1=b 2=c\n") != std::string::npos);
  CHECK(files.vcd.text.find("$enddefinitions $end\n#20000000\n$dumpvars\nbx !\n$end\n") != std::string::npos);
  CHECK(files.vcd.text.substr(files.vcd.text.size() - 5) == "$end\n");
  const nlohmann::json trace = nlohmann::json::parse(files.json.text);
  for (const nlohmann::json& event : trace["traceEvents"]) CHECK(event["ph"] == "M");
  CHECK(trace["otherData"]["window_start_us"] == 20);
  CHECK(trace["otherData"]["window_end_us"] == 20);
}

TEST_CASE("job names and argument keys are escaped as JSON strings", "[trace][app][trace_writer]") {
  StringOutput json;
  ChromeTraceWriter chrome(json, {{"scenario", "a \"quoted\"\nname"}});
  TraceRecorder recorder({}, {&chrome});
  const auto track = recorder.add_slice_track(Group::client, "cl\\1");
  recorder.slice(track, {"job \"x\"\t\x01", 0, 5, {{"k\"ey", 3, Unit::picoseconds}}, {}});
  recorder.finish(10);
  const nlohmann::json trace = nlohmann::json::parse(json.text);
  CHECK(trace["otherData"]["scenario"] == "a \"quoted\"\nname");
  bool found = false;
  for (const nlohmann::json& event : trace["traceEvents"]) {
    if (event["ph"] == "M" && event["name"] == "thread_name") CHECK(event["args"]["name"] == "cl\\1");
    if (event["ph"] != "X") continue;
    found = true;
    CHECK(event["name"] == "job \"x\"\t\x01");
    CHECK(event["args"]["k\"ey_us"] == 0.000003);
  }
  CHECK(found);
  CHECK(json.text.find(R"("job \"x\"\t\u0001")") != std::string::npos);
}

TEST_CASE("microseconds are exact decimals of picoseconds", "[trace][app][trace_writer]") {
  CHECK(picoseconds_as_microseconds(0) == "0");
  CHECK(picoseconds_as_microseconds(1) == "0.000001");
  CHECK(picoseconds_as_microseconds(1500000) == "1.5");
  CHECK(picoseconds_as_microseconds(1000000000000) == "1000000");
  CHECK(picoseconds_as_microseconds(21465552875) == "21465.552875");
}

TEST_CASE("START:END, two durations with units, END after START", "[trace][app][trace_window]") {
  const TraceWindow window = parse_trace_window("0s:100ms");
  CHECK(window.start_ps == 0);
  CHECK(window.end_ps == 100 * 1000 * kUs);
  CHECK(parse_trace_window("1.5us:2us").start_ps == 1500000);
  for (const char* bad : {"100ms", "100ms:100ms", "2ms:1ms", "0:1ms", "0s:1ms:2ms", "", ":", "-1ms:2ms"})
    CHECK_THROWS_AS(parse_trace_window(bad), std::invalid_argument);
}

TEST_CASE("keeps states inside the window and clips the ones across its edges", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({2 * kUs, 8 * kUs}, {&data});
  const auto track = recorder.add_state_track(Group::device, "dev", {"a", "b"}, 0, 0);
  recorder.state(track, 1, 1 * kUs);  // a: 0..1, before the window
  recorder.state(track, 0, 5 * kUs);  // b: 1..5, clipped to 2..5
  recorder.state(track, 1, 9 * kUs);  // a: 5..9, clipped to 5..8; b after the window
  recorder.finish(10 * kUs);
  CHECK(data.protocol_errors.empty());
  CHECK(data.start_ps == 2 * kUs);
  CHECK(data.end_ps == 8 * kUs);
  REQUIRE(data.state_tracks.size() == 1);
  const auto& slices = data.state_tracks[0].slices;
  REQUIRE(slices.size() == 2);
  CHECK((slices[0].state == 1 && slices[0].begin_ps == 2 * kUs && slices[0].end_ps == 5 * kUs));
  CHECK((slices[1].state == 0 && slices[1].begin_ps == 5 * kUs && slices[1].end_ps == 8 * kUs));
}

TEST_CASE("drops states that lasted no time and merges the states around them", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({}, {&data});
  const auto merged = recorder.add_state_track(Group::device, "merged", {"a", "b", "c"}, 0, 0);
  const auto skipped = recorder.add_state_track(Group::device, "skipped", {"a", "b", "c"}, 0, 0);
  recorder.state(merged, 1, 3 * kUs);
  recorder.state(merged, 0, 3 * kUs);  // a -> b -> a in one instant: one a slice
  recorder.state(skipped, 1, 3 * kUs);
  recorder.state(skipped, 2, 3 * kUs);  // a -> b -> c in one instant: b is dropped
  recorder.finish(10 * kUs);
  CHECK(data.protocol_errors.empty());
  CHECK(data.end_ps == 10 * kUs);  // the whole run: the window ends with it
  const auto& one = data.state_tracks[0].slices;
  REQUIRE(one.size() == 1);
  CHECK((one[0].state == 0 && one[0].begin_ps == 0 && one[0].end_ps == 10 * kUs));
  const auto& two = data.state_tracks[1].slices;
  REQUIRE(two.size() == 2);
  CHECK((two[0].state == 0 && two[0].end_ps == 3 * kUs));
  CHECK((two[1].state == 2 && two[1].begin_ps == 3 * kUs && two[1].end_ps == 10 * kUs));
}

TEST_CASE("a state entered at the declaration's instant is the first one shown", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({}, {&data});
  const auto track = recorder.add_state_track(Group::device, "dev", {"a", "b"}, 0, 0);
  recorder.state(track, 1, 0);  // a lasted no time
  recorder.finish(10);
  CHECK(data.protocol_errors.empty());
  const auto& slices = data.state_tracks[0].slices;
  REQUIRE(slices.size() == 1);
  CHECK((slices[0].state == 1 && slices[0].begin_ps == 0 && slices[0].end_ps == 10));
}

TEST_CASE("keeps counter changes inside the window, starting with the value it opened with",
          "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({2 * kUs, 8 * kUs}, {&data});
  const auto a = recorder.add_counter(Group::power_domain, "a", "W", 1.0, 0);
  const auto b = recorder.add_counter(Group::device, "b", "W", 0.5, 0);
  recorder.counter(a, 2.0, 1 * kUs);  // before the window: only the value the window opens with
  recorder.counter(a, 3.0, 3 * kUs);
  recorder.counter(a, 2.0, 3 * kUs);  // the same instant, back to 2: no change at all
  recorder.counter(b, 0.25, 4 * kUs);
  recorder.counter(a, 5.0, 9 * kUs);  // after the window
  recorder.finish(10 * kUs);
  CHECK(data.protocol_errors.empty());
  REQUIRE(data.counters.size() == 2);
  const auto& sa = data.counters[0].samples;
  REQUIRE(sa.size() == 1);
  CHECK((sa[0].at_ps == 2 * kUs && sa[0].value == 2.0));
  const auto& sb = data.counters[1].samples;
  REQUIRE(sb.size() == 2);
  CHECK((sb[0].at_ps == 2 * kUs && sb[0].value == 0.5));
  CHECK((sb[1].at_ps == 4 * kUs && sb[1].value == 0.25));
  const auto& total = data.total_power;
  REQUIRE(total.size() == 2);
  CHECK((total[0].at_ps == 2 * kUs && total[0].value == 2.5));
  CHECK((total[1].at_ps == 4 * kUs && total[1].value == 2.25));
}

TEST_CASE("the total sums only the counters in watts", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({}, {&data});
  const auto watts = recorder.add_counter(Group::device, "p", "W", 1.0, 0);
  const auto count = recorder.add_counter(Group::device, "n", "count", 5.0, 0);
  recorder.counter(count, 6.0, 1);  // the total does not move
  recorder.counter(watts, 2.0, 2);
  recorder.finish(10);
  CHECK(data.protocol_errors.empty());
  REQUIRE(data.total_power.size() == 2);
  CHECK((data.total_power[0].at_ps == 0 && data.total_power[0].value == 1.0));
  CHECK((data.total_power[1].at_ps == 2 && data.total_power[1].value == 2.0));
}

TEST_CASE("an instant still pending when the run ends is left out", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({}, {&data});
  const auto track = recorder.add_state_track(Group::device, "dev", {"a", "b"}, 0, 0);
  const auto power = recorder.add_counter(Group::device, "dev", "W", 1.0, 0);
  recorder.state(track, 1, 4);
  recorder.state(track, 0, 10);
  recorder.counter(power, 2.0, 10);
  recorder.finish(10);
  CHECK(data.protocol_errors.empty());
  const auto& slices = data.state_tracks[0].slices;
  REQUIRE(slices.size() == 2);
  CHECK((slices[1].state == 1 && slices[1].begin_ps == 4 && slices[1].end_ps == 10));
  REQUIRE(data.counters[0].samples.size() == 1);
  CHECK(data.total_power.size() == 1);
}

TEST_CASE("clips job slices to the window and puts overlapping ones on separate lanes",
          "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({2 * kUs, 8 * kUs}, {&data});
  const auto track = recorder.add_slice_track(Group::client, "cl");
  // Reported as they end.
  recorder.slice(track, {"job", 0, 1 * kUs, {}, {}});  // before the window
  TraceSink::Slice a{"job", 1 * kUs, 4 * kUs, {{"id", 0}}, {}};
  a.children.push_back({"queue", 1 * kUs, 1500000, {}, {}});  // before the window: dropped
  a.children.push_back({"dma", 1500000, 4 * kUs, {}, {}});    // clipped to 2..4
  recorder.slice(track, a);                                   // lane 1
  recorder.slice(track, {"job", 3 * kUs, 6 * kUs, {}, {}});   // overlaps a: lane 2
  recorder.slice(track, {"job", 7 * kUs, 7 * kUs, {}, {}});   // empty
  recorder.slice(track, {"job", 5 * kUs, 9 * kUs, {}, {}});   // clipped to 5..8, lane 1 again
  recorder.finish(10 * kUs);
  CHECK(data.protocol_errors.empty());
  REQUIRE(data.slice_tracks.size() == 1);
  const auto& lanes = data.slice_tracks[0].lanes;
  REQUIRE(lanes.size() == 2);
  REQUIRE(lanes[0].size() == 2);
  CHECK((lanes[0][0].begin_ps == 2 * kUs && lanes[0][0].end_ps == 4 * kUs));
  REQUIRE(lanes[0][0].children.size() == 1);
  CHECK((lanes[0][0].children[0].name == "dma" && lanes[0][0].children[0].begin_ps == 2 * kUs));
  REQUIRE(lanes[0][0].args.size() == 1);
  CHECK(lanes[0][0].args[0].key == "id");
  CHECK((lanes[0][1].begin_ps == 5 * kUs && lanes[0][1].end_ps == 8 * kUs));
  REQUIRE(lanes[1].size() == 1);
  CHECK((lanes[1][0].begin_ps == 3 * kUs && lanes[1][0].end_ps == 6 * kUs));
}

TEST_CASE("each slice goes to the lowest lane whose slices all end by its start", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({}, {&data});
  const auto track = recorder.add_slice_track(Group::client, "cl");
  for (const auto& [begin, end] : std::vector<std::pair<std::uint64_t, std::uint64_t>>{
           {1, 3}, {2, 6}, {0, 7}, {3, 8}, {6, 9}})  // reported as they end
    recorder.slice(track, {"job", begin, end, {}, {}});
  recorder.finish(10);
  CHECK(data.protocol_errors.empty());
  const auto& lanes = data.slice_tracks[0].lanes;
  REQUIRE(lanes.size() == 3);
  const auto spans = [](const std::vector<CollectingTraceWriter::Slice>& lane) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
    for (const auto& slice : lane) out.emplace_back(slice.begin_ps, slice.end_ps);
    return out;
  };
  using Spans = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
  CHECK(spans(lanes[0]) == Spans{{1, 3}, {3, 8}});
  CHECK(spans(lanes[1]) == Spans{{2, 6}, {6, 9}});
  CHECK(spans(lanes[2]) == Spans{{0, 7}});
}

TEST_CASE("a window that starts after the run ends keeps nothing", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({20 * kUs, 30 * kUs}, {&data});
  const auto track = recorder.add_state_track(Group::device, "dev", {"a", "b"}, 0, 0);
  recorder.add_counter(Group::device, "dev", "W", 1.0, 0);
  recorder.state(track, 1, 5 * kUs);
  recorder.finish(10 * kUs);
  CHECK(data.protocol_errors.empty());
  CHECK(data.state_tracks[0].slices.empty());
  CHECK(data.counters[0].samples.empty());
  CHECK(data.total_power.empty());
}

TEST_CASE("a track declared after the first event, or time going back, is a bug", "[trace][app][trace_recorder]") {
  CollectingTraceWriter data;
  TraceRecorder recorder({}, {&data});
  const auto track = recorder.add_state_track(Group::device, "dev", {"a", "b"}, 0, 0);
  recorder.state(track, 1, 5);
  CHECK_THROWS_AS(recorder.add_counter(Group::device, "late", "W", 1.0, 5), std::logic_error);
  CHECK_THROWS_AS(recorder.add_slice_track(Group::client, "late"), std::logic_error);
  CHECK_THROWS_AS(recorder.state(track, 0, 4), std::logic_error);
  CHECK_THROWS_AS(recorder.state(track, 2, 6), std::logic_error);  // no such state
  TraceRecorder windowed({10, 20}, {});
  CHECK_THROWS_AS(windowed.add_state_track(Group::device, "dev", {"a"}, 0, 11), std::logic_error);
}

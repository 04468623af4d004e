// The trace recorder (window, normalisation, lanes) and the two writers (Chrome
// trace JSON, VCD), byte for byte on a tiny hand-built timeline. Times in ps
// unless a name says otherwise.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chrome_trace.h"
#include "trace_data.h"
#include "trace_recorder.h"
#include "vcd_trace.h"

using namespace wakesim;
using Group = TraceSink::Group;
using Unit = TraceSink::Arg::Unit;

namespace {

constexpr std::uint64_t kUs = 1000000;

// A domain "pd" on until 2 us, then off; a device "dev" suspended until
// 1.500001 us, then active; a client "cl" with a job 1..4 us (its pm_wait
// 1..2.5 us) and an overlapping one 2..3 us on a second lane; the domain's power
// counter and the total. Window [0, 10 us].
TraceData tiny() {
  TraceData data;
  data.start_ps = 0;
  data.end_ps = 10 * kUs;
  data.info = {{"scenario", "tiny"}};
  data.state_tracks.push_back({Group::power_domain, "pd", {"on", "off"}, {{0, 0, 2 * kUs}, {1, 2 * kUs, 10 * kUs}}});
  data.state_tracks.push_back(
      {Group::device, "dev", {"active", "suspended"}, {{1, 0, 1500001}, {0, 1500001, 10 * kUs}}});
  TraceData::Slice job{"job", 1 * kUs, 4 * kUs, {{"id", 7, Unit::count}, {"latency", 3 * kUs, Unit::picoseconds}}, {}};
  job.children.push_back({"pm_wait", 1 * kUs, 2500000, {}, {}});
  data.slice_tracks.push_back({Group::client, "cl", {{job}, {{"job", 2 * kUs, 3 * kUs, {}, {}}}}});
  data.counters.push_back({Group::power_domain, "pd", "W", {{0, 0.002}, {2 * kUs, 5e-05}}});
  data.total_power = {{0, 0.002}, {2 * kUs, 5e-05}};
  return data;
}

}  // namespace

TEST_CASE("trace writer: chrome trace of a tiny timeline, byte for byte", "[trace][app]") {
  const std::string expected =
      R"({"displayTimeUnit":"ns","otherData":{"scenario":"tiny","window_start_us":0,"window_end_us":10},"traceEvents":[
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
{"ph":"M","pid":3,"tid":2,"name":"thread_name","args":{"name":"cl lane 2"}},
{"ph":"M","pid":3,"tid":2,"name":"thread_sort_index","args":{"sort_index":2}},
{"ph":"X","pid":1,"tid":1,"cat":"genpd","name":"on","ts":0,"dur":2},
{"ph":"X","pid":1,"tid":1,"cat":"genpd","name":"off","ts":2,"dur":8},
{"ph":"X","pid":2,"tid":1,"cat":"rpm","name":"suspended","ts":0,"dur":1.500001},
{"ph":"X","pid":2,"tid":1,"cat":"rpm","name":"active","ts":1.500001,"dur":8.499999},
{"ph":"X","pid":3,"tid":1,"cat":"dma","name":"job","ts":1,"dur":3,"args":{"id":7,"latency_us":3}},
{"ph":"X","pid":3,"tid":1,"cat":"dma","name":"pm_wait","ts":1,"dur":1.5},
{"ph":"X","pid":3,"tid":2,"cat":"dma","name":"job","ts":2,"dur":1},
{"ph":"C","pid":1,"name":"pd","ts":0,"args":{"W":0.002}},
{"ph":"C","pid":1,"name":"pd","ts":2,"args":{"W":5e-05}},
{"ph":"C","pid":4,"name":"total","ts":0,"args":{"W":0.002}},
{"ph":"C","pid":4,"name":"total","ts":2,"args":{"W":5e-05}}
]}
)";
  const std::string json = chrome_trace_json(tiny());
  CHECK(json == expected);
  CHECK_NOTHROW(nlohmann::json::parse(json));
}

TEST_CASE("trace writer: vcd of a tiny timeline, byte for byte", "[trace][app]") {
  const std::string expected = R"($comment
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
#0
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
  CHECK(vcd_trace(tiny()) == expected);
}

TEST_CASE("trace writer: vcd marks a gap in a hand-built state track as unknown and cleans up names", "[trace][app]") {
  TraceData data;
  data.start_ps = 0;
  data.end_ps = 100;
  data.state_tracks.push_back({Group::device, "dma.ch 0", {"a", "b", "c"}, {{2, 10, 20}, {1, 30, 40}}});
  const std::string vcd = vcd_trace(data);
  CHECK(vcd.find("$var integer 32 ! dma_ch_0 $end\n") != std::string::npos);
  CHECK(vcd.find("$dumpvars\nbx !\n$end\n#10\nb10 !\n#20\nbx !\n#30\nb1 !\n#40\nbx !\n#100\n") != std::string::npos);
}

TEST_CASE("trace writer: microseconds are exact decimals of picoseconds", "[trace][app]") {
  CHECK(picoseconds_as_microseconds(0) == "0");
  CHECK(picoseconds_as_microseconds(1) == "0.000001");
  CHECK(picoseconds_as_microseconds(1500000) == "1.5");
  CHECK(picoseconds_as_microseconds(1000000000000) == "1000000");
  CHECK(picoseconds_as_microseconds(21465552875) == "21465.552875");
}

TEST_CASE("trace window: START:END, two durations with units, END after START", "[trace][app]") {
  const TraceWindow window = parse_trace_window("0s:100ms");
  CHECK(window.start_ps == 0);
  CHECK(window.end_ps == 100 * 1000 * kUs);
  CHECK(parse_trace_window("1.5us:2us").start_ps == 1500000);
  for (const char* bad : {"100ms", "100ms:100ms", "2ms:1ms", "0:1ms", "0s:1ms:2ms", "", ":", "-1ms:2ms"})
    CHECK_THROWS_AS(parse_trace_window(bad), std::invalid_argument);
}

TEST_CASE("trace recorder: keeps states inside the window and clips the ones across its edges", "[trace][app]") {
  TraceRecorder recorder({2 * kUs, 8 * kUs});
  const auto track = recorder.add_state_track(Group::device, "dev", {"a", "b"}, 0, 0);
  recorder.state(track, 1, 1 * kUs);  // a: 0..1, before the window
  recorder.state(track, 0, 5 * kUs);  // b: 1..5, clipped to 2..5
  recorder.state(track, 1, 9 * kUs);  // a: 5..9, clipped to 5..8; b after the window
  const TraceData data = recorder.finish(10 * kUs);
  CHECK(data.start_ps == 2 * kUs);
  CHECK(data.end_ps == 8 * kUs);
  REQUIRE(data.state_tracks.size() == 1);
  const auto& slices = data.state_tracks[0].slices;
  REQUIRE(slices.size() == 2);
  CHECK((slices[0].state == 1 && slices[0].begin_ps == 2 * kUs && slices[0].end_ps == 5 * kUs));
  CHECK((slices[1].state == 0 && slices[1].begin_ps == 5 * kUs && slices[1].end_ps == 8 * kUs));
}

TEST_CASE("trace recorder: drops states that lasted no time and merges the states around them", "[trace][app]") {
  TraceRecorder recorder;
  const auto merged = recorder.add_state_track(Group::device, "merged", {"a", "b", "c"}, 0, 0);
  recorder.state(merged, 1, 3 * kUs);
  recorder.state(merged, 0, 3 * kUs);  // a -> b -> a in one instant: one a slice
  const auto skipped = recorder.add_state_track(Group::device, "skipped", {"a", "b", "c"}, 0, 0);
  recorder.state(skipped, 1, 3 * kUs);
  recorder.state(skipped, 2, 3 * kUs);  // a -> b -> c in one instant: b is dropped
  const TraceData data = recorder.finish(10 * kUs);
  CHECK(data.end_ps == 10 * kUs);  // the whole run: the window ends with it
  const auto& one = data.state_tracks[0].slices;
  REQUIRE(one.size() == 1);
  CHECK((one[0].state == 0 && one[0].begin_ps == 0 && one[0].end_ps == 10 * kUs));
  const auto& two = data.state_tracks[1].slices;
  REQUIRE(two.size() == 2);
  CHECK((two[0].state == 0 && two[0].end_ps == 3 * kUs));
  CHECK((two[1].state == 2 && two[1].begin_ps == 3 * kUs && two[1].end_ps == 10 * kUs));
}

TEST_CASE("trace recorder: keeps counter changes inside the window, starting with the value it opened with", "[trace][app]") {
  TraceRecorder recorder({2 * kUs, 8 * kUs});
  const auto a = recorder.add_counter(Group::power_domain, "a", "W", 1.0, 0);
  const auto b = recorder.add_counter(Group::device, "b", "W", 0.5, 0);
  recorder.counter(a, 2.0, 1 * kUs);  // before the window: only the value the window opens with
  recorder.counter(a, 3.0, 3 * kUs);
  recorder.counter(a, 2.0, 3 * kUs);  // the same instant, back to 2: no change at all
  recorder.counter(b, 0.25, 4 * kUs);
  recorder.counter(a, 5.0, 9 * kUs);  // after the window
  const TraceData data = recorder.finish(10 * kUs);
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

TEST_CASE("trace recorder: clips job slices to the window and puts overlapping ones on separate lanes", "[trace][app]") {
  TraceRecorder recorder({2 * kUs, 8 * kUs});
  const auto track = recorder.add_slice_track(Group::client, "cl");
  TraceSink::Slice a{"job", 1 * kUs, 4 * kUs, {{"id", 0}}, {}};
  a.children.push_back({"queue", 1 * kUs, 1500000, {}, {}});  // before the window: dropped
  a.children.push_back({"dma", 1500000, 4 * kUs, {}, {}});    // clipped to 2..4
  recorder.slice(track, a);
  recorder.slice(track, {"job", 0, 1 * kUs, {}, {}});          // before the window
  recorder.slice(track, {"job", 5 * kUs, 9 * kUs, {}, {}});    // clipped to 5..8, lane 1 again
  recorder.slice(track, {"job", 3 * kUs, 6 * kUs, {}, {}});    // overlaps both: lane 2
  recorder.slice(track, {"job", 7 * kUs, 7 * kUs, {}, {}});    // empty
  const TraceData data = recorder.finish(10 * kUs);
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

TEST_CASE("trace recorder: a window that starts after the run ends keeps nothing", "[trace][app]") {
  TraceRecorder recorder({20 * kUs, 30 * kUs});
  const auto track = recorder.add_state_track(Group::device, "dev", {"a", "b"}, 0, 0);
  recorder.add_counter(Group::device, "dev", "W", 1.0, 0);
  recorder.state(track, 1, 5 * kUs);
  const TraceData data = recorder.finish(10 * kUs);
  CHECK(data.state_tracks[0].slices.empty());
  CHECK(data.counters[0].samples.empty());
  CHECK(data.total_power.empty());
}

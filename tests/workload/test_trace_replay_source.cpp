// TraceReplaySource: each row becomes a job at its timestamp for its client, and
// the JobSource limits cut a trace short.
#include <catch2/catch.hpp>

#include <string>

#include "job_recorder.h"
#include "wakesim/workload/job_trace_reader.h"
#include "wakesim/workload/trace_replay_source.h"

using namespace wakesim;
using sc_core::SC_MS;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::emitted_in_order_at_arrival;
using wakesim::test::JobRecorder;

TEST_CASE("a trace replays every row at its timestamp for its client", "[workload][trace][replay]") {
  JobRecorder recorder;
  TraceReplaySource source("replay", JobTraceReader::read_file(WAKESIM_TEST_DATA_DIR "/workload/two_clients.csv"),
                           recorder.sink());
  sc_core::sc_start();
  REQUIRE(recorder.size() == 3);
  CHECK(emitted_in_order_at_arrival(recorder));
  CHECK(recorder[0].arrival == sc_core::SC_ZERO_TIME);
  CHECK(recorder[0].client == 0);
  CHECK(recorder[0].bytes == 4096);
  CHECK(recorder[0].direction == JobDirection::read);
  CHECK(recorder[0].deadline == sc_time(2, SC_MS));
  CHECK(recorder[1].arrival == sc_time(250, SC_US));
  CHECK(recorder[1].client == 1);
  CHECK(recorder[1].bytes == 65536);
  CHECK(recorder[1].direction == JobDirection::write);
  CHECK(recorder[1].deadline == sc_core::SC_ZERO_TIME);  // none
  CHECK(recorder[2].arrival == sc_time(1500, SC_US));
  CHECK(recorder[2].direction == JobDirection::copy);
  CHECK(recorder[2].deadline == sc_time(2, SC_MS));  // 1.5 ms + 500 us
  CHECK(source.stats().jobs == 3);
  CHECK(source.stats().bytes == 4096 + 65536 + 512);
  CHECK(source.finished());
}

TEST_CASE("jobs with equal timestamps replay in row order at the same instant", "[workload][trace][replay]") {
  JobRecorder recorder;
  TraceReplaySource source("replay",
                           JobTraceReader::read_string("timestamp,client,bytes,direction\n"
                                                       "3us,2,1KiB,read\n"
                                                       "3us,0,2KiB,write\n"
                                                       "3us,1,3KiB,copy\n"),
                           recorder.sink());
  sc_core::sc_start();
  REQUIRE(recorder.size() == 3);
  CHECK(emitted_in_order_at_arrival(recorder));
  for (std::size_t i = 0; i < 3; ++i) CHECK(recorder[i].arrival == sc_time(3, SC_US));
  CHECK(recorder[0].client == 2);
  CHECK(recorder[1].client == 0);
  CHECK(recorder[2].client == 1);
  CHECK(recorder[2].bytes == 3072);
}

TEST_CASE("stop time and job limits cut a trace replay short", "[workload][trace][replay][limits]") {
  const JobTrace trace = JobTraceReader::read_string(
      "timestamp,client,bytes,direction\n"
      "1ms,0,1KiB,read\n2ms,0,1KiB,read\n3ms,0,1KiB,read\n4ms,0,1KiB,read\n5ms,0,1KiB,read\n");
  JobRecorder stopped, capped, whole;
  JobSourceLimits limits;
  limits.stop_time = sc_time(3, SC_MS);  // the 3 ms row is not replayed
  TraceReplaySource a("a", trace, stopped.sink(), limits);
  limits = JobSourceLimits{};
  limits.max_jobs = 4;
  TraceReplaySource b("b", trace, capped.sink(), limits);
  TraceReplaySource c("c", trace, whole.sink());
  sc_core::sc_start();
  CHECK(stopped.size() == 2);
  CHECK(capped.size() == 4);
  CHECK(whole.size() == 5);
  CHECK(sc_core::sc_time_stamp() == sc_time(5, SC_MS));  // nothing ran past the trace
  CHECK(a.finished());
  CHECK(b.finished());
  CHECK(c.finished());
}

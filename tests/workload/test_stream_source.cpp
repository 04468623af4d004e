// StreamSource: a closed loop keeps `outstanding` jobs in flight, a new one the
// moment one finishes, from `start` until its stop time.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "job_recorder.h"
#include "wakesim/core/sanitizer_stack_bounds.h"
#include "wakesim/workload/stream_source.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::JobRecorder;

namespace {

StreamSourceParams stream(std::uint32_t outstanding) {
  StreamSourceParams params;
  params.outstanding = outstanding;
  params.start = sc_time(10, SC_US);
  params.bytes = JobSize::fixed(ByteSize{256});
  params.direction = JobDirection::read;
  return params;
}

// Finishes one job of `source` every `period`, `count` times, from `first`.
struct Completer : sc_core::sc_module {
  Completer(const sc_core::sc_module_name& name, StreamSource& source, sc_time first, sc_time period, int count)
      : sc_core::sc_module(name), source_(source), first_(first), period_(period), count_(count) {
    SC_HAS_PROCESS(Completer);
    SC_THREAD(run);
  }
  void run() {
    sc_core::wait(first_);
    for (int i = 0; i < count_; ++i) {
      source_.job_finished();
      sc_core::wait(period_);
    }
  }
  StreamSource& source_;
  sc_time first_, period_;
  int count_;
};

}  // namespace

TEST_CASE("N jobs at start, then one the moment each finishes", "[workload][stream][stream_source]") {
  JobRecorder recorder;
  StreamSourceParams params = stream(3);
  params.limits.stop_time = sc_time(100, SC_US);
  StreamSource source("s", params, recorder.sink(), RandomStream(1));
  // Completions at 20, 25, 30, 35, 40 us: five more jobs, each at its completion.
  Completer completer("c", source, sc_time(20, SC_US), sc_time(5, SC_US), 5);
  sc_core::sc_start(sc_time(200, SC_US));
  REQUIRE(recorder.size() == 8);
  for (int i = 0; i < 3; ++i) CHECK(recorder[i].arrival == sc_time(10, SC_US));
  for (int i = 0; i < 5; ++i) CHECK(recorder[3 + i].arrival == sc_time(20 + 5 * i, SC_US));
  CHECK(recorder.jobs()[7].called_at == sc_time(40, SC_US));
  CHECK(recorder[7].direction == JobDirection::read);
  CHECK(recorder[7].bytes == 256);
  CHECK(source.in_flight() == 3);
  CHECK(source.stats().jobs == 8);
}

TEST_CASE("no job arrives at or after the stop time, and zero outstanding is refused",
          "[workload][stream][stream_source]") {
  JobRecorder recorder;
  StreamSourceParams params = stream(1);
  params.limits.stop_time = sc_time(30, SC_US);
  StreamSource source("s", params, recorder.sink(), RandomStream(1));
  // Finishes at 20, 30, 40 us: the jobs due at 30 and 40 are past the stop time.
  Completer completer("c", source, sc_time(20, SC_US), sc_time(10, SC_US), 3);
  sc_core::sc_start(sc_time(200, SC_US));
  restore_sanitizer_stack_bounds();  // the throw below is on the main stack after a run
  CHECK(recorder.size() == 2);       // at 10 us (start) and 20 us
  CHECK(source.finished());
  CHECK_THROWS_AS(StreamSource("bad", stream(0), recorder.sink(), RandomStream(1)), std::invalid_argument);
}

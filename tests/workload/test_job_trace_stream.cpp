// JobTraceStream and JobTraceSelection: a trace file is read one line at a time,
// with the same rows and the same errors as the whole-file reader, and one
// client's rows replay from the file without being held in memory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "job_recorder.h"
#include "wakesim/workload/job_trace_error.h"
#include "wakesim/workload/job_trace_reader.h"
#include "wakesim/workload/job_trace_selection.h"
#include "wakesim/workload/job_trace_stream.h"
#include "wakesim/workload/trace_replay_source.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::JobRecorder;

namespace {

const std::string kTwoClients = WAKESIM_TEST_DATA_DIR "/workload/two_clients.csv";

std::string scratch_file(const std::string& name, const std::string& text) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("wakesim-" + name + "-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string stream_error(const std::string& path) {
  try {
    JobTraceStream stream(path);
    while (stream.next()) {
    }
  } catch (const JobTraceError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a streamed trace gives the rows of the whole-file reader, in order, then nothing", "[workload][trace]") {
  const JobTrace whole = JobTraceReader::read_string(
      "\xEF\xBB\xBF# recorded\r\ntimestamp,client,bytes,direction,deadline\r\n\r\n0s,0,4KiB,read,2ms\r\n"
      "250us,1,64KiB,write,\r\n1.5ms,0,512B,copy,500us\r\n");
  const std::string path = scratch_file("stream-rows",
                                        "\xEF\xBB\xBF# recorded\r\ntimestamp,client,bytes,direction,deadline\r\n\r\n"
                                        "0s,0,4KiB,read,2ms\r\n250us,1,64KiB,write,\r\n1.5ms,0,512B,copy,500us");
  JobTraceStream stream(path);
  std::vector<JobTraceRow> rows;
  while (std::optional<JobTraceRow> row = stream.next()) rows.push_back(*row);
  CHECK_FALSE(stream.next());
  REQUIRE(rows.size() == whole.size());
  REQUIRE(rows.size() == 3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].timestamp == whole.rows()[i].timestamp);
    CHECK(rows[i].client == whole.rows()[i].client);
    CHECK(rows[i].bytes == whole.rows()[i].bytes);
    CHECK(rows[i].direction == whole.rows()[i].direction);
    CHECK(rows[i].relative_deadline == whole.rows()[i].relative_deadline);
    CHECK(rows[i].line == whole.rows()[i].line);
  }
  CHECK(rows[2].line == 6);
  std::filesystem::remove(path);
}

TEST_CASE("a streamed trace names the file, line and column of a bad row, and a missing header", "[workload][trace]") {
  const std::string bad =
      scratch_file("stream-bad", "timestamp,client,bytes,direction\n0s,0,4KiB,read\n1ms,0,4KiB,sideways\n");
  CHECK(stream_error(bad) == bad + ":3:12: direction: unknown direction 'sideways'; expected read, write or copy");
  const std::string empty = scratch_file("stream-empty", "# nothing\n\n");
  CHECK(stream_error(empty) ==
        empty + ": no header line; expected timestamp,client,bytes,direction[,deadline][,offset]");
  CHECK(stream_error("/nonexistent/trace.csv").find("/nonexistent/trace.csv: cannot open: No such file") == 0);
  std::filesystem::remove(bad);
  std::filesystem::remove(empty);
}

TEST_CASE("a selection counts one client's rows and checks every row of the file", "[workload][trace]") {
  const JobTraceSelection zero = select_job_trace_rows(kTwoClients, 0, 3);
  CHECK(zero.path == kTwoClients);
  CHECK(zero.column_client == 0);
  CHECK(zero.client == 3);
  CHECK(zero.rows == 2);
  CHECK(select_job_trace_rows(kTwoClients, 1, 0).rows == 1);
  CHECK(select_job_trace_rows(kTwoClients, 7, 0).rows == 0);
  // A bad row of another client is still an error.
  const std::string bad =
      scratch_file("select-bad", "timestamp,client,bytes,direction\n0s,0,4KiB,read\n1ms,1,0B,read\n");
  CHECK_THROWS_AS(select_job_trace_rows(bad, 0, 0), JobTraceError);
  std::filesystem::remove(bad);
}

TEST_CASE("a selection replays its client's rows from the file, routed to its client", "[workload][trace][replay]") {
  JobRecorder recorder;
  TraceReplaySource source("replay", select_job_trace_rows(kTwoClients, 0, 5), recorder.sink());
  sc_core::sc_start();
  REQUIRE(recorder.size() == 2);
  CHECK(recorder[0].client == 5);
  CHECK(recorder[0].arrival == sc_core::SC_ZERO_TIME);
  CHECK(recorder[0].bytes == 4096);
  CHECK(recorder[1].client == 5);
  CHECK(recorder[1].arrival == sc_time(1500, SC_US));
  CHECK(recorder[1].bytes == 512);
  CHECK_FALSE(source.failure());
  CHECK(source.finished());
}

TEST_CASE("a trace file that turns bad during the run stops the simulation and says why", "[workload][trace][replay]") {
  const std::string path =
      scratch_file("replay-changed", "timestamp,client,bytes,direction\n0s,0,4KiB,read\n10us,0,4KiB,read\n");
  const JobTraceSelection selection = select_job_trace_rows(path, 0, 0);
  REQUIRE(selection.rows == 2);
  JobRecorder recorder;
  TraceReplaySource source("replay", selection, recorder.sink());
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      << "timestamp,client,bytes,direction\n0s,0,4KiB,read\n10us,0,4KiB,sideways\n";
  sc_core::sc_start(sc_time(1, sc_core::SC_SEC));
  CHECK(recorder.size() == 1);
  REQUIRE(source.failure());
  CHECK(source.failure()->find(path + ":3:") == 0);
  CHECK(sc_core::sc_time_stamp() < sc_time(1, sc_core::SC_SEC));  // stopped, not run to the end
  std::filesystem::remove(path);
}

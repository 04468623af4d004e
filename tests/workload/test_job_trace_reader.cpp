// JobTraceReader: a valid CSV trace reads into exact rows, and every kind of bad
// trace is refused with FILE:LINE:COL: FIELD: message.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "wakesim/workload/job_trace_error.h"
#include "wakesim/workload/job_trace_reader.h"

using namespace wakesim;
using sc_core::SC_MS;
using sc_core::sc_time;
using sc_core::SC_US;

namespace {

const std::string kHeader = "timestamp,client,bytes,direction\n";
const std::string kExpected = "; expected timestamp,client,bytes,direction[,deadline][,offset]";
const std::string kDataDir = WAKESIM_TEST_DATA_DIR "/workload";

// The text's error message, or "no error".
std::string error_of(const std::string& text) {
  try {
    JobTraceReader::read_string(text, "t.csv");
  } catch (const JobTraceError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a trace file reads into rows with exact times sizes clients directions and deadlines", "[workload][trace]") {
  const JobTrace trace = JobTraceReader::read_file(kDataDir + "/two_clients.csv");
  CHECK(trace.source() == kDataDir + "/two_clients.csv");
  REQUIRE(trace.size() == 3);
  const auto& rows = trace.rows();
  CHECK(rows[0].timestamp == sc_core::SC_ZERO_TIME);
  CHECK(rows[0].client == 0);
  CHECK(rows[0].bytes == 4096);
  CHECK(rows[0].direction == JobDirection::read);
  CHECK(rows[0].relative_deadline == sc_time(2, SC_MS));
  CHECK(rows[0].line == 3);
  CHECK(rows[1].timestamp == sc_time(250, SC_US));
  CHECK(rows[1].client == 1);
  CHECK(rows[1].bytes == 65536);
  CHECK(rows[1].direction == JobDirection::write);
  CHECK_FALSE(rows[1].relative_deadline.has_value());  // an empty deadline field
  CHECK(rows[2].timestamp == sc_time(1500, SC_US));
  CHECK(rows[2].bytes == 512);
  CHECK(rows[2].direction == JobDirection::copy);
  CHECK(rows[2].relative_deadline == sc_time(500, SC_US));
  CHECK(rows[2].line == 5);
  CHECK(trace.client_count() == 2);
}

TEST_CASE("trace columns come in any order around spaces with CRLF and a byte-order mark", "[workload][trace]") {
  const JobTrace trace = JobTraceReader::read_string(
      "\xEF\xBB\xBF"
      "client , direction,timestamp,bytes\r\n"
      "\r\n"
      "  # a comment\r\n"
      " 1, read , 1.5ms , 1.5KiB\r\n"
      "0,copy,1.5ms,1B",  // equal timestamps, no final newline
      "mem");
  CHECK(trace.source() == "mem");
  REQUIRE(trace.size() == 2);
  CHECK(trace.rows()[0].timestamp == sc_time(1500, SC_US));
  CHECK(trace.rows()[0].client == 1);
  CHECK(trace.rows()[0].bytes == 1536);
  CHECK(trace.rows()[0].direction == JobDirection::read);
  CHECK_FALSE(trace.rows()[0].relative_deadline.has_value());
  CHECK(trace.rows()[0].line == 4);
  CHECK(trace.rows()[1].timestamp == sc_time(1500, SC_US));
  CHECK(trace.rows()[1].bytes == 1);
  CHECK(trace.rows()[1].line == 5);
  CHECK(JobTraceReader::read_string(kHeader).empty());  // a header alone: no jobs
}

TEST_CASE("a trace error carries file line column field and message", "[workload][trace][errors]") {
  try {
    JobTraceReader::read_string(kHeader + "1ms,0,4KiB,raed\n", "t.csv");
    FAIL("no error");
  } catch (const JobTraceError& error) {
    CHECK(error.file() == "t.csv");
    CHECK(error.line() == 2);
    CHECK(error.column() == 12);
    CHECK(error.field() == "direction");
    CHECK(error.message() == "unknown direction 'raed' (did you mean 'read'?); expected read, write or copy");
  }
}

TEST_CASE("a trace without a proper header is refused", "[workload][trace][errors]") {
  CHECK(error_of("") == "t.csv: no header line" + kExpected);
  CHECK(error_of("# just a comment\n\n") == "t.csv: no header line" + kExpected);
  CHECK(error_of("timestamp,client,bytes,direction,dedline\n") ==
        "t.csv:1:34: unknown column 'dedline' (did you mean 'deadline'?)" + kExpected);
  CHECK(error_of("timestamp,client,bytes,size,direction\n") == "t.csv:1:24: unknown column 'size'" + kExpected);
  CHECK(error_of("timestamp,client,bytes,bytes,direction\n") == "t.csv:1:24: column 'bytes' appears twice");
  CHECK(error_of("timestamp,client,bytes\n") == "t.csv:1:1: the header has no 'direction' column" + kExpected);
  CHECK(error_of("timestamp,client,,direction\n") == "t.csv:1:18: empty column name in the header" + kExpected);
}

TEST_CASE("a trace row with too few or too many fields is refused", "[workload][trace][errors]") {
  CHECK(error_of(kHeader + "1ms,0,4KiB\n") ==
        "t.csv:2:11: direction: missing field: the row has 3 fields, the header 4");
  CHECK(error_of(kHeader + "1ms,0,4KiB,read,x\n") == "t.csv:2:17: extra field: the row has 5 fields, the header 4");
  CHECK(error_of(kHeader + "1ms,0,4KiB,read,\n") == "t.csv:2:17: extra field: the row has 5 fields, the header 4");
  CHECK(error_of(kHeader + "1ms,,4KiB,read\n") == "t.csv:2:5: client: missing value");
  CHECK(error_of(kHeader + "\"1ms\",0,4KiB,read\n") == "t.csv:2:1: timestamp: quoted fields are not supported");
}

TEST_CASE("trace timestamps must carry a unit and never go back", "[workload][trace][errors]") {
  CHECK(error_of(kHeader + "2ms,0,4KiB,read\n1ms,0,4KiB,read\n") ==
        "t.csv:3:1: timestamp: 1ms is before the previous row's 2ms (line 2); rows must be in "
        "time order");
  CHECK(error_of(kHeader + "1.5,0,4KiB,read\n") ==
        "t.csv:2:1: timestamp: '1.5' has no unit; a duration needs one of s, ms, us, ns, ps");
  CHECK(error_of(kHeader + "-1ms,0,4KiB,read\n") ==
        "t.csv:2:1: timestamp: '-1ms' is negative; a duration cannot be negative");
  const std::string path = kDataDir + "/out_of_order.csv";
  try {
    JobTraceReader::read_file(path);
    FAIL("no error");
  } catch (const JobTraceError& error) {
    CHECK(std::string(error.what()) ==
          path +
              ":4:1: timestamp: 1.5ms is before the previous row's 2ms (line 3); rows must "
              "be in time order");
  }
}

TEST_CASE("trace clients sizes directions and deadlines are checked", "[workload][trace][errors]") {
  const std::string not_a_client = " is not a client index (a whole number 0 .. 4294967295)";
  CHECK(error_of(kHeader + "1ms,-1,4KiB,read\n") == "t.csv:2:5: client: '-1'" + not_a_client);
  CHECK(error_of(kHeader + "1ms,4294967296,4KiB,read\n") == "t.csv:2:5: client: '4294967296'" + not_a_client);
  CHECK(error_of(kHeader + "1ms,dma0,4KiB,read\n") == "t.csv:2:5: client: 'dma0'" + not_a_client);
  // The column is where the value starts, after the blanks around it.
  CHECK(error_of(kHeader + "1ms,  x ,4KiB,read\n") == "t.csv:2:7: client: 'x'" + not_a_client);
  const std::string size_units = "a size needs one of B, kB, KB, MB, GB, TB, KiB, MiB, GiB, TiB";
  CHECK(error_of(kHeader + "1ms,0,4kib,read\n") ==
        "t.csv:2:7: bytes: '4kib' has an unknown unit 'kib' (units are case-sensitive: did you "
        "mean 'KiB'?); " +
            size_units);
  CHECK(error_of(kHeader + "1ms,0,4ms,read\n") == "t.csv:2:7: bytes: '4ms' is a duration, not a size; " + size_units);
  CHECK(error_of(kHeader + "1ms,0,0B,read\n") == "t.csv:2:7: bytes: a job must move at least 1B");
  CHECK(error_of(kHeader + "1ms,  0,4KiB,sideways\n") ==
        "t.csv:2:14: direction: unknown direction 'sideways'; expected read, write or copy");
  const std::string with_deadline = "timestamp,client,bytes,direction,deadline\n";
  CHECK(error_of(with_deadline + "1ms,0,4KiB,read,0s\n") ==
        "t.csv:2:17: deadline: a deadline must be positive (leave the field empty for none)");
  CHECK(error_of(with_deadline + "1ms,0,4KiB,read,5\n") ==
        "t.csv:2:17: deadline: '5' has no unit; a duration needs one of s, ms, us, ns, ps");
}

TEST_CASE("trace line numbers count comments blank lines and CRLF lines", "[workload][trace][errors]") {
  CHECK(error_of("# recorded\r\n\r\ntimestamp,client,bytes,direction\r\n1ms,0,4KiB,read\r\n"
                 "\r\n2ms,0,4KiB,bad\r\n") ==
        "t.csv:6:12: direction: unknown direction 'bad'; expected read, write or copy");
}

TEST_CASE("a missing trace file or a directory is refused by name", "[workload][trace][errors]") {
  const std::string path = kDataDir + "/no_such_trace.csv";
  try {
    JobTraceReader::read_file(path);
    FAIL("no error");
  } catch (const JobTraceError& error) {
    CHECK(std::string(error.what()) == path + ": cannot open: No such file or directory");
    CHECK(error.line() == 0);
  }
  try {
    JobTraceReader::read_file(kDataDir);
    FAIL("no error");
  } catch (const JobTraceError& error) {
    CHECK(std::string(error.what()) == kDataDir + ": cannot read: it is a directory");
  }
}

TEST_CASE("a trace built in code must be in time order", "[workload][trace]") {
  JobTraceRow early, late;
  early.timestamp = sc_time(1, SC_MS);
  late.timestamp = sc_time(2, SC_MS);
  CHECK_NOTHROW(JobTrace("code", {early, late}));
  CHECK_THROWS_AS(JobTrace("code", {late, early}), std::invalid_argument);
}

TEST_CASE("a trace's optional offset column gives each job's start in its buffers", "[workload][trace][address]") {
  const JobTrace trace = JobTraceReader::read_string(
      "timestamp,client,bytes,direction,offset\n0s,0,64B,read,4KiB\n1ms,0,64B,read,\n2ms,0,64B,read,100B\n", "t.csv");
  REQUIRE(trace.rows().size() == 3);
  CHECK(trace.rows()[0].offset == 4096);
  CHECK(trace.rows()[1].offset == 0);  // empty: the buffer's base
  CHECK(trace.rows()[2].offset == 100);
  CHECK(JobTraceReader::read_string(kHeader + "0s,0,64B,read\n", "t.csv").rows()[0].offset == 0);
  CHECK_THAT(error_of("timestamp,client,bytes,direction,offset\n0s,0,64B,read,4 parsecs\n"),
             Catch::Matchers::Contains("t.csv:2:15: offset:"));
}

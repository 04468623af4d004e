// Bad `address` and `stream` keys of a scenario's workload: refused with exit 2
// at the file, line and key (scenarios/README.md, 'Job addresses').
#include <catch2/catch.hpp>

#include <fstream>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

// A stream scenario whose workload is `workload` (indented lines after `workload:`,
// the bad key on line 15 when it is the workload's third line).
std::string scenario_text(const std::string& workload) {
  return "scenario:\n"            // 1
         "  name: bad-address\n"  // 2
         "  platform: " +
         source_path("tests/data/stream/stream_platform.yaml") +
         "\n"                                                           // 3
         "  duration: 1ms\n"                                            // 4
         "  clients:\n"                                                 // 5
         "    - name: c\n"                                              // 6
         "      dma: dmac_mmu\n"                                        // 7
         "      policy: always_on\n"                                    // 8
         "      source_buffer: {base: 0x80000000, size: 1MiB}\n"        // 9
         "      destination_buffer: {base: 0x80100000, size: 64KiB}\n"  // 10
         "      workload:\n"                                            // 11
         "        type: stream\n"                                       // 12
         "        bytes: 64B\n"                                         // 13
         + workload;                                                    // 14..
}

// Runs the scenario; returns stderr after checking the exit code is 2.
std::string refused(const std::string& workload) {
  const fs::path dir = fresh_directory("bad-address");
  fs::create_directories(dir);
  const fs::path file = dir / "bad.yaml";
  std::ofstream(file) << scenario_text(workload);
  const auto outcome = run_wakesim(file.string(), dir / "out");
  INFO(outcome.errors);
  CHECK(outcome.exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "out" / "report.json"));
  fs::remove_all(dir);
  return outcome.errors;
}

}  // namespace

TEST_CASE("a window larger than the addressed buffer is refused at its line", "[app][address][address_errors]") {
  const std::string errors = refused(
      "        outstanding: 1\n"
      "        direction: write\n"
      "        address: {pattern: random, window: 128KiB, align: 4KiB}\n");
  CHECK_THAT(errors, Contains("bad.yaml:16"));
  CHECK_THAT(errors, Contains("workload.address.window"));
  CHECK_THAT(errors, Contains("destination_buffer"));
}

TEST_CASE("a zero stride is refused at its line", "[app][address][address_errors]") {
  const std::string errors = refused(
      "        outstanding: 1\n"
      "        direction: read\n"
      "        address:\n"
      "          pattern: strided\n"
      "          stride: 0B\n");
  CHECK_THAT(errors, Contains("bad.yaml:18"));
  CHECK_THAT(errors, Contains("workload.address.stride"));
  CHECK_THAT(errors, Contains("positive"));
}

TEST_CASE("a key of another pattern is refused", "[app][address][address_errors]") {
  const std::string errors = refused(
      "        outstanding: 1\n"
      "        address: {pattern: random, stride: 4KiB}\n");
  CHECK_THAT(errors, Contains("bad.yaml:15"));
  CHECK_THAT(errors, Contains("workload.address.stride"));
  CHECK_THAT(errors, Contains("strided only"));
}

TEST_CASE("a random window smaller than the job or an unknown pattern is refused", "[app][address][address_errors]") {
  CHECK_THAT(refused("        outstanding: 1\n"
                     "        direction: read\n"
                     "        address: {pattern: random, window: 32B}\n"),
             Contains("cannot hold a job of 64B"));
  CHECK_THAT(refused("        outstanding: 1\n"
                     "        address: {pattern: zigzag}\n"),
             Contains("workload.address.pattern"));
}

TEST_CASE("outstanding is required and at least 1, a duration positive", "[app][stream][stream_errors]") {
  CHECK_THAT(refused("        direction: read\n"), Contains("workload.outstanding"));
  const std::string zero = refused("        outstanding: 0\n");
  CHECK_THAT(zero, Contains("bad.yaml:14"));
  CHECK_THAT(zero, Contains("workload.outstanding"));
  const std::string duration = refused(
      "        outstanding: 2\n"
      "        duration: 0s\n");
  CHECK_THAT(duration, Contains("bad.yaml:15"));
  CHECK_THAT(duration, Contains("workload.duration"));
}

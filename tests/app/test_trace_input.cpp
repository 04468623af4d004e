// A scenario's job trace file through the wakesim binary: a trace that cannot
// be read is refused at the scenario key that names it, and a long trace is
// streamed, so reading and replaying it takes the memory of one line, not of
// the file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/resource.h>

#include "support/address_sanitizer.h"
#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::built_with_address_sanitizer;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

// A one-client scenario replaying `trace` (relative to the scenario); the
// workload's `file` key is at 13:15.
std::string trace_scenario(const std::string& trace, const std::string& duration = "10ms") {
  return "scenario:\n"       // 1
         "  name: traced\n"  // 2
         "  platform: " +
         source_path("platforms/exynos_like.yaml") +
         "\n"           // 3
         "  seed: 1\n"  // 4
         "  duration: " +
         duration +
         "\n"                                                           // 5
         "  clients:\n"                                                 // 6
         "    - name: audio\n"                                          // 7
         "      dma: pl330\n"                                           // 8
         "      channel: 0\n"                                           // 9
         "      policy: always_on\n"                                    // 10
         "      source_buffer: {base: 0x80000000, size: 64KiB}\n"       // 11
         "      destination_buffer: {base: 0x80100000, size: 64KiB}\n"  // 12
         "      workload: {type: trace, file: " +
         trace + "}\n";  // 13
}

}  // namespace

TEST_CASE("a missing trace or a directory is refused at the scenario's file key by run and validate",
          "[app][trace_input]") {
  const fs::path dir = fresh_directory("trace-missing");
  fs::create_directories(dir / "a-directory.csv");
  const std::pair<std::string, std::string> cases[] = {{"missing.csv", "No such file or directory"},
                                                       {"a-directory.csv", "it is a directory"}};
  for (const auto& [trace, why] : cases) {
    INFO(trace);
    const fs::path scenario = dir / "traced.yaml";
    std::ofstream(scenario) << trace_scenario(trace);
    const std::string expected = "wakesim: " + scenario.string() +
                                 ":13:37: scenario.clients.0.workload.file: cannot read trace '" +
                                 (dir / trace).string() + "': " + why + "\n";
    const auto run = run_wakesim(scenario.string(), dir / "out");
    CHECK(run.exit_code == 2);
    CHECK(run.errors == expected);
    CHECK_FALSE(fs::exists(dir / "out"));
    const auto validate = run_wakesim_args("validate " + shell_quoted(scenario.string()));
    CHECK(validate.exit_code == 2);
    CHECK(validate.errors == expected);
  }
  fs::remove_all(dir);
}

TEST_CASE("a trace of a million rows is read and replayed in bounded memory", "[app][trace_input]") {
  if (built_with_address_sanitizer()) {
    WARN("skipped: the sanitizer's shadow memory makes resident sizes meaningless");
    return;
  }
  const fs::path dir = fresh_directory("trace-long");
  fs::create_directories(dir);
  {
    std::ofstream trace(dir / "long.csv");
    trace << "timestamp,client,bytes,direction\n";
    for (int row = 0; row < 1000000; ++row) trace << row * 100 << "us,0,1KiB,read\n";
  }
  REQUIRE(fs::file_size(dir / "long.csv") > 20'000'000);  // 1e6 rows
  std::ofstream(dir / "traced.yaml") << trace_scenario("long.csv", "20ms");
  const auto run = run_wakesim((dir / "traced.yaml").string(), dir / "out");
  INFO(run.errors);
  REQUIRE(run.exit_code == 0);
  const nlohmann::json report = wakesim::test::read_report(dir / "out");
  CHECK(report["metrics"]["clients"]["audio"]["requests"].get<int>() == 200);  // one per 100 us of the 20 ms
  // Held whole, the file's text and its rows took over 150 MB; streamed, the
  // run stays near the size of a run without a trace.
  rusage usage{};
  REQUIRE(::getrusage(RUSAGE_CHILDREN, &usage) == 0);
  CHECK(usage.ru_maxrss < 80 * 1024);  // kilobytes
  fs::remove_all(dir);
}

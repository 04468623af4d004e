// What no command handles still ends as one clear line and an exit code, never
// SystemC's "(E549) uncaught exception": here memory exhausted in the middle of
// a run, inside a SystemC process. (The other kinds are in test_sweep.cpp,
// test_trace_input.cpp and test_bad_input.cpp; every run of the binary in the
// app tests also checks that nothing prints E549, see wakesim_process.h.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "support/address_sanitizer.h"
#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Matches;
using wakesim::test::built_with_address_sanitizer;
using wakesim::test::fresh_directory;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

TEST_CASE("memory exhausted inside a SystemC process is one line naming the process, exit 1", "[app][escaped]") {
  if (built_with_address_sanitizer()) {
    WARN("skipped: the sanitizer reserves terabytes of address space, so no address-space limit can be set");
    return;
  }
  const fs::path out = fresh_directory("escaped-memory");
  // 64 MiB jobs: the simulated DRAM keeps every page written, so the run needs
  // well over the 50 MB of address space the shell allows it.
  const std::string run = std::string(WAKESIM_BINARY) + " run " +
                          shell_quoted(source_path("scenarios/pl330_periodic.yaml")) + " --quiet --out " +
                          shell_quoted(out.string()) +
                          " --set scenario.clients.0.workload.bytes=64MiB"
                          " --set 'scenario.clients.0.source_buffer={base: 0x80000000, size: 64MiB}'"
                          " --set 'scenario.clients.0.destination_buffer={base: 0x84000000, size: 64MiB}'"
                          " --set scenario.duration=100ms";
  const auto limited = wakesim::test::run_shell("ulimit -v 50000; exec " + run);
  INFO(limited.errors);
  CHECK(limited.exit_code == 1);
  CHECK_THAT(limited.errors,
             Matches("wakesim: out of memory \\(the configuration asks for more than this machine has\\) in "
                     "scenario\\.soc\\.pl330\\.ch_0\\.run at [0-9.]+ ?[a-z]+\n"));
  CHECK_FALSE(fs::exists(out / "report.json"));
  fs::remove_all(out);
}

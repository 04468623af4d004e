// Entry point for every Catch2 test executable.
//
// libsystemc defines main() and calls sc_main(), so the Catch session runs from
// here. SystemC elaborates and simulates once per process, so a test case runs
// in a process of its own: ctest gives each its own (catch_discover_tests), and
// an executable run directly with several cases selected says so and runs each
// selected case as a child process of itself, one after another, then reports
// how many passed. SystemC warnings throw, so a test that provokes one fails
// instead of printing and passing.
#define CATCH_CONFIG_RUNNER
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <systemc>
#include <vector>

#include "wakesim/core/quiet_systemc_banner.h"

extern char** environ;

namespace {

// The test spec that selects exactly `name`: Catch reads ',' as "or", '[' and
// ']' as a tag and '\' as an escape (what CatchAddTests.cmake escapes too).
std::string exact_spec(const std::string& name) {
  std::string spec;
  for (const char c : name) {
    if (c == ',' || c == '[' || c == ']' || c == '\\') spec += '\\';
    spec += c;
  }
  return spec;
}

// Runs this executable again with the spec of `name` alone, its output into
// `log`, and waits: 0 when the case passed.
int run_in_child(const char* self, const std::string& name, const std::string& log) {
  std::string spec = exact_spec(name);
  std::vector<char*> argv = {const_cast<char*>(self), spec.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void print_file(const std::string& path) {
  std::ifstream in(path);
  std::cout << in.rdbuf() << std::flush;
}

bool only_lists(const Catch::ConfigData& data) {
  return data.listTests || data.listTestNamesOnly || data.listTags || data.listReporters || data.showHelp;
}

int run_each_in_own_process(const char* self, const std::vector<Catch::TestCase>& selected) {
  std::printf(
      "%s: SystemC elaborates once per process, so each of the %zu selected test cases runs in a process of its "
      "own.\nRun one with: %s \"NAME\" (names: --list-test-names-only); ctest runs them in parallel.\n",
      self, selected.size(), self);
  std::fflush(stdout);
  const std::string log = std::filesystem::temp_directory_path() / ("catch-case-" + std::to_string(::getpid()));
  std::size_t failed = 0;
  for (const Catch::TestCase& test : selected) {
    const int code = run_in_child(self, test.name, log);
    if (code != 0) {
      ++failed;
      print_file(log);  // only a failing case's output
      std::printf("FAILED (exit %d): %s\n", code, test.name.c_str());
      std::fflush(stdout);
    }
  }
  std::filesystem::remove(log);
  std::printf("%zu of %zu test cases passed, each in its own process\n", selected.size() - failed, selected.size());
  return failed == 0 ? 0 : 1;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_THROW);
  Catch::Session session;
  if (const int parse_error = session.applyCommandLine(argc, argv)) return parse_error;
  if (!only_lists(session.configData())) {
    const Catch::Config& config = session.config();
    const std::vector<Catch::TestCase> selected =
        Catch::filterTests(Catch::getAllTestCasesSorted(config), config.testSpec(), config);
    if (selected.size() > 1) return run_each_in_own_process(argv[0], selected);
  }
  return session.run();
}

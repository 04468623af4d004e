#pragma once
// Runs the wakesim binary as a child process (SystemC elaborates once per
// process, so every simulated run of an app test is its own process) and reads
// what it wrote.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace wakesim::test {

inline std::string shell_quoted(const std::string& text) {
  std::string result = "'";
  for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return result + "'";
}

inline std::string source_path(const std::string& relative) { return std::string(WAKESIM_SOURCE_DIR) + "/" + relative; }

// A fresh directory name under the temporary directory, unique to this process.
inline std::filesystem::path fresh_directory(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("wakesim-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// Whatever wakesim prints, an exception must never reach SystemC's own handler:
// its "Error: (E549) uncaught exception" is a bug, not an error message. Every
// run of the binary through these helpers checks it.
inline void check_no_escaped_exception(const std::string& output) {
  INFO(output);
  CHECK(output.find("E549") == std::string::npos);
  CHECK(output.find("uncaught exception") == std::string::npos);
}

struct WakesimOutcome {
  int exit_code;
  std::string errors;  // stderr (run_wakesim_args: stdout and stderr)
};

// `wakesim run FILE --out OUT --quiet --set ...`; stdout discarded, stderr kept.
inline WakesimOutcome run_wakesim(const std::string& file, const std::filesystem::path& out,
                                  const std::vector<std::string>& overrides = {}) {
  const std::filesystem::path errors_file =
      std::filesystem::temp_directory_path() / ("wakesim-stderr-" + std::to_string(::getpid()));
  std::string command =
      std::string(WAKESIM_BINARY) + " run " + shell_quoted(file) + " --out " + shell_quoted(out.string()) + " --quiet";
  for (const std::string& assignment : overrides) command += " --set " + shell_quoted(assignment);
  command += " 2>" + shell_quoted(errors_file.string());
  const int status = std::system(command.c_str());
  std::ifstream in(errors_file);
  std::stringstream errors;
  errors << in.rdbuf();
  std::filesystem::remove(errors_file);
  check_no_escaped_exception(errors.str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, errors.str()};
}

// `wakesim ARGS` (already quoted as needed); stdout and stderr both kept.
// `environment` (e.g. "NAME=value ") is put before the command.
inline WakesimOutcome run_wakesim_args(const std::string& args, const std::string& environment = "") {
  const std::filesystem::path output =
      std::filesystem::temp_directory_path() / ("wakesim-output-" + std::to_string(::getpid()));
  const std::string command =
      environment + std::string(WAKESIM_BINARY) + " " + args + " >" + shell_quoted(output.string()) + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(output);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove(output);
  check_no_escaped_exception(text.str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

// `bash -c COMMAND` (a command line that runs wakesim under limits, say); stdout
// and stderr both kept.
inline WakesimOutcome run_shell(const std::string& command) {
  const std::filesystem::path output =
      std::filesystem::temp_directory_path() / ("wakesim-shell-output-" + std::to_string(::getpid()));
  const int status =
      std::system(("bash -c " + shell_quoted(command) + " >" + shell_quoted(output.string()) + " 2>&1").c_str());
  std::ifstream in(output);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove(output);
  check_no_escaped_exception(text.str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

// The overrides with the platform's CPU side taken away (platform.cpus=null):
// a run of the device chain alone, whose numbers are those of a platform without
// CPUs, for tests whose hand calculations are of the devices (tests/cpu and
// tests/app/test_cpu_scenarios.cpp cover the CPU side).
inline std::vector<std::string> without_cpus(std::vector<std::string> overrides) {
  overrides.insert(overrides.begin(), "platform.cpus=null");
  return overrides;
}

// A whole file's text ("" when it cannot be read).
inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline nlohmann::json read_report(const std::filesystem::path& out) {
  std::ifstream file(out / "report.json");
  return nlohmann::json::parse(file);
}

// `wakesim run SCENARIO --set ...` (SCENARIO relative to the source tree) in a
// fresh directory named after `tag`; its report.json, the directory removed.
inline nlohmann::json run_report(const std::string& scenario, const std::string& tag,
                                 const std::vector<std::string>& overrides = {}) {
  const std::filesystem::path out = fresh_directory(tag);
  const WakesimOutcome outcome = run_wakesim(source_path(scenario), out, overrides);
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  nlohmann::json report = read_report(out);
  std::filesystem::remove_all(out);
  return report;
}

}  // namespace wakesim::test

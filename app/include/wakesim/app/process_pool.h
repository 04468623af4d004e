#pragma once
// Runs child processes, at most `parallelism` at a time (a sweep's points: SystemC
// elaborates once per process, so each simulation is its own process). A child's
// stdout goes to /dev/null and its stderr to a log file of the caller's choice.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace wakesim {

struct ChildJob {
  std::vector<std::string> argv;  // argv[0] is the program's path
  std::string stderr_path;
};

struct ChildResult {
  std::size_t job = 0;  // index into the jobs given to run()
  int exit_code = -1;   // -1 if it could not start or died of a signal
  int signal = 0;       // the signal that killed it, if any
  double seconds = 0;   // wall time
};

class ProcessPool {
 public:
  explicit ProcessPool(unsigned parallelism) : parallelism_(parallelism == 0 ? 1 : parallelism) {}

  // Runs every job and calls `done` (in the caller's thread) as each one ends,
  // in the order they end. Jobs start in index order. When `done` throws, no
  // further job starts; the running ones are waited for (unreported) and the
  // exception goes on to the caller.
  void run(const std::vector<ChildJob>& jobs, const std::function<void(const ChildResult&)>& done);

 private:
  unsigned parallelism_;
};

// The path of the running executable (/proc/self/exe).
std::string current_executable();

}  // namespace wakesim

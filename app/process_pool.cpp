#include "wakesim/app/process_pool.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <map>
#include <stdexcept>

#include <filesystem>

extern char** environ;

namespace wakesim {
namespace {

using Clock = std::chrono::steady_clock;

// Starts one child; returns its pid, or -1.
pid_t spawn(const ChildJob& job) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, job.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<char*> argv;
  for (const std::string& arg : job.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? pid : -1;
}

struct Running {
  std::size_t job;
  Clock::time_point start;
};

// After a failure of the caller's: the running children end as they would
// (each writes only its own output), unreported.
void wait_for(const std::map<pid_t, Running>& running) {
  for (const auto& child : running) {
    int status = 0;
    while (::waitpid(child.first, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

}  // namespace

void ProcessPool::run(const std::vector<ChildJob>& jobs, const std::function<void(const ChildResult&)>& done) {
  std::map<pid_t, Running> running;
  // `done` may throw (the caller cannot write its results): no job starts after
  // that, and the ones running are waited for before the exception goes on.
  const auto report = [&](const ChildResult& result) {
    try {
      done(result);
    } catch (...) {
      wait_for(running);
      throw;
    }
  };
  std::size_t next = 0;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && running.size() < parallelism_) {
      const pid_t pid = spawn(jobs[next]);
      if (pid < 0) {
        report(ChildResult{next, -1, 0, 0});
      } else {
        running.emplace(pid, Running{next, Clock::now()});
      }
      ++next;
    }
    if (running.empty()) continue;
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("waiting for a sweep point's process failed");
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;  // not ours
    ChildResult result;
    result.job = it->second.job;
    result.seconds = std::chrono::duration<double>(Clock::now() - it->second.start).count();
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    running.erase(it);
    report(result);
  }
}

std::string current_executable() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

}  // namespace wakesim

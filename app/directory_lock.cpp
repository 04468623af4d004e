#include "wakesim/app/directory_lock.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>

#include "wakesim/app/escaped_exception.h"
#include "wakesim/app/sweep_input_error.h"

namespace wakesim {
namespace {

namespace fs = std::filesystem;

// The pid the holder wrote, or "" (not written yet, or not a number).
std::string holder_pid(int fd) {
  char text[32] = {};
  const ssize_t length = ::pread(fd, text, sizeof text - 1, 0);
  std::string pid;
  for (ssize_t i = 0; i < length && text[i] >= '0' && text[i] <= '9'; ++i) pid += text[i];
  return pid;
}

// The pid is for the message of a sweep refused; failing to write it (a full
// disk) does not stop this one.
void write_own_pid(int fd) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0) return;
  const ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
  static_cast<void>(written);
}

}  // namespace

DirectoryLock::DirectoryLock(const fs::path& dir) {
  const fs::path file = dir / "sweep.lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const std::error_code error(errno, std::generic_category());
    const std::string message = fmt::format("{}: cannot write into it: {}", dir.string(), error.message());
    if (names_a_bad_place(error)) throw SweepInputError(message);
    throw std::runtime_error(message);
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string pid = holder_pid(fd_);
    ::close(fd_);
    if (error == EWOULDBLOCK)
      throw SweepInputError(
          fmt::format("{} is in use by another wakesim sweep or merge{}; wait for it to end or choose another --out",
                      dir.string(), pid.empty() ? "" : " (pid " + pid + ")"));
    throw std::runtime_error(fmt::format("{}: cannot lock: {}", file.string(), std::strerror(error)));
  }
  write_own_pid(fd_);
}

DirectoryLock::~DirectoryLock() { ::close(fd_); }

}  // namespace wakesim

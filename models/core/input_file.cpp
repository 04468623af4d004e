#include "wakesim/core/input_file.h"

#include <atomic>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <sys/stat.h>

#include "wakesim/core/units.h"

namespace wakesim {
namespace {

std::atomic<std::uint64_t> limit{kDefaultMaxInputBytes};

}  // namespace

std::uint64_t max_input_bytes() { return limit.load(); }
void set_max_input_bytes(std::uint64_t bytes) { limit.store(bytes); }

std::optional<std::string> input_file_problem(const std::string& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return std::nullopt;
  if (S_ISDIR(status.st_mode)) return std::string("it is a directory");
  if (!S_ISREG(status.st_mode))
    return std::string("it is not a regular file (a FIFO, a device or a socket); wakesim reads only regular files");
  const auto size = static_cast<std::uint64_t>(status.st_size);
  if (size > max_input_bytes())
    return "it is " + format(ByteSize{size}) + ", over the input limit of " + format(ByteSize{max_input_bytes()}) +
           " (raise it with --max-input-size)";
  return std::nullopt;
}

std::optional<std::string> unreadable_input_problem(const std::string& path) {
  if (std::optional<std::string> problem = input_file_problem(path)) return problem;
  errno = 0;
  if (!std::ifstream(path, std::ios::binary))
    return std::string(errno != 0 ? std::strerror(errno) : "it cannot be opened");
  return std::nullopt;
}

}  // namespace wakesim

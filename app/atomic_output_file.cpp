#include "wakesim/app/atomic_output_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wakesim {
namespace {

// Text is handed to the system in pieces of about this size.
constexpr std::size_t kBufferBytes = 64 * 1024;

// Writes all of `text` to `fd`; the errno of a failure, or 0.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

}  // namespace

AtomicOutputFile::AtomicOutputFile(std::string path, std::function<void()> on_write_failure)
    : path_(std::move(path)), temporary_(path_ + ".tmp.XXXXXX"), on_write_failure_(std::move(on_write_failure)) {
  fd_ = ::mkstemp(temporary_.data());
  if (fd_ < 0) {
    const int error = errno;
    temporary_.clear();
    throw std::runtime_error("cannot create a temporary file for " + path_ + ": " + std::strerror(error));
  }
  buffer_.reserve(kBufferBytes);
}

AtomicOutputFile::~AtomicOutputFile() {
  if (!committed_) discard();
}

void AtomicOutputFile::write(std::string_view text) {
  if (error_ != 0 || fd_ < 0) return;
  if (buffer_.size() + text.size() > kBufferBytes) {
    flush_buffer();
    if (text.size() >= kBufferBytes) {  // large: straight to the file, not through the buffer
      write_through(text);
      return;
    }
  }
  buffer_.append(text);
}

void AtomicOutputFile::flush_buffer() {
  write_through(buffer_);
  buffer_.clear();
}

// `text` to the file, unless a write failed already; the first failure is noted.
void AtomicOutputFile::write_through(std::string_view text) {
  if (error_ != 0 || fd_ < 0 || text.empty()) return;
  error_ = write_all(fd_, text);
  if (error_ != 0 && on_write_failure_) on_write_failure_();
}

void AtomicOutputFile::complete() {
  if (fd_ < 0) throw std::logic_error("AtomicOutputFile::complete: " + path_ + " is not open");
  flush_buffer();
  if (error_ != 0) fail("cannot write", error_);
  if (::fsync(fd_) != 0) fail("cannot flush", errno);
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) fail("cannot close", errno);
}

void AtomicOutputFile::commit() {
  if (fd_ >= 0 || temporary_.empty()) throw std::logic_error("AtomicOutputFile::commit: " + path_ + " is not complete");
  // mkstemp creates 0600; results are ordinary files.
  ::chmod(temporary_.c_str(), 0644);
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) fail("cannot rename into", errno);
  committed_ = true;
  temporary_.clear();
}

void AtomicOutputFile::discard() {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
  temporary_.clear();
}

void AtomicOutputFile::fail(const char* what, int error) {
  discard();
  throw std::runtime_error(std::string(what) + " " + path_ + ": " + std::strerror(error));
}

}  // namespace wakesim

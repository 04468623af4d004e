#pragma once
// A result file written piece by piece and put in place whole or not at all: the
// text goes (buffered) to a temporary file next to the target, which is renamed
// over the target only by commit(), after complete() has flushed it to disk. The
// target (a previous run's file, say) is untouched until then; the temporary file
// is removed if the object goes away uncommitted (a failure, an exception).
//
// write() never throws, since it is called from inside the simulation, where an
// exception would end SystemC's process instead of the run (a trace is streamed
// while the models report to it): the first failure (a full disk, a file size
// limit) is remembered and reported by complete(), the rest of the text is
// dropped, and `on_write_failure` (if given) is called once, so that the owner
// can stop a run whose output is lost already.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "wakesim/app/text_output.h"

namespace wakesim {

class AtomicOutputFile : public TextOutput {
 public:
  // Creates the temporary file; throws std::runtime_error naming `path` if it cannot.
  explicit AtomicOutputFile(std::string path, std::function<void()> on_write_failure = {});
  ~AtomicOutputFile() override;
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  void write(std::string_view text) override;

  // Flushes everything written to disk and closes the temporary file. Throws
  // std::runtime_error, one line naming the target (never the temporary file)
  // and the system error, if any write failed or fails now.
  void complete();
  // Renames the completed file over the target (throws as complete() does).
  void commit();

  const std::string& path() const { return path_; }

 private:
  void flush_buffer();
  void write_through(std::string_view text);
  void discard();
  [[noreturn]] void fail(const char* what, int error);

  std::string path_;
  std::string temporary_;
  int fd_ = -1;
  int error_ = 0;  // errno of the first failed write, 0: none
  std::function<void()> on_write_failure_;
  bool committed_ = false;
  std::string buffer_;
};

}  // namespace wakesim

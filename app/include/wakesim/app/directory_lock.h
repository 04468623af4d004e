#pragma once
// One writer per sweep directory: `wakesim sweep` and `wakesim merge` hold an
// exclusive flock(2) on DIR/sweep.lock while they write into DIR, and a second
// one into the same DIR is refused at once, naming DIR and the holder's pid
// (which the holder writes into the file). The kernel drops the lock when its
// holder exits, however it ends (kill -9 included), so a finished or killed
// sweep never blocks the next one; the file itself stays. The points' runs do
// not inherit it (close-on-exec). Shards run into directories of their own and
// do not meet; merge reads shard directories without locking them.
#include <filesystem>

namespace wakesim {

class DirectoryLock {
 public:
  // Takes the lock, creating DIR/sweep.lock (DIR must exist). Throws
  // SweepInputError when another process holds it or DIR cannot be written
  // (unwritable, read-only), std::runtime_error for other failures.
  explicit DirectoryLock(const std::filesystem::path& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace wakesim

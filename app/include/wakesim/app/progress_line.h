#pragma once
// Progress of a sweep on stderr: on a terminal one line redrawn in place (a bar,
// counts and the time left); otherwise one plain line per finished point, which
// a log file or CI keeps readable.
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace wakesim {

class ProgressLine {
 public:
  ProgressLine(std::ostream& out, std::size_t total, bool terminal);

  void point_done(const std::string& id, bool ok, double seconds);
  // Ends the redrawn line (a no-op for plain output).
  void finish();

  // "1h02m", "3m05s", "12s": time left at the rate so far.
  static std::string format_duration(double seconds);

 private:
  std::ostream& out_;
  std::size_t total_;
  bool terminal_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace wakesim

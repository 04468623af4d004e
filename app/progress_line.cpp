#include "wakesim/app/progress_line.h"

#include <fmt/format.h>

namespace wakesim {

ProgressLine::ProgressLine(std::ostream& out, std::size_t total, bool terminal)
    : out_(out), total_(total), terminal_(terminal) {}

std::string ProgressLine::format_duration(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

void ProgressLine::point_done(const std::string& id, bool ok, double seconds) {
  ++done_;
  if (!ok) ++failed_;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double left = done_ == 0 ? 0 : elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
  if (!terminal_) {
    out_ << fmt::format("point {}/{} {} {} ({:.2f} s)\n", done_, total_, id, ok ? "done" : "FAILED", seconds);
    return;
  }
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total_ == 0 ? kWidth : kWidth * done_ / total_;
  out_ << fmt::format("\r[{}{}] {}/{} points, {} failed, {} left   ", std::string(filled, '#'),
                      std::string(kWidth - filled, '.'), done_, total_, failed_, format_duration(left))
       << std::flush;
}

void ProgressLine::finish() {
  if (terminal_ && done_ > 0) out_ << "\n";
}

}  // namespace wakesim

// The sweep's progress output: a bar redrawn in place on a terminal, plain lines
// otherwise, and the time left at the rate so far.
#include <catch2/catch.hpp>

#include <sstream>

#include "wakesim/app/progress_line.h"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using wakesim::ProgressLine;

TEST_CASE("durations read as seconds, minutes or hours", "[app][progress]") {
  CHECK(ProgressLine::format_duration(0) == "0s");
  CHECK(ProgressLine::format_duration(59.4) == "59s");
  CHECK(ProgressLine::format_duration(185) == "3m05s");
  CHECK(ProgressLine::format_duration(3720) == "1h02m");
}

TEST_CASE("plain output is one line per point and a terminal gets one redrawn bar", "[app][progress]") {
  std::ostringstream plain;
  ProgressLine lines(plain, 4, false);
  lines.point_done("00aa", true, 1.5);
  lines.point_done("00bb", false, 0.25);
  lines.finish();
  CHECK(plain.str() == "point 1/4 00aa done (1.50 s)\npoint 2/4 00bb FAILED (0.25 s)\n");

  std::ostringstream terminal;
  ProgressLine bar(terminal, 4, true);
  bar.point_done("00aa", true, 1.0);
  bar.point_done("00bb", false, 1.0);
  bar.finish();
  const std::string text = terminal.str();
  CHECK_THAT(text, StartsWith("\r[#######.......................] 1/4 points, 0 failed, "));
  CHECK_THAT(text, Contains("\r[###############...............] 2/4 points, 1 failed, "));
  CHECK(text.back() == '\n');
  CHECK(text.find('\n') == text.size() - 1);  // one line, redrawn
}

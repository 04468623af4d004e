// The reservation timeline of a shared resource. Times in ps.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <vector>

#include "wakesim/bus/reservation_timeline.h"

using namespace wakesim;

TEST_CASE("ReservationTimeline in time order is a FIFO queue starting at max of arrival and busy until",
          "[bus][timeline]") {
  ReservationTimeline timeline;
  CHECK(timeline.reserve(100, 50, 0) == 100);  // idle: starts on arrival, busy until 150
  CHECK(timeline.reserve(120, 50, 0) == 150);  // queued behind it, until 200
  CHECK(timeline.reserve(130, 10, 0) == 200);  // until 210
  CHECK(timeline.reserve(300, 10, 0) == 300);  // idle again
  CHECK(timeline.busy_until_ps() == 310);
  CHECK(timeline.busy_ps() == 120);       // 50 + 50 + 10 + 10
  CHECK(timeline.interval_count() == 2);  // [100, 210) merged, [300, 310)
}

TEST_CASE("ReservationTimeline lets a late request use an idle gap before a later reservation", "[bus][timeline]") {
  ReservationTimeline timeline;
  CHECK(timeline.reserve(1000, 100, 0) == 1000);  // an initiator that ran ahead
  CHECK(timeline.reserve(200, 100, 0) == 200);    // one behind it: the gap [0, 1000) is free
  CHECK(timeline.reserve(250, 700, 0) == 300);    // [300, 1000) is exactly 700 long
  CHECK(timeline.reserve(250, 50, 0) == 1100);    // no gap left before 1100
  CHECK(timeline.interval_count() == 1);          // [200, 1150)
  CHECK(timeline.busy_until_ps() == 1150);
}

TEST_CASE("ReservationTimeline skips a gap that is too short", "[bus][timeline]") {
  ReservationTimeline timeline;
  timeline.reserve(0, 100, 0);    // [0, 100)
  timeline.reserve(130, 100, 0);  // [130, 230): a 30 ps gap
  CHECK(timeline.reserve(90, 40, 0) == 230);
  CHECK(timeline.reserve(90, 30, 0) == 100);  // fits the gap exactly
  CHECK(timeline.interval_count() == 1);
}

TEST_CASE("ReservationTimeline forgets intervals that ended by now and refuses a double booking", "[bus][timeline]") {
  ReservationTimeline timeline;
  timeline.reserve(0, 100, 0);
  timeline.reserve(200, 100, 0);
  CHECK(timeline.interval_count() == 2);
  timeline.forget_before(100);  // [0, 100) ended at 100
  CHECK(timeline.interval_count() == 1);
  CHECK_THROWS_AS(timeline.book(250, 10), std::logic_error);
  CHECK_THROWS_AS(timeline.book(150, 51), std::logic_error);
  timeline.book(150, 50);  // exactly fills [150, 200)
  CHECK(timeline.interval_count() == 1);
  CHECK(timeline.reserve(500, 0, 0) == 500);  // zero duration books nothing
  CHECK(timeline.busy_ps() == 250);
}

// The in-order fast path and the gap search together against a brute-force
// reference (one flag per picosecond): 20000 random requests, mostly in time
// order as at quantum 0, some late (as from an initiator that ran behind).
TEST_CASE("ReservationTimeline books exactly where a brute-force search of free picoseconds does", "[bus][timeline]") {
  ReservationTimeline timeline(4);
  std::vector<bool> busy(400000, false);
  std::mt19937_64 random(7);
  std::uint64_t now = 0;
  std::uint64_t cursor = 0;
  for (int i = 0; i < 20000; ++i) {
    cursor += random() % 12;
    const std::uint64_t late = random() % 5 == 0 ? random() % 40 : 0;
    const std::uint64_t earliest = std::max(now, cursor > late ? cursor - late : 0);
    const std::uint64_t duration = random() % 9;  // zero books nothing
    std::uint64_t expected = earliest;
    while (std::any_of(busy.begin() + static_cast<long>(expected),
                       busy.begin() + static_cast<long>(expected + duration), [](bool b) { return b; }))
      ++expected;
    const std::uint64_t start = timeline.reserve(earliest, duration, now);
    REQUIRE(start == expected);
    std::fill(busy.begin() + static_cast<long>(start), busy.begin() + static_cast<long>(start + duration), true);
    if (random() % 3 == 0) now = std::max(now, cursor > 30 ? cursor - 30 : 0);
  }
  CHECK(timeline.busy_ps() == static_cast<std::uint64_t>(std::count(busy.begin(), busy.end(), true)));
}

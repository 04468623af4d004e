// The reservation timeline of a shared resource. Times in ps.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "bus/reservation_timeline.h"

using namespace wakesim;

TEST_CASE("ReservationTimeline in time order is a FIFO queue starting at max of arrival and busy until", "[bus][timeline]") {
  ReservationTimeline timeline;
  CHECK(timeline.reserve(100, 50, 0) == 100);  // idle: starts on arrival, busy until 150
  CHECK(timeline.reserve(120, 50, 0) == 150);  // queued behind it, until 200
  CHECK(timeline.reserve(130, 10, 0) == 200);  // until 210
  CHECK(timeline.reserve(300, 10, 0) == 300);  // idle again
  CHECK(timeline.busy_until_ps() == 310);
  CHECK(timeline.busy_ps() == 120);            // 50 + 50 + 10 + 10
  CHECK(timeline.interval_count() == 2);       // [100, 210) merged, [300, 310)
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

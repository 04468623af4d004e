// The test harness itself: SystemC warnings must fail a test, and a simulation
// must run inside a test case.
#include <catch2/catch.hpp>
#include <systemc>

TEST_CASE("a SystemC warning throws, so it fails the test that provokes it", "[harness]") {
  REQUIRE_THROWS_AS(SC_REPORT_WARNING("wakesim/test", "provoked"), sc_core::sc_report);
}

namespace {
struct Ticker : sc_core::sc_module {
  int ticks = 0;
  SC_HAS_PROCESS(Ticker);
  explicit Ticker(const sc_core::sc_module_name& name) : sc_core::sc_module(name) { SC_THREAD(run); }
  void run() {
    for (int i = 0; i < 5; ++i) {
      wait(sc_core::sc_time(10, sc_core::SC_NS));
      ++ticks;
    }
  }
};
}  // namespace

TEST_CASE("a simulation runs to the time its processes ask for", "[harness]") {
  Ticker ticker("ticker");
  sc_core::sc_start();
  CHECK(ticker.ticks == 5);
  CHECK(sc_core::sc_time_stamp() == sc_core::sc_time(50, sc_core::SC_NS));
}

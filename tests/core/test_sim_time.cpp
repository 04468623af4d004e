// The hot-path time helpers against the library calls they stand for.
#include <catch2/catch.hpp>
#include <systemc>

#include <cstdint>

#include "wakesim/core/sim_time.h"

TEST_CASE("duration_of_ps equals sc_time::from_value on both sides of its fast range", "[core][time]") {
  for (std::uint64_t ps :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2500}, std::uint64_t{123456789}, (std::uint64_t{1} << 52) - 3,
        (std::uint64_t{1} << 52) - 1, std::uint64_t{1} << 52, (std::uint64_t{1} << 53) + 1, ~std::uint64_t{0}}) {
    CAPTURE(ps);
    CHECK(wakesim::duration_of_ps(ps).value() == ps);
    CHECK(wakesim::duration_of_ps(ps) == sc_core::sc_time::from_value(ps));
  }
}

TEST_CASE("sim_now is sc_time_stamp while simulating", "[core][time]") {
  struct Clock : sc_core::sc_module {
    bool same = true;
    SC_HAS_PROCESS(Clock);
    explicit Clock(const sc_core::sc_module_name& name) : sc_core::sc_module(name) { SC_THREAD(run); }
    void run() {
      for (int i = 0; i < 3; ++i) {
        wait(sc_core::sc_time(7, sc_core::SC_NS));
        same = same && &wakesim::sim_now() == &sc_core::sc_time_stamp() &&
               wakesim::sim_now() == sc_core::sc_time(7.0 * (i + 1), sc_core::SC_NS);
      }
    }
  } clock("clock");
  sc_core::sc_start();
  CHECK(clock.same);
  CHECK(wakesim::sim_now() == sc_core::sc_time(21, sc_core::SC_NS));
}

// Entry point for every Catch2 test executable.
//
// libsystemc defines main() and calls sc_main(), so the Catch session runs from
// here. ctest runs each test case in its own process (catch_discover_tests),
// because SystemC elaborates once per process. SystemC warnings throw, so a test
// that provokes one fails instead of printing and passing.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <systemc>

#include "wakesim/core/quiet_systemc_banner.h"

int sc_main(int argc, char* argv[]) {
  sc_core::sc_report_handler::set_actions(sc_core::SC_WARNING, sc_core::SC_THROW);
  return Catch::Session().run(argc, argv);
}

#pragma once
// Runs a test body inside a SystemC thread (so it may block in simulated time)
// and simulates until nothing is left to do. A failed assertion inside the body
// is carried out of the simulation and rethrown, so Catch reports it normally.
#include <exception>
#include <functional>

#include <systemc>

namespace wakesim::test {

inline void run_in_thread(const std::function<void()>& body) {
  std::exception_ptr failure;
  sc_core::sc_spawn([&] {
    try {
      body();
    } catch (...) {
      failure = std::current_exception();
      sc_core::sc_stop();
    }
  });
  sc_core::sc_start();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace wakesim::test

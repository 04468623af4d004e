#pragma once
// Helpers shared by the configuration reader tests (test_config_*.cpp).
#include <catch2/catch.hpp>

#include <stdexcept>

#include "wakesim/core/config_error.h"

// The ConfigError that `action` throws; the test fails if it throws nothing.
// For checks on the error's fields (line(), column(), key_path(), ...); checks on
// the whole text use REQUIRE_THROWS_WITH.
template <typename Action>
wakesim::ConfigError thrown_config_error(Action&& action) {
  try {
    action();
  } catch (const wakesim::ConfigError& error) {
    return error;
  }
  FAIL("expected a ConfigError, but nothing was thrown");
  throw std::logic_error("unreachable: FAIL throws");
}

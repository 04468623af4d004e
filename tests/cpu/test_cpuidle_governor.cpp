// The governor's choice: the deepest state whose target residency fits the time
// to the next timer and whose exit latency fits the PM QoS limit (menu/teo).
#include <catch2/catch.hpp>

#include "support/cpu_params.h"
#include "wakesim/cpu/cpuidle_governor.h"

using namespace wakesim;
using wakesim::test::us;

TEST_CASE("the governor picks the deepest state whose target residency fits the next timer", "[cpu][governor]") {
  const std::vector<CpuIdleState> states = wakesim::test::test_cpu().idle_states;
  CHECK(select_idle_state(states, us(50), std::nullopt) == 0);        // core_off needs 100 us
  CHECK(select_idle_state(states, us(100), std::nullopt) == 1);       // exactly its residency
  CHECK(select_idle_state(states, std::nullopt, std::nullopt) == 1);  // no timer: the deepest
  CHECK(select_idle_state(states, us(0), std::nullopt) == 0);         // WFI is always allowed
}

TEST_CASE("the governor skips states that take longer to leave than the PM QoS limit", "[cpu][governor]") {
  const std::vector<CpuIdleState> states = wakesim::test::test_cpu().idle_states;
  // The kernel reads a DT state's exit latency as entry + exit (dt_idle_states.c):
  // core_off's is 10 + 10 us.
  CHECK(select_idle_state(states, std::nullopt, us(19)) == 0);
  CHECK(select_idle_state(states, std::nullopt, us(20)) == 1);
  // Under a cluster state the CPU's exit comes after the cluster's.
  CHECK(select_idle_state(states, std::nullopt, us(20), us(1)) == 0);
}

TEST_CASE("a cluster state is chosen only when its own residency fits", "[cpu][governor]") {
  const std::vector<CpuIdleState> cluster = {wakesim::test::test_cluster_off()};
  CHECK_FALSE(deepest_fitting_state(cluster, 0, us(1999), std::nullopt).has_value());
  CHECK(deepest_fitting_state(cluster, 0, us(2000), std::nullopt) == std::optional<std::size_t>(0));
}

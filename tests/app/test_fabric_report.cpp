// report.json's `bus` and `memory` sections (docs/reading-a-report.md, "Bus and
// memory") for the closed-form scenario (tests/data/scenarios/closed_form*.yaml,
// whose numbers tests/app/test_closed_form_scenario.cpp explains), run for 32 ms:
// two jobs, at 1 ms and 31 ms, of 1 KiB each, copied in 16 bursts of 64 B, each
// a read of the source then a write of the destination, one at a time.
//   Bus: 16 B per 2.5 ns cycle, so 64 B = 10 ns of port time; 64 transactions,
//   4096 B, 640 ns busy over 32 ms: 2e-5 = 4096 B / (16 B x 400 MHz x 32 ms).
//   One initiator, one transfer at a time: every wait is 0.
//   DRAM: row timing off (t_rcd = t_rp = 0), 25 ns + 64 B / 6.4 GB/s = 10 ns per
//   access after the bus's 10 + hop 5 ns: consecutive accesses 50 ns apart.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/wakesim_process.h"

using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;

namespace {

const std::string kScenario = std::string(WAKESIM_TEST_DATA_DIR) + "/scenarios/closed_form.yaml";

nlohmann::json metrics_of(const std::string& name, std::vector<std::string> overrides) {
  const auto out = fresh_directory("fabric-" + name);
  overrides.insert(overrides.begin(), "scenario.duration=32ms");
  const auto outcome = run_wakesim(kScenario, out, overrides);
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  std::ifstream file(out / "report.json");
  const nlohmann::json report = nlohmann::json::parse(file);
  std::filesystem::remove_all(out);
  return report["metrics"];
}

}  // namespace

TEST_CASE("bus ports give transactions bytes utilisation and zero waits of the closed-form scenario",
          "[app][report][bus]") {
  const nlohmann::json m = metrics_of("bus", {});
  CHECK(m["bus"]["bytes"] == 4096);
  for (const nlohmann::json& port : {m["bus"]["initiators"]["dmac/port0"], m["bus"]["targets"]["dram"]}) {
    CHECK(port["transactions"] == 64);
    CHECK(port["bytes"] == 4096);
    CHECK(port["busy_us"].get<double>() == Approx(0.64).epsilon(1e-12));
    CHECK(port["utilisation"].get<double>() == Approx(4096.0 / (16 * 400e6 * 32e-3)).epsilon(1e-12));
    CHECK(port["wait"]["count"] == 64);
    CHECK(port["wait"]["p50_us"] == 0.0);
    CHECK(port["wait"]["p99_us"] == 0.0);
    CHECK(port["power_errors"] == 0);
  }
  CHECK(m["bus"]["initiators"].size() == 1);
}

TEST_CASE("memory of two buffers in one bank gives a miss then a conflict on every access", "[app][report][memory]") {
  // Source at DRAM offset 0 (bank 0, row 0), destination at 1 MiB (bank 0, row
  // 64): read and write alternate rows of bank 0. 64 accesses: the first finds
  // the bank precharged, the other 63 the other row open. Idle timeouts off.
  const nlohmann::json memory = metrics_of("conflicts", {})["memory"];
  CHECK(memory["reads"] == 32);
  CHECK(memory["writes"] == 32);
  CHECK(memory["row_hits"] == 0);
  CHECK(memory["row_misses"] == 1);
  CHECK(memory["row_conflicts"] == 63);
  CHECK(memory["row_hit_rate"] == 0.0);
  CHECK(memory["banks"]["0"]["row_conflicts"] == 63);
  CHECK(memory["banks"]["1"]["row_misses"] == 0);
  CHECK(memory["busy_us"].get<double>() == Approx(0.64).epsilon(1e-12));  // 64 x 10 ns
  CHECK(memory["residency_us"]["power_down"] == 0.0);
  CHECK(memory["low_power_fraction"] == 0.0);
}

TEST_CASE("memory of sequential streams in two banks with a power-down timeout gives the closed forms",
          "[app][report][memory]") {
  // Source [0, 2 KiB) is bank 0 row 0, destination [2 KiB, ..) bank 1 row 0: each
  // job reads 16 x 64 B in one row and writes 16 x 64 B in another. Power-down
  // after 1 us idle closes the rows, so per job and bank one miss and 15 hits:
  // the hit rate is (n - 1) / n, n = 16.
  const nlohmann::json memory = metrics_of("power-down", {"scenario.clients.0.source_buffer.size=2KiB",
                                                          "scenario.clients.0.destination_buffer.base=0x80000800",
                                                          "platform.dram.power_down_timeout=1us"})["memory"];
  for (const char* bank : {"0", "1"}) {
    CHECK(memory["banks"][bank]["row_hits"] == 30);
    CHECK(memory["banks"][bank]["row_misses"] == 2);
    CHECK(memory["banks"][bank]["row_hit_rate"] == 15.0 / 16.0);
  }
  CHECK(memory["row_hit_rate"] == 15.0 / 16.0);
  // Residency over D = 32 ms. Never accessed before the first job: power-down at
  // 1 us (from time 0). Each job wakes the DRAM at its first access's arrival
  // and pays tXP = 7.5 ns: that read ends 7.5 + 25 + 10 = 42.5 ns later, the 31
  // accesses after it 50 ns each, 1592.5 ns in all; power-down 1 us after the
  // last: 2592.5 ns active per job.
  const double active_us = 2 * 2.5925, standby_us = 1.0, d_us = 32000.0;
  CHECK(memory["residency_us"]["active_standby"].get<double>() == Approx(active_us).epsilon(1e-12));
  CHECK(memory["residency_us"]["precharge_standby"].get<double>() == Approx(standby_us).epsilon(1e-12));
  CHECK(memory["residency_us"]["power_down"].get<double>() == Approx(d_us - active_us - standby_us).epsilon(1e-12));
  CHECK(memory["residency_us"]["self_refresh"] == 0.0);  // its timeout is off
  CHECK(memory["residency_fraction"]["power_down"].get<double>() ==
        Approx((d_us - active_us - standby_us) / d_us).epsilon(1e-12));
  CHECK(memory["low_power_fraction"] == memory["residency_fraction"]["power_down"]);
  CHECK(memory["entries"]["power_down"] == 3);  // at 1 us and after each job
  CHECK(memory["entries"]["active_standby"] == 2);
}

TEST_CASE("bus and memory statistics restart at the end of the warm-up", "[app][report][bus][memory]") {
  // A 16 ms warm-up leaves the first job out: 32 transactions over 16 ms. Job 2's
  // first read finds job 1's destination row open in bank 0: a conflict, so
  // all 32 are conflicts.
  const nlohmann::json m = metrics_of("warmup", {"scenario.warmup=16ms"});
  const nlohmann::json& port = m["bus"]["initiators"]["dmac/port0"];
  CHECK(port["transactions"] == 32);
  CHECK(port["utilisation"].get<double>() == Approx(2048.0 / (16 * 400e6 * 16e-3)).epsilon(1e-12));
  CHECK(m["memory"]["row_conflicts"] == 32);
  CHECK(m["memory"]["row_misses"] == 0);
  double accounted_us = 0.0;
  for (const auto& [state, time] : m["memory"]["residency_us"].items()) accounted_us += time.get<double>();
  CHECK(accounted_us == Approx(16000.0).epsilon(1e-12));
}

TEST_CASE("the text summary has a line per bus port and a dram line", "[app][report][bus][memory]") {
  const auto outcome = wakesim::test::run_wakesim_args("run " + wakesim::test::shell_quoted(kScenario) +
                                                       " --set scenario.duration=32ms");
  REQUIRE(outcome.exit_code == 0);
  using Catch::Matchers::Contains;
  CHECK_THAT(outcome.errors, Contains("dmac/port0"));
  CHECK_THAT(outcome.errors, Contains("dram: row hit rate 0.00 % (0 hits, 1 misses, 63 conflicts)"));
}

// The DRAM's statistics (docs/reading-a-report.md, "Bus and memory"): row hits,
// misses and conflicts per bank, and the time in each power state, against hand
// calculations. Default geometry: 8 banks of 2 KiB rows, row:bank:column, so
// bank = (address / 2048) % 8 and row = address / 16384.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

#include <tlm>

#include "support/run_in_thread.h"
#include "support/stats_sum_checks.h"
#include "support/test_initiator.h"
#include "wakesim/memory/dram.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_US;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

sc_time us(double value) { return sc_time(value, SC_US); }

void read64(TestInitiator& cpu, std::uint64_t address) {
  std::array<unsigned char, 64> data{};
  REQUIRE(cpu.read(address, data.data(), 64) == tlm::TLM_OK_RESPONSE);
}

}  // namespace

TEST_CASE("Dram sequential stream within each row hits n-1 of its n accesses per row in every bank", "[dram][stats]") {
  Dram dram("dram");
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  // 64 B reads through 16 rows in address order: 2048 / 64 = 32 accesses per
  // row, rows 0 and 1 of every bank. Each row: one activation, then 31 hits.
  // Row 0 finds its bank precharged (a miss), row 1 finds row 0 open (a conflict).
  run_in_thread([&] {
    for (std::uint64_t address = 0; address < 16 * 2048; address += 64) read64(cpu, address);
  });
  for (unsigned bank = 0; bank < 8; ++bank) {
    const RowBuffer::Outcome& rows = dram.rows().bank_stats(bank);
    CHECK(rows.hits == 62);
    CHECK(rows.empty == 1);
    CHECK(rows.conflicts == 1);
    CHECK(rows.hit_rate() == 31.0 / 32.0);  // (n - 1) / n, n = 32
  }
  const Dram::Stats& stats = dram.stats();
  CHECK(stats.row_hits == 16 * 31);
  CHECK(stats.row_empty == 8);
  CHECK(stats.row_conflicts == 8);
}

TEST_CASE("Dram two rows of one bank interleaved conflict on every access while another bank hits", "[dram][stats]") {
  Dram dram("dram");
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  constexpr int kRounds = 20;
  // Each round reads bank 0 row (i % 2), at 0 or 16384, then bank 1 row 0 at 2048.
  run_in_thread([&] {
    for (int i = 0; i < kRounds; ++i) {
      read64(cpu, i % 2 == 0 ? 0 : 16384);
      read64(cpu, 2048 + 64 * static_cast<std::uint64_t>(i % 32));
    }
  });
  // Bank 0: a miss, then the other row is open every time: 19 conflicts.
  CHECK(dram.rows().bank_stats(0).hits == 0);
  CHECK(dram.rows().bank_stats(0).empty == 1);
  CHECK(dram.rows().bank_stats(0).conflicts == kRounds - 1);
  CHECK(dram.rows().bank_stats(0).hit_rate() == 0.0);
  // Bank 1: a miss, then its row stays open: 19 hits.
  CHECK(dram.rows().bank_stats(1).hits == kRounds - 1);
  CHECK(dram.rows().bank_stats(1).empty == 1);
  CHECK(dram.rows().bank_stats(1).conflicts == 0);
  for (unsigned bank = 2; bank < 8; ++bank) CHECK(dram.rows().bank_stats(bank).accesses() == 0);
  CHECK(dram.rows().bank_stats(2).hit_rate() == 0.0);  // no accesses: 0, not NaN
  CHECK(dram.stats().row_hits == 19);
  CHECK(dram.stats().row_conflicts == 19);
  CHECK(dram.stats().row_empty == 2);
}

TEST_CASE("Dram left idle spends the power-down timeout in standby then power-down then self-refresh",
          "[dram][stats][power]") {
  DramParams params;
  params.power_down_timeout = us(1);
  params.self_refresh_timeout = us(10);
  Dram dram("dram", params);
  TestInitiator cpu("cpu");  // bound, never used
  cpu.socket.bind(dram.socket);
  // Never accessed: idle from time 0, so power-down at 1 us and self-refresh at
  // 10 us (the timeouts count from the end of the last access, here from 0).
  sc_core::sc_start(us(50));
  dram.update_accounting();
  const PowerStateResidency& residency = dram.residency();
  CHECK(residency.residency_ps(Dram::precharge_standby) == 1'000'000);  // t_pd
  CHECK(residency.residency_ps(Dram::power_down) == 9'000'000);         // t_sr - t_pd
  CHECK(residency.residency_ps(Dram::self_refresh) == 40'000'000);      // D - t_sr
  CHECK(residency.residency_ps(Dram::active_standby) == 0);
  CHECK(residency.transitions_into(Dram::power_down) == 1);
  CHECK(residency.transitions_into(Dram::self_refresh) == 1);
}

TEST_CASE("Dram with a power-down timeout only stays in power-down for the rest of an idle run",
          "[dram][stats][power]") {
  DramParams params;
  params.power_down_timeout = us(3);
  Dram dram("dram", params);
  TestInitiator cpu("cpu");  // bound, never used
  cpu.socket.bind(dram.socket);
  sc_core::sc_start(us(20));
  dram.update_accounting();
  CHECK(dram.residency().residency_ps(Dram::precharge_standby) == 3'000'000);
  CHECK(dram.residency().residency_ps(Dram::power_down) == 17'000'000);  // D - t_pd
  CHECK(dram.residency().residency_ps(Dram::self_refresh) == 0);
}

TEST_CASE("Dram reset_stats restarts row counts busy time and residency from now and keeps rows open",
          "[dram][stats]") {
  DramParams params;
  params.power_down_timeout = us(1);
  params.self_refresh_timeout = us(10);
  Dram dram("dram", params);
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    read64(cpu, 0);  // [0, 45.625 ns): 17.5 + tRCD 18.125 + 10
    sc_core::wait(us(20) - sc_core::sc_time_stamp());
    dram.reset_stats();  // at 20 us, in self-refresh since 10.045625 us
    CHECK(dram.stats().reads == 0);
    CHECK(dram.stats().row_empty == 0);
    CHECK(dram.rows().bank_stats(0).accesses() == 0);
    CHECK(dram.busy_time() == sc_core::SC_ZERO_TIME);
    CHECK(dram.residency().residency_ps(Dram::power_down) == 0);
    CHECK(dram.residency().transitions_into(Dram::power_down) == 0);
    sc_core::wait(us(30) - sc_core::sc_time_stamp());
    read64(cpu, 64);  // self-refresh closed the rows: a miss; 10 ns on the data bus
    sc_core::wait(us(40) - sc_core::sc_time_stamp());
    dram.update_accounting();
  });
  CHECK(dram.stats().reads == 1);
  CHECK(dram.rows().bank_stats(0).empty == 1);
  CHECK(dram.busy_time() == sc_time(10, SC_NS));
  const PowerStateResidency& residency = dram.residency();
  // [20, 30) us self-refresh; the access at 30 us: tXSR 286.25 + 17.5 + 18.125 +
  // 10 = 331.875 ns active, then 1 us to power-down at 31.331875 us and 10 us to
  // self-refresh, after the end. The residency covers [20, 40) us.
  CHECK(residency.residency_ps(Dram::self_refresh) == 10'000'000);
  CHECK(residency.residency_ps(Dram::active_standby) == 1'331'875);
  CHECK(residency.residency_ps(Dram::power_down) == 40'000'000 - 31'331'875);
  CHECK(residency.transitions_into(Dram::power_down) == 1);
}

TEST_CASE("a DRAM channel's statistics add field by field with += and every field is listed", "[memory][stats]") {
  wakesim::test::check_stats_sum<wakesim::Dram::Stats>();
}

// The DRAM model against hand calculations. Defaults are LPDDR4-3200 x16
// (docs/parameters.md, 'Energy anchors'): access latency RL = 17.5 ns, tRCD = tRP = 18.125 ns,
// 6.4 GB/s (so 64 B = 10 ns, 1000 B = 156.25 ns, 4096 B = 640 ns), 8 banks of
// 2 KiB rows, 8.5 pJ/bit read, 5 pJ/bit write, 1.2 nJ per ACT.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <tlm>

#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/memory/dram.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_US;
using sc_core::SC_ZERO_TIME;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

sc_time ns(double value) { return sc_time(value, SC_NS); }

// The energy of one account of `component`, by detail name.
double account_joules(const EnergyLedger& ledger, const std::string& component, const std::string& detail) {
  for (const EnergyLedger::AccountReport& account : ledger.accounts()) {
    if (account.component == component && account.detail == detail) return account.energy.joules;
  }
  throw std::invalid_argument("no account " + component + "/" + detail);
}

std::uint64_t account_events(const EnergyLedger& ledger, const std::string& component, const std::string& detail) {
  for (const EnergyLedger::AccountReport& account : ledger.accounts()) {
    if (account.component == component && account.detail == detail) return account.events;
  }
  throw std::invalid_argument("no account " + component + "/" + detail);
}

// Sets up a payload for the cases TestInitiator::access() does not cover.
void prepare(tlm::tlm_generic_payload& tx, tlm::tlm_command command, std::uint64_t address, unsigned char* data,
             unsigned length) {
  tx.set_command(command);
  tx.set_address(address);
  tx.set_data_ptr(data);
  tx.set_data_length(length);
  tx.set_streaming_width(length);
  tx.set_byte_enable_ptr(nullptr);
  tx.set_byte_enable_length(0);
  tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

}  // namespace

TEST_CASE("Dram access takes latency plus row activation plus bytes over bandwidth", "[dram][timing]") {
  Dram dram("dram");
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    std::vector<unsigned char> data(1000);
    CHECK(dram.occupancy(1000) == ns(156.25));
    // Bank 0 precharged: ACT. 17.5 + 18.125 + 156.25 = 191.875 ns.
    REQUIRE(cpu.read(0, data.data(), 1000) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(191.875));
    // Same row: a hit. + 17.5 + 156.25 = 173.75 -> 365.625 ns.
    REQUIRE(cpu.read(0, data.data(), 1000) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(365.625));
    // Row 1 of bank 0 (2 KiB x 8 banks = 16384): a conflict, PRE + ACT.
    // + 17.5 + 36.25 + 156.25 = 210 -> 575.625 ns.
    REQUIRE(cpu.read(16384, data.data(), 1000) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(575.625));
    // Bank 1, never opened: ACT. + 191.875 -> 767.5 ns.
    REQUIRE(cpu.write(2048, data.data(), 1000) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(767.5));
    // 64 B across the end of bank 1's row into bank 2 (precharged): the worst row
    // decides, tRCD. + 17.5 + 18.125 + 10 = 45.625 -> 813.125 ns.
    REQUIRE(cpu.read(4096 - 32, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(813.125));
  });
  const Dram::Stats& stats = dram.stats();
  CHECK(stats.row_hits == 2);       // the second read, and bank 1's half of the last
  CHECK(stats.row_empty == 3);      // banks 0, 1, 2
  CHECK(stats.row_conflicts == 1);  // bank 0 row 1
  CHECK(stats.activations() == 4);
  CHECK(stats.reads == 4);
  CHECK(stats.writes == 1);
  CHECK(stats.bytes_read == 3064);
  CHECK(stats.bytes_written == 1000);
  CHECK(stats.wait.max() == 0);  // one initiator, never queued
  CHECK(account_joules(dram.ledger(), "dram", "event:activate") == 4 * 1.2e-9);
}

TEST_CASE("Dram read and write energy per bit and activation energy sum exactly", "[dram][energy]") {
  EnergyLedger ledger;
  Dram dram("dram", DramParams(), &ledger);
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    std::vector<unsigned char> data(4096);
    // 4096 B from 0 covers rows 0 of banks 0 and 1: two ACTs. Writing them back hits.
    REQUIRE(cpu.read(0, data.data(), 4096) == tlm::TLM_OK_RESPONSE);
    REQUIRE(cpu.write(0, data.data(), 4096) == tlm::TLM_OK_RESPONSE);
  });
  // 4096 B x 8 = 32768 bits; x 8.5 pJ = 278.528 nJ; x 5 pJ = 163.84 nJ (32768 is a
  // power of two, so the products are the correctly rounded decimal values).
  CHECK(account_events(ledger, "dram", "event:bit_read") == 32768);
  CHECK(account_joules(ledger, "dram", "event:bit_read") == 278.528e-9);
  CHECK(account_events(ledger, "dram", "event:bit_write") == 32768);
  CHECK(account_joules(ledger, "dram", "event:bit_write") == 163.84e-9);
  CHECK(account_events(ledger, "dram", "event:activate") == 2);
  CHECK(account_joules(ledger, "dram", "event:activate") == 2.4e-9);
  // 278.528 + 163.84 + 2.4 = 444.768 nJ of dynamic energy.
  CHECK(ledger.total("dram", EnergyCategory::dynamic).joules == Approx(444.768e-9).epsilon(1e-15));
}

TEST_CASE("Dram shares its bandwidth between two masters with exact finishing times", "[dram][contention]") {
  tlm::tlm_global_quantum::instance().set(ns(1000));
  InterconnectParams bus_params;
  bus_params.hop_latency = SC_ZERO_TIME;
  bus_params.data_width_bytes = 64;  // 640 B = 10 cycles at 1 GHz = 10 ns: not the bottleneck
  bus_params.clock = Frequency{1e9};
  Interconnect bus("bus", bus_params);
  DramParams dram_params;
  dram_params.t_rcd = SC_ZERO_TIME;  // rows out of the way: latency 17.5 ns, 6.4 GB/s
  dram_params.t_rp = SC_ZERO_TIME;
  Dram dram("dram", dram_params);
  TestInitiator a("a");
  TestInitiator b("b");
  a.socket.bind(bus.in);
  b.socket.bind(bus.in);
  bus.out.bind(dram.socket);
  bus.map(0, 0x8000'0000, 0x1000'0000);
  constexpr int kEach = 50;
  std::array<sc_time, 2> done{};
  auto run = [](TestInitiator& initiator, std::uint64_t base, sc_time& finished) {
    std::vector<unsigned char> data(640);
    for (int i = 0; i < kEach; ++i) {
      REQUIRE(initiator.write(base + 640u * i, data.data(), 640) == tlm::TLM_OK_RESPONSE);
    }
    finished = initiator.now();
  };
  sc_core::sc_spawn([&] { run(a, 0x8000'0000, done[0]); });
  sc_core::sc_spawn([&] { run(b, 0x8100'0000, done[1]); });
  sc_core::sc_start();
  // 640 B hold the DRAM for 100 ns. The first master: bus [0, 10), DRAM ready at
  // 27.5, data [27.5, 127.5). The second: bus [10, 20), ready 37.5, data
  // [127.5, 227.5). Each master is back (127.5 + 200k, 227.5 + 200k) and ready
  // again 27.5 ns later, before its next slot, so the DRAM alternates between
  // them without a gap: half the bandwidth each, the k-th accesses finishing at
  // 127.5 + 200k and 227.5 + 200k ns.
  const sc_time first = done[0] < done[1] ? done[0] : done[1];
  const sc_time last = done[0] < done[1] ? done[1] : done[0];
  CHECK(first == ns(127.5 + 200 * (kEach - 1)));  // 9927.5 ns
  CHECK(last == ns(227.5 + 200 * (kEach - 1)));   // 10027.5 ns
  CHECK(dram.busy_time() == ns(100 * 2 * kEach));
  CHECK(dram.stats().bytes_written == 2 * kEach * 640);
  // DRAM queueing: the second master's first access 127.5 - 37.5 = 90 ns, every
  // later one 72.5 ns (ready 27.5 ns after the previous end, 100 ns before its
  // slot): 90 + 98 x 72.5 = 7195 ns.
  CHECK(dram.stats().wait.sum() == 7'195'000);
  CHECK(bus.target_port(0).wait.sum() == 10'000);  // only the very first 10 ns collision
}

TEST_CASE("Dram moves data functionally and transport_dbg is a backdoor with no time or energy", "[dram][backdoor]") {
  Dram dram("dram");
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    std::vector<unsigned char> image(3000);
    for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<unsigned char>(i * 7 + 3);
    // Load through the debug interface.
    tlm::tlm_generic_payload load;
    prepare(load, tlm::TLM_WRITE_COMMAND, 0x10'0ffe, image.data(), 3000);
    CHECK(cpu.socket->transport_dbg(load) == 3000);
    CHECK(sc_core::sc_time_stamp() == SC_ZERO_TIME);
    CHECK(dram.stats().writes == 0);
    CHECK(dram.ledger().total().joules == 0.0);
    CHECK(dram.rows().is_open(0) == false);  // no row effect either
    // Read back through the timed path.
    std::vector<unsigned char> back(3000);
    REQUIRE(cpu.read(0x10'0ffe, back.data(), 3000) == tlm::TLM_OK_RESPONSE);
    CHECK(back == image);
    // Write through the timed path, check through the backdoor.
    std::array<unsigned char, 5> word{9, 8, 7, 6, 5};
    REQUIRE(cpu.write(0x20'0000, word.data(), 5) == tlm::TLM_OK_RESPONSE);
    std::array<unsigned char, 7> check{};
    dram.backdoor_read(0x1f'ffff, check.data(), 7);
    CHECK(check == std::array<unsigned char, 7>{0, 9, 8, 7, 6, 5, 0});
    // A debug access is clipped at the end of the memory.
    const std::uint64_t size = dram.params().size.bytes;
    std::array<unsigned char, 32> tail{};
    tlm::tlm_generic_payload clipped;
    prepare(clipped, tlm::TLM_READ_COMMAND, size - 10, tail.data(), 32);
    CHECK(cpu.socket->transport_dbg(clipped) == 10);
    clipped.set_address(size);
    CHECK(cpu.socket->transport_dbg(clipped) == 0);
    CHECK_THROWS_AS(dram.backdoor_read(size - 1, check.data(), 2), std::out_of_range);
  });
}

TEST_CASE("Dram storage is sparse and far reads return zeros without allocating", "[dram][backdoor]") {
  Dram dram("dram");  // 768 MiB
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    std::vector<unsigned char> data(8192, 0xee);
    REQUIRE(cpu.read(700u << 20, data.data(), 8192) == tlm::TLM_OK_RESPONSE);
    CHECK(data == std::vector<unsigned char>(8192, 0));
    std::fill(data.begin(), data.end(), 0xee);
    tlm::tlm_generic_payload far;
    prepare(far, tlm::TLM_READ_COMMAND, (768u << 20) - 8192, data.data(), 8192);
    CHECK(cpu.socket->transport_dbg(far) == 8192);
    CHECK(data == std::vector<unsigned char>(8192, 0));
    CHECK(dram.storage().allocated_pages() == 0);
    // Writes allocate only the pages they touch: 4 bytes across a page boundary.
    std::array<unsigned char, 4> word{1, 2, 3, 4};
    REQUIRE(cpu.write((512u << 20) + 4094, word.data(), 4) == tlm::TLM_OK_RESPONSE);
    CHECK(dram.storage().allocated_pages() == 2);
    REQUIRE(cpu.read((512u << 20) + 4094, data.data(), 4) == tlm::TLM_OK_RESPONSE);
    CHECK(dram.storage().allocated_pages() == 2);
  });
}

TEST_CASE("Dram answers out-of-range accesses with an address error and moves nothing", "[dram][errors]") {
  DramParams params;
  params.size = ByteSize{1 << 20};
  Dram dram("dram", params);
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    std::array<unsigned char, 8> data{};
    CHECK(cpu.write((1 << 20) - 4, data.data(), 8) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(cpu.read(1 << 20, data.data(), 1) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(cpu.read(~std::uint64_t{0} - 2, data.data(), 8) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(dram.stats().address_errors == 3);
    CHECK(dram.stats().reads + dram.stats().writes == 0);
    CHECK(dram.storage().allocated_pages() == 0);
    CHECK(cpu.now() == SC_ZERO_TIME);
    CHECK(cpu.read((1 << 20) - 8, data.data(), 8) == tlm::TLM_OK_RESPONSE);  // the last 8 bytes
  });
}

TEST_CASE("Dram honours byte enables and streaming width and rejects malformed ones", "[dram][tlm]") {
  Dram dram("dram");
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    std::array<unsigned char, 8> ones;
    ones.fill(0x11);
    dram.backdoor_write(0x100, ones.data(), 8);
    // Byte enables {on, off} repeated: only the even bytes are written.
    std::array<unsigned char, 8> data{1, 2, 3, 4, 5, 6, 7, 8};
    std::array<unsigned char, 2> enables{TLM_BYTE_ENABLED, TLM_BYTE_DISABLED};
    tlm::tlm_generic_payload tx;
    prepare(tx, tlm::TLM_WRITE_COMMAND, 0x100, data.data(), 8);
    tx.set_byte_enable_ptr(enables.data());
    tx.set_byte_enable_length(2);
    CHECK(cpu.transport(tx) == tlm::TLM_OK_RESPONSE);
    std::array<unsigned char, 8> back{};
    dram.backdoor_read(0x100, back.data(), 8);
    CHECK(back == std::array<unsigned char, 8>{1, 0x11, 3, 0x11, 5, 0x11, 7, 0x11});
    // A read with enables leaves the disabled bytes of the buffer alone.
    std::array<unsigned char, 8> read_back;
    read_back.fill(0xee);
    prepare(tx, tlm::TLM_READ_COMMAND, 0x100, read_back.data(), 8);
    std::array<unsigned char, 4> pairs{TLM_BYTE_ENABLED, TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_DISABLED};
    tx.set_byte_enable_ptr(pairs.data());
    tx.set_byte_enable_length(4);
    CHECK(cpu.transport(tx) == tlm::TLM_OK_RESPONSE);
    CHECK(read_back == std::array<unsigned char, 8>{1, 0x11, 0xee, 0xee, 5, 0x11, 0xee, 0xee});
    // Streaming width 4: bytes 4..7 go to the same 4 addresses as 0..3.
    prepare(tx, tlm::TLM_WRITE_COMMAND, 0x200, data.data(), 8);
    tx.set_streaming_width(4);
    CHECK(cpu.transport(tx) == tlm::TLM_OK_RESPONSE);
    dram.backdoor_read(0x200, back.data(), 8);
    CHECK(back == std::array<unsigned char, 8>{5, 6, 7, 8, 0, 0, 0, 0});
    // Malformed: a zero streaming width, a byte-enable pointer with length 0.
    prepare(tx, tlm::TLM_WRITE_COMMAND, 0x300, data.data(), 8);
    tx.set_streaming_width(0);
    CHECK(cpu.transport(tx) == tlm::TLM_BURST_ERROR_RESPONSE);
    prepare(tx, tlm::TLM_WRITE_COMMAND, 0x300, data.data(), 8);
    tx.set_byte_enable_ptr(enables.data());
    tx.set_byte_enable_length(0);
    CHECK(cpu.transport(tx) == tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    CHECK(dram.stats().burst_errors == 1);
    CHECK(dram.stats().byte_enable_errors == 1);
    dram.backdoor_read(0x300, back.data(), 8);
    CHECK(back == std::array<unsigned char, 8>{});  // nothing written
    CHECK(dram.stats().writes == 2);
    CHECK(dram.stats().reads == 1);
  });
}

TEST_CASE("Dram enters power-down and self-refresh after idle timeouts and pays their exit latencies",
          "[dram][power]") {
  EnergyLedger ledger;
  DramParams params;
  params.power_down_timeout = ns(1000);
  params.self_refresh_timeout = ns(10000);
  Dram dram("dram", params, &ledger);
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    // t = 0: precharge standby -> active, ACT: 17.5 + 18.125 + 10 = 45.625 ns.
    REQUIRE(cpu.read(0, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(45.625));
    // Idle from 45.625: power-down at 1045.625 (rows closed). At 5000: exit
    // tXP 7.5 + 17.5 + tRCD 18.125 + 10 = 53.125 -> 5053.125 ns.
    sc_core::wait(ns(5000) - sc_core::sc_time_stamp());
    REQUIRE(cpu.read(0, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(5053.125));
    CHECK(dram.stats().row_empty == 2);  // power-down closed bank 0's row
    // Idle from 5053.125: power-down at 6053.125, self-refresh at 15053.125.
    sc_core::wait(ns(20000) - sc_core::sc_time_stamp());
    dram.update_accounting();
    CHECK(dram.power_state() == Dram::self_refresh);
    const PowerStateResidency& residency = dram.residency();
    // active: [0, 1045.625) + [5000, 6053.125) = 2098.75 ns
    CHECK(residency.residency_ps(Dram::active_standby) == 2'098'750);
    CHECK(residency.residency_ps(Dram::precharge_standby) == 0);
    // power-down: [1045.625, 5000) + [6053.125, 15053.125) = 12954.375 ns
    CHECK(residency.residency_ps(Dram::power_down) == 12'954'375);
    // self-refresh: [15053.125, 20000) = 4946.875 ns
    CHECK(residency.residency_ps(Dram::self_refresh) == 4'946'875);
    CHECK(residency.transitions_into(Dram::active_standby) == 2);
    CHECK(residency.transitions_into(Dram::power_down) == 2);
    CHECK(residency.transitions_into(Dram::self_refresh) == 1);
    // 37 mW x 2098.75 ns + 5.5 mW x 12954.375 ns + 1.2 mW x 4946.875 ns = 154.839 nJ
    CHECK(ledger.total("dram", EnergyCategory::static_power).joules ==
          Approx(37e-3 * 2098.75e-9 + 5.5e-3 * 12954.375e-9 + 1.2e-3 * 4946.875e-9).epsilon(1e-12));
    CHECK(ledger.total("dram", EnergyCategory::static_power).joules == Approx(154.839e-9).epsilon(1e-6));
    // From self-refresh: exit tXSR 286.25 + 17.5 + 18.125 + 10 = 331.875 ns.
    REQUIRE(cpu.read(0, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(20331.875));
    CHECK(dram.power_state() == Dram::active_standby);
  });
}

TEST_CASE("Dram without idle timeouts stays in active standby after its first access", "[dram][power]") {
  Dram dram("dram");
  TestInitiator cpu("cpu");
  cpu.socket.bind(dram.socket);
  run_in_thread([&] {
    sc_core::wait(ns(100));  // precharge standby until the first access
    std::array<unsigned char, 64> data{};
    REQUIRE(cpu.read(0, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    sc_core::wait(sc_time(1, SC_US) - sc_core::sc_time_stamp());
    dram.update_accounting();
    CHECK(dram.power_state() == Dram::active_standby);
    CHECK(dram.residency().residency_ps(Dram::precharge_standby) == 100'000);
    CHECK(dram.residency().residency_ps(Dram::active_standby) == 900'000);
    // 33 mW x 100 ns + 37 mW x 900 ns = 3.3 + 33.3 = 36.6 nJ
    CHECK(dram.ledger().total(EnergyCategory::static_power).joules == Approx(36.6e-9).epsilon(1e-12));
  });
}

TEST_CASE("Dram rejects inconsistent parameters", "[dram]") {
  DramParams timeouts;
  timeouts.power_down_timeout = ns(100);
  timeouts.self_refresh_timeout = ns(100);
  CHECK_THROWS_AS(Dram("a", timeouts), std::invalid_argument);
  DramParams bandwidth;
  bandwidth.bandwidth = Bandwidth{0.0};
  CHECK_THROWS_AS(Dram("b", bandwidth), std::invalid_argument);
  DramParams banks;
  banks.banks = 0;
  CHECK_THROWS_AS(Dram("c", banks), std::invalid_argument);
  DramParams energy;
  energy.read_energy_per_bit = Energy{-1e-12};
  CHECK_THROWS_AS(Dram("d", energy), std::invalid_argument);
}

TEST_CASE("Bus and Dram in series take hop plus bus transfer plus DRAM latency plus bytes over bandwidth",
          "[dram][bus][timing]") {
  InterconnectParams bus_params;
  bus_params.hop_latency = ns(5);
  bus_params.data_width_bytes = 16;
  bus_params.clock = Frequency{1e9};
  Interconnect bus("bus", bus_params);
  Dram dram("dram");
  TestInitiator cpu("cpu");
  cpu.socket.bind(bus.in);
  bus.out.bind(dram.socket);
  bus.map(0, 0x8000'0000, 768u << 20);
  run_in_thread([&] {
    std::vector<unsigned char> image(1000);
    for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<unsigned char>(i);
    dram.backdoor_write(0, image.data(), image.size());
    std::vector<unsigned char> data(1000);
    // hop 5 + ceil(1000 / 16) = 63 cycles x 1 ns + RL 17.5 + tRCD 18.125 (bank 0
    // precharged) + 1000 B / 6.4 GB/s = 156.25: 259.875 ns.
    REQUIRE(cpu.read(0x8000'0000, data.data(), 1000) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(259.875));
    CHECK(data == image);
    // Again, a row hit: 5 + 63 + 17.5 + 156.25 = 241.75 ns -> 501.625 ns.
    REQUIRE(cpu.read(0x8000'0000, data.data(), 1000) == tlm::TLM_OK_RESPONSE);
    CHECK(cpu.now() == ns(259.875 + 241.75));
    CHECK(cpu.last_address() == 0x8000'0000);
  });
}

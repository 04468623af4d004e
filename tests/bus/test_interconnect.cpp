// The interconnect: routing, address translation, error responses, contention and
// energy, each against a hand calculation in the comment beside it.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <tlm>

#include "support/recording_target.h"
#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;
using wakesim::test::RecordingTarget;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

sc_time ns(double value) { return sc_time(value, SC_NS); }

// 8 bytes per cycle at 1 GHz: a 64-byte transfer holds a port for 8 ns.
InterconnectParams bus_params(double hop_ns = 4) {
  InterconnectParams params;
  params.hop_latency = ns(hop_ns);
  params.data_width_bytes = 8;
  params.clock = Frequency{1e9};
  params.energy_per_byte = Energy{2e-12};
  return params;
}

PowerDomainParams domain_params(bool on) {
  PowerDomainParams params;
  params.initially_on = on;
  return params;
}

}  // namespace

TEST_CASE("Interconnect transfer time is ceil of bytes over width in clock cycles", "[bus]") {
  InterconnectParams params = bus_params();
  params.data_width_bytes = 16;
  params.clock = Frequency{400e6};  // 2.5 ns period
  Interconnect bus("bus", params);
  CHECK(bus.clock_period() == sc_time(2500, sc_core::SC_PS));
  CHECK(bus.transfer_time(0) == SC_ZERO_TIME);
  CHECK(bus.transfer_time(1) == ns(2.5));       // 1 cycle
  CHECK(bus.transfer_time(16) == ns(2.5));      // 1 cycle
  CHECK(bus.transfer_time(17) == ns(5));        // 2 cycles
  CHECK(bus.transfer_time(1000) == ns(157.5));  // ceil(62.5) = 63 cycles
  InterconnectParams zero_width = bus_params();
  zero_width.data_width_bytes = 0;
  CHECK_THROWS_AS(Interconnect("zero_width", zero_width), std::invalid_argument);
  InterconnectParams no_clock = bus_params();
  no_clock.clock = Frequency{0.0};
  CHECK_THROWS_AS(Interconnect("no_clock", no_clock), std::invalid_argument);
}

TEST_CASE("Interconnect forwards with hop latency and transfer time and translates the address", "[bus]") {
  Interconnect bus("bus", bus_params());
  TestInitiator cpu("cpu");
  RecordingTarget low("low", ns(10));
  RecordingTarget high("high", ns(10));
  cpu.socket.bind(bus.in);
  bus.out.bind(low.socket);   // port 0
  bus.out.bind(high.socket);  // port 1
  bus.map(0, 0x0000'0000, 0x1000'0000);
  bus.map(1, 0x8000'0000, 0x1000'0000);
  run_in_thread([&] {
    std::array<unsigned char, 100> data{};
    CHECK(cpu.read(0x8000'1234, data.data(), 100) == tlm::TLM_OK_RESPONSE);
    CHECK(high.transactions == 1);
    CHECK(low.transactions == 0);
    CHECK(high.last_address == 0x1234);        // local offset in the target
    CHECK(cpu.last_address() == 0x8000'1234);  // restored on the way back
    CHECK(data[99] == high.fill);              // the target's data came through
    CHECK(high.last_arrival == ns(13 + 4));    // ceil(100 / 8) = 13 cycles + hop 4
    CHECK(cpu.now() == ns(13 + 4 + 10));       // + the target's 10 ns
    CHECK(bus.target_port(1).transactions == 1);
    CHECK(bus.target_port(1).bytes == 100);
    CHECK(bus.initiator_port(0).bytes == 100);
    CHECK(bus.target_port(0).transactions == 0);
  });
}

TEST_CASE("Interconnect answers an unmapped access with an address error and never calls a target", "[bus][errors]") {
  Interconnect bus("bus", bus_params());
  TestInitiator cpu("cpu");
  RecordingTarget mem("mem");
  cpu.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x1000, 0x1000);
  run_in_thread([&] {
    std::array<unsigned char, 16> data{};
    CHECK(cpu.read(0x0, data.data(), 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);      // below
    CHECK(cpu.read(0x2000, data.data(), 4) == tlm::TLM_ADDRESS_ERROR_RESPONSE);   // above
    CHECK(cpu.write(0x1ffc, data.data(), 8) == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // off the end
    CHECK(cpu.last_address() == 0x1ffc);
    CHECK(mem.transactions == 0);
    CHECK(data[0] == 0);  // nothing read into the buffer
    CHECK(bus.unmapped_accesses() == 3);
    CHECK(bus.initiator_port(0).unmapped == 3);
    CHECK(bus.target_port(0).transactions == 0);
    CHECK(cpu.now() == ns(3 * 4));  // each error costs one hop of 4 ns and no port time
    CHECK(bus.target_port_busy_time(0) == SC_ZERO_TIME);
    CHECK(bus.ledger().total().joules == 0.0);
  });
}

TEST_CASE("Interconnect answers an access to a target whose domain is OFF with a generic error and counts it",
          "[bus][errors][power]") {
  PmCore core("pm");
  PowerDomain dram_pd("dram_pd", core, domain_params(true));
  PowerDomain periph_pd("periph_pd", core, domain_params(false));
  Interconnect bus("bus", bus_params());
  TestInitiator cpu("cpu");
  RecordingTarget dram("dram");
  RecordingTarget periph("periph");
  cpu.socket.bind(bus.in);
  bus.out.bind(dram.socket);
  bus.out.bind(periph.socket);
  bus.map(0, 0x8000'0000, 0x1000'0000, &dram_pd);
  bus.map(1, 0x1000'0000, 0x1000, &periph_pd);
  run_in_thread([&] {
    std::array<unsigned char, 8> data{};
    CHECK(cpu.read(0x1000'0010, data.data(), 8) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    CHECK(periph.transactions == 0);
    CHECK(data[0] == 0);  // no data moved
    CHECK(bus.target_off_accesses() == 1);
    CHECK(bus.target_port(1).power_errors == 1);
    CHECK(bus.target_port(0).power_errors == 0);
    CHECK(bus.initiator_port(0).power_errors == 1);

    CHECK(cpu.read(0x8000'0000, data.data(), 8) == tlm::TLM_OK_RESPONSE);  // ON: fine
    CHECK(dram.transactions == 1);
    CHECK(dram_pd.try_power_off() == 0);  // no devices: off at once
    CHECK_FALSE(dram_pd.is_on());
    CHECK(cpu.read(0x8000'0000, data.data(), 8) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    CHECK(dram.transactions == 1);
    CHECK(bus.target_port(0).power_errors == 1);
    CHECK(bus.target_off_accesses() == 2);
    CHECK(bus.target_port(0).bytes == 8);  // only the access that went through
  });
}

TEST_CASE("Interconnect in an OFF domain refuses every access with a generic error", "[bus][errors][power]") {
  PmCore core("pm");
  PowerDomain bus_pd("bus_pd", core, domain_params(false));
  InterconnectParams params = bus_params();
  params.domain = &bus_pd;
  Interconnect bus("bus", params);
  TestInitiator cpu("cpu");
  RecordingTarget mem("mem");
  cpu.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x0, 0x1000);
  run_in_thread([&] {
    std::array<unsigned char, 8> data{};
    CHECK(cpu.write(0x10, data.data(), 8) == tlm::TLM_GENERIC_ERROR_RESPONSE);
    CHECK(cpu.write(0x5000, data.data(), 8) == tlm::TLM_GENERIC_ERROR_RESPONSE);  // even unmapped
    CHECK(mem.transactions == 0);
    CHECK(bus.bus_off_accesses() == 2);
    CHECK(bus.unmapped_accesses() == 0);
    CHECK(bus.initiator_port(0).power_errors == 2);
    CHECK(cpu.now() == SC_ZERO_TIME);  // an unpowered bus takes no time
  });
}

TEST_CASE("Interconnect routes transport_dbg with translation and no timing and refuses DMI", "[bus]") {
  Interconnect bus("bus", bus_params());
  TestInitiator cpu("cpu");
  RecordingTarget mem("mem");
  cpu.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x4000, 0x1000);
  run_in_thread([&] {
    std::array<unsigned char, 32> data{};
    tlm::tlm_generic_payload tx;
    tx.set_read();
    tx.set_address(0x4010);
    tx.set_data_ptr(data.data());
    tx.set_data_length(32);
    CHECK(cpu.socket->transport_dbg(tx) == 32);
    CHECK(mem.debug_transactions == 1);
    CHECK(mem.last_address == 0x10);
    CHECK(tx.get_address() == 0x4010);
    CHECK(data[31] == mem.fill);
    tx.set_address(0x9000);
    CHECK(cpu.socket->transport_dbg(tx) == 0);
    CHECK(tx.get_response_status() == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(mem.debug_transactions == 1);
    CHECK(bus.target_port(0).transactions == 0);  // debug traffic is not timed or counted
    CHECK(bus.target_port_busy_time(0) == SC_ZERO_TIME);
    tlm::tlm_dmi dmi;
    tx.set_address(0x4000);
    CHECK_FALSE(cpu.socket->get_direct_mem_ptr(tx, dmi));
  });
}

TEST_CASE("Interconnect rejects an overlapping map at elaboration and a mapped port with no target", "[bus][errors]") {
  Interconnect bus("bus", bus_params());
  bus.map(0, 0x1000, 0x1000);
  try {
    bus.map(1, 0x1800, 0x1000);
    FAIL("overlap accepted");
  } catch (const std::invalid_argument& error) {
    CHECK(std::string(error.what()) ==
          "bus: range [0x1800..0x27ff] -> port 1 overlaps range [0x1000..0x1fff] -> port 0");
  }
  CHECK_THROWS_AS(bus.map(1, 0x3000, 0), std::invalid_argument);
  bus.map(1, 0x2000, 0x1000);  // adjacent is fine
  TestInitiator cpu("cpu");
  RecordingTarget mem("mem");
  cpu.socket.bind(bus.in);
  bus.out.bind(mem.socket);  // only port 0 is bound, port 1 is mapped
  CHECK_THROWS_WITH(sc_core::sc_start(), Catch::Contains("range [0x2000..0x2fff] -> port 1 names a port with no target "
                                                         "bound (1 bound)"));
}

TEST_CASE("Interconnect counts energy per byte exactly", "[bus][energy]") {
  EnergyLedger ledger;
  Interconnect bus("bus", bus_params(), &ledger);
  TestInitiator cpu("cpu");
  RecordingTarget mem("mem");
  cpu.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x0, 0x10000);
  run_in_thread([&] {
    std::array<unsigned char, 4096> data{};
    for (int i = 0; i < 10; ++i) REQUIRE(cpu.write(0x0, data.data(), 4096) == tlm::TLM_OK_RESPONSE);
    REQUIRE(cpu.read(0x0, data.data(), 100) == tlm::TLM_OK_RESPONSE);
    REQUIRE(cpu.read(0x20000, data.data(), 100) == tlm::TLM_ADDRESS_ERROR_RESPONSE);  // no energy
    CHECK(bus.bytes_transferred() == 41060);                                          // 10 x 4096 + 100
    // 41060 B x 2 pJ/B = 82.12 nJ, one rounding of 41060 x 2e-12.
    CHECK(ledger.total("bus").joules == 41060 * 2e-12);
    CHECK(ledger.total("bus").joules == Approx(82.12e-9).epsilon(1e-15));
    CHECK(ledger.total(EnergyCategory::dynamic).joules == 41060 * 2e-12);
  });
}

namespace {

void check_saturated_port_is_shared(sc_time quantum) {
  tlm::tlm_global_quantum::instance().set(quantum);
  Interconnect bus("bus", bus_params(4));
  TestInitiator a("a");
  TestInitiator b("b");
  RecordingTarget mem("mem");
  a.socket.bind(bus.in);
  b.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x0, 0x100000);
  constexpr int kEach = 100;
  sc_time done_a;
  sc_time done_b;
  auto run = [](TestInitiator& initiator, sc_time& done) {
    std::array<unsigned char, 64> data{};
    for (int i = 0; i < kEach; ++i) {
      REQUIRE(initiator.write(0x40 * i, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    }
    done = initiator.now();
  };
  sc_core::sc_spawn([&] { run(a, done_a); });
  sc_core::sc_spawn([&] { run(b, done_b); });
  sc_core::sc_start();
  // T = 64 B / 8 B per cycle = 8 ns of port time, hop h = 4 ns, target 0 ns. The
  // first to go holds [0, 8) and is done at 12; the other waits for [8, 16), done
  // at 20. Each comes back (at 12 + 16k or 20 + 16k) before the port frees up
  // (16 + 16k or 24 + 16k), so they alternate with the port never idle: the k-th
  // transfers end at (2k + 1)T + h and (2k + 2)T + h, each initiator getting half
  // the port (64 B per 16 ns = 4 GB/s of 8 GB/s).
  const sc_time first_done = done_a < done_b ? done_a : done_b;
  const sc_time last_done = done_a < done_b ? done_b : done_a;
  CHECK(first_done == ns((2 * kEach - 1) * 8 + 4));  // 1596 ns
  CHECK(last_done == ns(2 * kEach * 8 + 4));         // 1604 ns
  CHECK(bus.target_port(0).transactions == 2 * kEach);
  CHECK(bus.target_port(0).bytes == 2 * kEach * 64);
  CHECK(bus.initiator_port(0).bytes == kEach * 64);  // half each
  CHECK(bus.initiator_port(1).bytes == kEach * 64);
  CHECK(bus.target_port_busy_time(0) == ns(2 * kEach * 8));  // busy the whole 1600 ns
  // Waits: the second initiator's first transfer 8 ns, then every arrival (at
  // 12 + 16k or 20 + 16k) 4 ns before its slot: 8 + 198 x 4 = 800 ns in all.
  CHECK(bus.target_port(0).wait.sum() == 800'000);
  CHECK(bus.target_port(0).wait.max() == 8000);
  CHECK(bus.initiator_port(0).wait.count() == kEach);
  CHECK(bus.initiator_port(0).wait.sum() + bus.initiator_port(1).wait.sum() == 800'000);
}

}  // namespace

TEST_CASE("Interconnect shares a saturated target port equally between two initiators with exact finishing times",
          "[bus][contention]") {
  check_saturated_port_is_shared(SC_ZERO_TIME);  // every initiator syncs after each transaction
}

TEST_CASE("Interconnect shares a saturated target port with the same finishing times at a 1 us quantum",
          "[bus][contention][quantum]") {
  check_saturated_port_is_shared(ns(1000));
}

namespace {

// One initiator, two targets behind a bus with no hop latency.
struct TwoTargets {
  explicit TwoTargets(bool initiator_contention)
      : bus("bus",
            [&] {
              InterconnectParams params = bus_params(0);
              params.initiator_port_contention = initiator_contention;
              return params;
            }()),
        cpu("cpu"),
        m0("m0"),
        m1("m1") {
    cpu.socket.bind(bus.in);
    bus.out.bind(m0.socket);
    bus.out.bind(m1.socket);
    bus.map(0, 0x0, 0x1000);
    bus.map(1, 0x1000, 0x1000);
  }
  // Two 64-byte writes issued open-loop at local time 0, one to each target;
  // returns their delays.
  std::array<sc_time, 2> two_outstanding_writes() {
    std::array<sc_time, 2> delays{};
    run_in_thread([&] {
      std::array<unsigned char, 64> data{};
      tlm::tlm_generic_payload tx;
      tx.set_write();
      tx.set_data_ptr(data.data());
      tx.set_data_length(64);
      tx.set_streaming_width(64);
      for (std::size_t i = 0; i < 2; ++i) {
        tx.set_address(0x1000u * i);
        cpu.socket->b_transport(tx, delays[i]);
      }
    });
    return delays;
  }
  Interconnect bus;
  TestInitiator cpu;
  RecordingTarget m0;
  RecordingTarget m1;
};

}  // namespace

TEST_CASE("Interconnect with initiator-port contention serialises one initiator's transfers to two targets",
          "[bus][contention]") {
  // 64 B at 8 B per cycle and 1 GHz = 8 ns. Without initiator-port contention the
  // two targets' ports work in parallel: both done at 8 ns. With it, the second
  // waits for the initiator's port: 8 ns wait + 8 ns transfer = 16 ns.
  TwoTargets rig(true);
  const auto shared = rig.two_outstanding_writes();
  CHECK(shared[0] == ns(8));
  CHECK(shared[1] == ns(16));
  CHECK(rig.bus.initiator_port(0).wait.sum() == 8000);
  CHECK(rig.bus.target_port(1).wait.sum() == 8000);
}

TEST_CASE("Interconnect without initiator-port contention lets one initiator use two target ports at once",
          "[bus][contention]") {
  TwoTargets rig(false);
  const auto parallel = rig.two_outstanding_writes();
  CHECK(parallel[0] == ns(8));
  CHECK(parallel[1] == ns(8));
}

// sync_on_arrival waits out a decoupled access's delay only when another process
// could act before the access arrives (sc_time_to_pending_activity): then it sees
// the power state at its arrival. With nothing pending, nothing can change before
// the arrival, so it books at once and the caller's SystemC time stays put.
TEST_CASE("Interconnect waits for a decoupled access only when another process could act before it arrives",
          "[bus][power][quantum]") {
  PmCore core("pm");
  PowerDomain dram_pd("dram_pd", core, domain_params(true));
  Interconnect bus("bus", bus_params());
  TestInitiator cpu("cpu");
  RecordingTarget dram("dram");
  RecordingTarget sram("sram");  // always powered
  cpu.socket.bind(bus.in);
  bus.out.bind(dram.socket);
  bus.out.bind(sram.socket);
  bus.map(0, 0x8000'0000, 0x1000'0000, &dram_pd);
  bus.map(1, 0x1000'0000, 0x1000);
  sc_core::sc_spawn([&] {
    sc_core::wait(ns(50));
    REQUIRE(dram_pd.try_power_off() == 0);  // no devices: off at once
  });
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    tlm::tlm_generic_payload tx;
    tx.set_command(tlm::TLM_READ_COMMAND);
    tx.set_data_ptr(data.data());
    tx.set_data_length(64);
    tx.set_streaming_width(64);
    tx.set_address(0x8000'0000);
    // Issued at 0 for 100 ns, with the power-off pending at 50 ns: waits, sees OFF.
    sc_time delay = ns(100);
    cpu.socket->b_transport(tx, delay);
    CHECK(sc_core::sc_time_stamp() == ns(100));
    CHECK(tx.get_response_status() == tlm::TLM_GENERIC_ERROR_RESPONSE);
    CHECK(dram.transactions == 0);
    // Issued at 100 ns to arrive at 200 ns with nothing pending: no wait, the
    // caller is still at 100 ns and the delay counts from there.
    tx.set_address(0x1000'0000);
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    delay = ns(100);
    cpu.socket->b_transport(tx, delay);
    CHECK(sc_core::sc_time_stamp() == ns(100));
    CHECK(tx.get_response_status() == tlm::TLM_OK_RESPONSE);
    CHECK(sram.transactions == 1);
    CHECK(sram.last_arrival == ns(200 + 8 + 4));  // arrival + 64 B at 8 B/ns + hop
    CHECK(delay == ns(100 + 8 + 4));              // target latency 0
  });
}

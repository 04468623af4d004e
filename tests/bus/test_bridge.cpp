// A bridge between two interconnect segments: the latency of a transaction
// crossing it against the closed form, its queueing, an address the far segment
// does not map, and a bridge whose power domain is off.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <stdexcept>

#include <tlm>

#include "support/recording_target.h"
#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/bus/bridge.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::sc_time;
using wakesim::test::RecordingTarget;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

sc_time ns(double value) { return sc_time(value, SC_NS); }

InterconnectParams segment(double hop_ns, unsigned width, double hertz) {
  InterconnectParams params;
  params.hop_latency = ns(hop_ns);
  params.data_width_bytes = width;
  params.clock = Frequency{hertz};
  return params;
}

// Segment A (hop 4 ns, 8 B at 1 GHz) -> bridge (10 ns, 4 B at 500 MHz) ->
// segment B (hop 3 ns, 16 B at 1 GHz) -> a target of 10 ns, mapped on B at
// [0x8000'0000, +16 MiB); A sends [0x8000'0000, +256 MiB) to the bridge.
struct TwoSegments {
  Interconnect a{"a", segment(4, 8, 1e9)};
  Interconnect b{"b", segment(3, 16, 1e9)};
  Bridge bridge;
  RecordingTarget memory{"memory", ns(10)};
  TestInitiator cpu{"cpu"};

  explicit TwoSegments(const PowerDomain* domain = nullptr) : bridge("bridge", params(domain)) {
    cpu.socket.bind(a.in);
    a.out.bind(bridge.in);
    bridge.out.bind(b.in);
    b.out.bind(memory.socket);
    a.map(0, 0x8000'0000, 0x1000'0000);
    b.map(0, 0x8000'0000, 0x100'0000);
  }
  static BridgeParams params(const PowerDomain* domain) {
    BridgeParams params;
    params.latency = ns(10);
    params.data_width_bytes = 4;
    params.clock = Frequency{500e6};
    params.domain = domain;
    params.address_offset = 0x8000'0000;
    return params;
  }
};

}  // namespace

TEST_CASE("Bridge crossing costs segment A plus bridge latency and serialisation plus segment B", "[bus][bridge]") {
  TwoSegments fabric;
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    REQUIRE(fabric.cpu.read(0x8000'1000, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    // A: 64/8 = 8 cycles of 1 ns + 4 ns hop = 12 ns; bridge: 64/4 = 16 cycles of
    // 2 ns + 10 ns = 42 ns; B: 64/16 = 4 ns + 3 ns = 7 ns; target 10 ns: 71 ns.
    CHECK(fabric.cpu.now() == ns(71));
    // The target sees its local offset on B; the initiator gets its address back.
    CHECK(fabric.memory.last_address == 0x1000);
    CHECK(fabric.memory.last_arrival == ns(61));
    CHECK(fabric.cpu.last_address() == 0x8000'1000);
    // A second transaction, issued at 71 ns, pays the same 71 ns.
    REQUIRE(fabric.cpu.read(0x8000'2000, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    CHECK(fabric.cpu.now() == ns(142));
  });
  CHECK(fabric.bridge.stats().transactions == 2);
  CHECK(fabric.bridge.stats().bytes == 128);
  CHECK(fabric.bridge.stats().busy_ps == 2 * 32'000);
  CHECK(fabric.bridge.transfer_time(5) == ns(4));  // ceil(5/4) = 2 cycles of 2 ns
}

TEST_CASE("Bridge queues two transactions arriving together for its link", "[bus][bridge]") {
  TwoSegments fabric;
  TestInitiator second("second");
  second.socket.bind(fabric.a.in);
  sc_time first_done, second_done;
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    sc_core::sc_spawn([&] {
      std::array<unsigned char, 64> other{};
      REQUIRE(second.read(0x8010'0000, other.data(), 64) == tlm::TLM_OK_RESPONSE);
      second_done = second.now();
    });
    REQUIRE(fabric.cpu.read(0x8000'0000, data.data(), 64) == tlm::TLM_OK_RESPONSE);
    first_done = fabric.cpu.now();
    sc_core::wait(ns(500));
  });
  // Both reach A at 0: one crosses A in [0, 8), the other in [8, 16) (A's target
  // port is the bridge); at the bridge (12 and 20 ns) the first holds the link
  // for [12, 44), so the second waits 24 ns and holds [44, 76): 76 + 10 + 7 + 10 = 103 ns.
  CHECK(std::min(first_done, second_done) == ns(71));
  CHECK(std::max(first_done, second_done) == ns(103));
  CHECK(fabric.bridge.stats().wait.summary().max == 24'000);
}

TEST_CASE("Bridge returns an address error for an address the far segment does not map", "[bus][bridge]") {
  TwoSegments fabric;
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    // Inside A's bridge range, beyond B's 16 MiB.
    CHECK(fabric.cpu.read(0x8200'0000, data.data(), 64) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    CHECK(fabric.cpu.last_address() == 0x8200'0000);
  });
  CHECK(fabric.memory.transactions == 0);
  CHECK(fabric.b.unmapped_accesses() == 1);
  CHECK(fabric.bridge.stats().target_errors == 1);
  CHECK(fabric.bridge.stats().bytes == 0);
}

TEST_CASE("Bridge in a powered-off domain refuses with a generic error and forwards nothing", "[bus][bridge]") {
  PmCore core("pm");
  PowerDomainParams off;
  off.initially_on = false;
  PowerDomain domain("bridge_pd", core, off);
  TwoSegments fabric(&domain);
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    CHECK(fabric.cpu.read(0x8000'1000, data.data(), 64) == tlm::TLM_GENERIC_ERROR_RESPONSE);
  });
  CHECK(fabric.memory.transactions == 0);
  CHECK(fabric.bridge.stats().power_errors == 1);
  CHECK(fabric.bridge.stats().transactions == 0);
}

TEST_CASE("Bridge refuses a zero width or a bad clock", "[bus][bridge]") {
  BridgeParams narrow;
  narrow.data_width_bytes = 0;
  CHECK_THROWS_AS(Bridge("narrow", narrow), std::invalid_argument);
  BridgeParams stopped;
  stopped.clock = Frequency{0.0};
  CHECK_THROWS_AS(Bridge("stopped", stopped), std::invalid_argument);
}

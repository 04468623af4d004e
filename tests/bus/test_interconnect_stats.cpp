// The interconnect's port statistics (docs/reading-a-report.md, "Bus and
// memory"): busy time and utilisation, and the wait distribution, against hand
// calculations. The bus moves 8 bytes per cycle at 1 GHz, so a 64-byte transfer
// holds a port for 8 ns.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>

#include <tlm>

#include "support/recording_target.h"
#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/log_bucket_axis.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::sc_time;
using wakesim::test::RecordingTarget;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

sc_time ns(double value) { return sc_time(value, SC_NS); }

InterconnectParams bus_params() {
  InterconnectParams params;
  params.hop_latency = ns(4);
  params.data_width_bytes = 8;
  params.clock = Frequency{1e9};
  return params;
}

// The width of the histogram bucket holding `value`: how far a percentile may be
// from the sample it estimates.
std::uint64_t bucket_width(std::uint64_t value) {
  const auto bucket = LogBucketAxis::bucket(value);
  return LogBucketAxis::upper(bucket) - LogBucketAxis::lower(bucket);
}

// One 64-byte write at `initiator`'s current time; the keeper syncs after it.
void write64(TestInitiator& initiator, std::uint64_t address) {
  std::array<unsigned char, 64> data{};
  REQUIRE(initiator.write(address, data.data(), 64) == tlm::TLM_OK_RESPONSE);
}

}  // namespace

TEST_CASE("Interconnect port utilisation of two periodic initiators is bytes over width times clock times time",
          "[bus][stats]") {
  Interconnect bus("bus", bus_params());
  TestInitiator a("a");
  TestInitiator b("b");
  RecordingTarget mem("mem");
  a.socket.bind(bus.in);
  b.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x0, 0x100000);
  constexpr int kPeriods = 50;
  const sc_time period = ns(128);
  // Each initiator writes 64 B at the start of every 128 ns period.
  auto run = [&](TestInitiator& initiator) {
    for (int k = 0; k < kPeriods; ++k) {
      sc_core::wait(period * k - sc_core::sc_time_stamp());
      write64(initiator, 0x40 * static_cast<std::uint64_t>(k));
    }
  };
  sc_core::sc_spawn([&] { run(a); });
  sc_core::sc_spawn([&] { run(b); });
  sc_core::sc_start(period * kPeriods);
  const std::uint64_t window_ps = 128'000 * kPeriods;  // 6.4 us
  const Interconnect::PortStats& target = bus.target_port(0);
  // 2 x 50 writes of 64 B = 6400 B, 8 cycles of 1 ns each: 800 ns busy.
  CHECK(target.bytes == 6400);
  CHECK(target.transactions == 100);
  CHECK(target.busy_ps == 800'000);
  CHECK(target.busy_ps == target.bytes / 8 * 1000);  // bytes / width x clock period
  // 800 ns of 6400 ns: 1/8 exactly, = 6400 B / (8 B x 1 GHz x 6.4 us).
  CHECK(target.utilisation(window_ps) == 0.125);
  CHECK(target.utilisation(window_ps) == Approx(6400.0 / (8 * 1e9 * 6.4e-6)).epsilon(1e-15));
  // Each initiator carried half: 400 ns, 1/16.
  CHECK(bus.initiator_port(0).busy_ps == 400'000);
  CHECK(bus.initiator_port(1).busy_ps == 400'000);
  CHECK(bus.initiator_port(0).utilisation(window_ps) == 0.0625);
  CHECK(target.utilisation(0) == 0.0);
  // Both arrive at k x 128 ns: one goes at once, the other waits its 8 ns. Of
  // the 100 waits 50 are 0 and 50 are 8 ns: the median (rank 50) is 0, the p99
  // (rank 99) 8 ns, exact (clamped to the largest sample).
  CHECK(target.wait.count() == 100);
  CHECK(target.wait.sum() == 50 * 8000);
  CHECK(target.wait.percentile(0.5) == 0.0);
  CHECK(target.wait.percentile(0.99) == 8000.0);
  CHECK(bus.initiator_port(0).wait.sum() + bus.initiator_port(1).wait.sum() == 50 * 8000);
}

TEST_CASE("Interconnect wait p50 and p99 of a queue of outstanding transfers are the hand-computed waits",
          "[bus][stats]") {
  Interconnect bus("bus", bus_params());
  TestInitiator cpu("cpu");
  RecordingTarget mem("mem");
  cpu.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x0, 0x100000);
  constexpr int kTransfers = 100;
  run_in_thread([&] {
    // 100 writes issued open-loop at local time 0: the k-th (from 0) starts when
    // the k before it are done and waits k x 8 ns.
    std::array<unsigned char, 64> data{};
    tlm::tlm_generic_payload tx;
    tx.set_write();
    tx.set_data_ptr(data.data());
    tx.set_data_length(64);
    tx.set_streaming_width(64);
    for (int k = 0; k < kTransfers; ++k) {
      sc_time delay = sc_core::SC_ZERO_TIME;
      tx.set_address(0x40u * static_cast<unsigned>(k));
      tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
      cpu.socket->b_transport(tx, delay);
      REQUIRE(tx.is_response_ok());
      CHECK(delay == ns(8.0 * (k + 1) + 4));  // wait + transfer + hop
    }
  });
  for (const Interconnect::PortStats* port : {&bus.initiator_port(0), &bus.target_port(0)}) {
    const LatencyHistogram& wait = port->wait;
    CHECK(wait.count() == kTransfers);
    CHECK(wait.min() == 0);
    CHECK(wait.max() == 99 * 8000);     // 792 ns
    CHECK(wait.mean() == 49.5 * 8000);  // (0 + 99) / 2 x 8 ns = 396 ns
    // Nearest rank: p50 is the 50th smallest, 49 x 8 = 392 ns; p99 the 99th, 784 ns.
    CHECK(std::abs(wait.percentile(0.5) - 392'000.0) <= double(bucket_width(392'000)));
    CHECK(std::abs(wait.percentile(0.99) - 784'000.0) <= double(bucket_width(784'000)));
    CHECK(port->busy_ps == kTransfers * 8000);  // back to back: 800 ns
  }
  CHECK(bucket_width(392'000) < 392'000 / 128);  // the histogram's resolution: under 0.8 %
}

TEST_CASE("Interconnect reset_stats restarts counts busy time and waits and keeps the bookings", "[bus][stats]") {
  Interconnect bus("bus", bus_params());
  TestInitiator cpu("cpu");
  RecordingTarget mem("mem");
  cpu.socket.bind(bus.in);
  bus.out.bind(mem.socket);
  bus.map(0, 0x0, 0x1000);
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    write64(cpu, 0x0);
    REQUIRE(cpu.read(0x2000, data.data(), 8) == tlm::TLM_ADDRESS_ERROR_RESPONSE);
    bus.reset_stats();
    CHECK(bus.initiator_port(0).transactions == 0);
    CHECK(bus.initiator_port(0).unmapped == 0);
    CHECK(bus.target_port(0).busy_ps == 0);
    CHECK(bus.target_port(0).wait.count() == 0);
    CHECK(bus.bytes_transferred() == 0);
    CHECK(bus.unmapped_accesses() == 0);
    write64(cpu, 0x40);
    CHECK(bus.target_port(0).transactions == 1);
    CHECK(bus.target_port(0).busy_ps == 8000);
    CHECK(bus.bytes_transferred() == 64);
    CHECK(bus.target_port_busy_time(0) == ns(16));  // the timeline keeps both transfers
  });
}

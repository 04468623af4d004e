// M/D/1 on one bus port (docs/architecture.md, 'Testing against closed forms'): Poisson arrivals from an open-loop
// source, deterministic service (a 64-byte transfer at 8 bytes per cycle and 1 GHz holds the port for S = 8 ns), FIFO.
// Mean wait in queue Wq = rho / (2 mu (1 - rho)) = rho S / (2 (1 - rho)): 1.714 ns at rho 0.3, 6 ns at 0.6, 36 ns at
// 0.9. Sample sizes: the relative standard error of the mean wait from n arrivals, measured over 50 independent
// Lindley-recursion runs, is 0.3% (rho 0.3) and 0.4% (0.6) at n = 1M and 1.1% (0.9) at n = 2M, so about 0.7% at 5M: the
// 5% bound is more than 7 standard errors away at every load.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>

#include <tlm>

#include "support/recording_target.h"
#include "support/test_initiator.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/random_streams.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;
using wakesim::test::RecordingTarget;
using wakesim::test::TestInitiator;

namespace {

constexpr double kServicePs = 8000.0;  // 64 B / (8 B x 1 GHz)

struct Md1Result {
  double mean_wait_ps;
  double utilisation;
  std::uint64_t samples;
};

// Sends `arrivals` 64-byte writes at Poisson times of rate rho / S through one bus
// port to a zero-latency target, without waiting for completions.
Md1Result run_md1(double rho, std::uint64_t arrivals) {
  tlm::tlm_global_quantum::instance().set(sc_time(1, sc_core::SC_US));
  InterconnectParams params;
  params.hop_latency = SC_ZERO_TIME;
  params.data_width_bytes = 8;
  params.clock = Frequency{1e9};
  Interconnect bus("bus", params);
  TestInitiator source("source");
  RecordingTarget sink("sink");
  source.socket.bind(bus.in);
  bus.out.bind(sink.socket);
  bus.map(0, 0x0, 0x1000);

  sc_time last_arrival;
  sc_core::sc_spawn([&] {
    RandomStream rng = RandomStreams(2024).stream("md1");
    const double mean_interarrival_ps = kServicePs / rho;
    std::array<unsigned char, 64> data{};
    tlm::tlm_generic_payload tx;
    tx.set_write();
    tx.set_address(0x0);
    tx.set_data_ptr(data.data());
    tx.set_data_length(64);
    tx.set_streaming_width(64);
    source.keeper.reset();
    double arrival_ps = 0.0;
    for (std::uint64_t i = 0; i < arrivals; ++i) {
      arrival_ps += rng.exponential(mean_interarrival_ps);
      last_arrival = sc_time::from_value(static_cast<std::uint64_t>(std::llround(arrival_ps)));
      source.keeper.set(last_arrival - sc_core::sc_time_stamp());
      if (source.keeper.need_sync()) source.keeper.sync();
      sc_time delay = source.keeper.get_local_time();
      source.socket->b_transport(tx, delay);  // open loop: the completion is not awaited
    }
  });
  sc_core::sc_start();
  const Interconnect::PortStats& port = bus.target_port(0);
  return Md1Result{port.wait.mean(), bus.target_port_busy_time(0) / last_arrival, port.wait.count()};
}

void check_md1(double rho, std::uint64_t arrivals) {
  const Md1Result result = run_md1(rho, arrivals);
  const double expected_ps = rho * kServicePs / (2.0 * (1.0 - rho));
  const double error = (result.mean_wait_ps - expected_ps) / expected_ps;
  CAPTURE(rho, result.mean_wait_ps, expected_ps, error, result.utilisation);
  CHECK(result.samples == arrivals);
  CHECK(std::fabs(error) < 0.05);
  CHECK(result.utilisation == Approx(rho).epsilon(0.01));
  WARN("M/D/1 rho " << rho << ": mean wait " << result.mean_wait_ps << " ps, expected " << expected_ps
                    << " ps, relative error " << error * 100 << "%");
}

}  // namespace

TEST_CASE("Interconnect port under Poisson arrivals matches the M/D/1 mean wait at rho 0.3", "[bus][md1]") {
  check_md1(0.3, 1'000'000);
}

TEST_CASE("Interconnect port under Poisson arrivals matches the M/D/1 mean wait at rho 0.6", "[bus][md1]") {
  check_md1(0.6, 1'000'000);
}

TEST_CASE("Interconnect port under Poisson arrivals matches the M/D/1 mean wait at rho 0.9", "[bus][md1]") {
  check_md1(0.9, 5'000'000);
}

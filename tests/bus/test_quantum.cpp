// docs/architecture.md, 'Timing model': the quantum must not change the answer. Two Poisson sources share
// one bus port; the same arrival streams are replayed on two identical buses, one
// with initiators synchronising at every arrival (quantum 0) and one with a 1 us
// quantum, so requests reach the second bus's port out of time order. With
// sync_on_arrival the bus arbitrates in time order and the waits are identical;
// without it they are not, which shows the sources really do run out of order.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <tlm>

#include "support/recording_target.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/random_streams.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;
using wakesim::test::RecordingTarget;

namespace {

// A quantum keeper with its own quantum instead of the global one.
class LocalQuantumKeeper : public tlm_utils::tlm_quantumkeeper {
 public:
  explicit LocalQuantumKeeper(sc_time quantum) : quantum_(quantum) {}

 protected:
  sc_time compute_local_quantum() override {
    if (quantum_ == SC_ZERO_TIME) return SC_ZERO_TIME;
    const sc_time now = sc_core::sc_time_stamp();
    return quantum_ - sc_time::from_value(now.value() % quantum_.value());
  }

 private:
  sc_time quantum_;
};

// An open-loop Poisson source of 64-byte writes.
class PoissonSource : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<PoissonSource> socket;

  PoissonSource(const sc_core::sc_module_name& name, sc_time quantum, double mean_interarrival_ps,
                std::uint64_t arrivals, RandomStream rng)
      : sc_core::sc_module(name),
        socket("socket"),
        keeper_(quantum),
        mean_interarrival_ps_(mean_interarrival_ps),
        arrivals_(arrivals),
        rng_(rng) {
    SC_HAS_PROCESS(PoissonSource);
    SC_THREAD(run);
  }

 private:
  void run() {
    std::array<unsigned char, 64> data{};
    tlm::tlm_generic_payload tx;
    tx.set_write();
    tx.set_address(0x0);
    tx.set_data_ptr(data.data());
    tx.set_data_length(64);
    tx.set_streaming_width(64);
    keeper_.reset();
    double arrival_ps = 0.0;
    for (std::uint64_t i = 0; i < arrivals_; ++i) {
      arrival_ps += rng_.exponential(mean_interarrival_ps_);
      const sc_time at = sc_time::from_value(static_cast<std::uint64_t>(std::llround(arrival_ps)));
      keeper_.set(at - sc_core::sc_time_stamp());
      if (keeper_.need_sync()) keeper_.sync();
      sc_time delay = keeper_.get_local_time();
      socket->b_transport(tx, delay);
    }
  }

  LocalQuantumKeeper keeper_;
  double mean_interarrival_ps_;
  std::uint64_t arrivals_;
  RandomStream rng_;
};

// Two sources, each at half the load, through one bus to a zero-latency target.
struct SharedPort {
  SharedPort(const std::string& name, sc_time quantum, double rho, std::uint64_t arrivals, bool sync_on_arrival)
      : bus((name + "_bus").c_str(), params(sync_on_arrival)),
        a((name + "_a").c_str(), quantum, 2 * 8000.0 / rho, arrivals, streams.stream("a")),
        b((name + "_b").c_str(), quantum, 2 * 8000.0 / rho, arrivals, streams.stream("b")),
        sink((name + "_sink").c_str()) {
    a.socket.bind(bus.in);
    b.socket.bind(bus.in);
    bus.out.bind(sink.socket);
    bus.map(0, 0x0, 0x1000);
  }
  static InterconnectParams params(bool sync_on_arrival) {
    InterconnectParams p;
    p.sync_on_arrival = sync_on_arrival;
    p.hop_latency = SC_ZERO_TIME;
    p.data_width_bytes = 8;  // 64 B = 8 cycles at 1 GHz = 8 ns
    p.clock = Frequency{1e9};
    return p;
  }
  RandomStreams streams{7};
  Interconnect bus;
  PoissonSource a;
  PoissonSource b;
  RecordingTarget sink;
};

struct WaitComparison {
  const LatencyHistogram& quantum_0;
  const LatencyHistogram& quantum_1us;
  double mean_error;
  double p99_error;
};

constexpr std::uint64_t kArrivals = 500'000;  // per source

WaitComparison compare(const SharedPort& exact, const SharedPort& decoupled, double rho) {
  const LatencyHistogram& w0 = exact.bus.target_port(0).wait;
  const LatencyHistogram& w1 = decoupled.bus.target_port(0).wait;
  const WaitComparison result{w0, w1, (w1.mean() - w0.mean()) / w0.mean(),
                              (w1.percentile(0.99) - w0.percentile(0.99)) / w0.percentile(0.99)};
  WARN("rho " << rho << ": mean wait " << w0.mean() << " ps at quantum 0, " << w1.mean() << " ps at 1 us ("
              << result.mean_error * 100 << "%); p99 " << w0.percentile(0.99) << " vs " << w1.percentile(0.99) << " ("
              << result.p99_error * 100 << "%)");
  return result;
}

void check_quantum_invariance(double rho) {
  SharedPort exact("q0", SC_ZERO_TIME, rho, kArrivals, true);
  SharedPort decoupled("q1us", sc_time(1, sc_core::SC_US), rho, kArrivals, true);
  sc_core::sc_start();
  const WaitComparison waits = compare(exact, decoupled, rho);
  REQUIRE(waits.quantum_0.count() == 2 * kArrivals);
  CHECK(waits.quantum_0.mean() == Approx(rho * 8000 / (2 * (1 - rho))).epsilon(0.05));  // M/D/1
  CHECK(exact.bus.target_port_busy_time(0) == decoupled.bus.target_port_busy_time(0));
  // Identical samples, so identical mean and percentiles (1% is the bound of docs/architecture.md, 'Timing model').
  CHECK(waits.quantum_0 == waits.quantum_1us);
  CHECK(std::fabs(waits.mean_error) < 0.01);
  CHECK(std::fabs(waits.p99_error) < 0.01);
}

}  // namespace

TEST_CASE("Interconnect port shared by two Poisson sources gives the same waits at quantum 0 and 1 us at rho 0.6",
          "[bus][quantum]") {
  check_quantum_invariance(0.6);
}

TEST_CASE("Interconnect port shared by two Poisson sources gives the same waits at quantum 0 and 1 us at rho 0.9",
          "[bus][quantum]") {
  check_quantum_invariance(0.9);
}

TEST_CASE("Interconnect without sync on arrival books out of order at a 1 us quantum and the waits change",
          "[bus][quantum]") {
  const double rho = 0.6;
  SharedPort exact("q0", SC_ZERO_TIME, rho, kArrivals, false);
  SharedPort decoupled("q1us", sc_time(1, sc_core::SC_US), rho, kArrivals, false);
  sc_core::sc_start();
  const WaitComparison waits = compare(exact, decoupled, rho);
  // At quantum 0 every source syncs at each arrival, so calls still come in time order.
  CHECK(waits.quantum_0.mean() == Approx(rho * 8000 / (2 * (1 - rho))).epsilon(0.05));
  CHECK(waits.mean_error > 0.2);  // measured: +72%
}

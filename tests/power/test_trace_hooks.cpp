// What a runtime PM device and a power domain report to an attached TraceSink:
// each status change once, at the simulated time it happens, and their static
// power whenever it changes (core/trace_sink.h). Times in us, worked by hand.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/power_params.h"
#include "support/run_in_thread.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/trace_sink.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

using namespace wakesim;
using wakesim::test::run_in_thread;
using wakesim::test::timed;
using wakesim::test::us;
using wakesim::test::wq_latency;

namespace {

// Writes every call as one line: "NAME STATE @ T us" or "NAME = VALUE W @ T us".
class ListingSink : public TraceSink {
 public:
  Track add_state_track(Group, std::string name, std::vector<std::string> states, std::size_t initial,
                        std::uint64_t now_ps) override {
    tracks_.push_back({std::move(name), std::move(states)});
    log(tracks_.size() - 1, initial, now_ps);
    return static_cast<Track>(tracks_.size() - 1);
  }
  void state(Track track, std::size_t state, std::uint64_t at_ps) override { log(track, state, at_ps); }
  Counter add_counter(Group, std::string name, std::string unit, double initial, std::uint64_t now_ps) override {
    counters_.push_back(name);
    lines.push_back(fmt::format("{} = {} {} @ {} us", name, initial, unit, now_ps / 1000000));
    return static_cast<Counter>(counters_.size() - 1);
  }
  void counter(Counter counter, double value, std::uint64_t at_ps) override {
    lines.push_back(fmt::format("{} = {} W @ {} us", counters_.at(counter), value, at_ps / 1000000));
  }
  Track add_slice_track(Group, std::string) override { return 0; }
  void slice(Track, const Slice&) override {}

  std::vector<std::string> lines;

 private:
  void log(std::size_t track, std::size_t state, std::uint64_t at_ps) {
    lines.push_back(
        fmt::format("{} {} @ {} us", tracks_.at(track).first, tracks_.at(track).second.at(state), at_ps / 1000000));
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> tracks_;
  std::vector<std::string> counters_;
};

PowerDomainParams one_state_with_power() {
  PowerDomainParams params;
  PowerDomainIdleState off;
  off.name = "off";
  off.power_off_latency = us(50);
  off.power_on_latency = us(100);
  off.off_power = Power{50e-6};
  params.states.push_back(off);
  params.on_power = Power{2e-3};
  return params;
}

}  // namespace

TEST_CASE("a traced device and domain report each status change and power change at its time", "[trace][genpd]") {
  PmCore core("pm", wq_latency(20));
  EnergyLedger ledger;
  PowerDomain pd("pd", core, one_state_with_power(), &ledger);
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  dev.attach_energy(ledger, Power{3e-3}, Power{0.5e-3});
  REQUIRE(pd.attach(dev) == 0);
  ListingSink sink;
  pd.attach_trace(&sink, "pd");
  dev.attach_trace(&sink, "dev");
  run_in_thread([&] {
    dev.enable();
    // get_sync: RESUMING at 0; the domain powers on (100) then the callback (30).
    REQUIRE(dev.get_sync() == 0);
    // put_sync: SUSPENDING at 130; genpd's runtime_suspend runs the driver's
    // callback (10) and then, still inside it, powers the domain off (50): OFF at
    // 190 (the device, now unpowered, draws nothing), then SUSPENDED.
    dev.put_sync();
  });
  const std::vector<std::string> expected = {
      "pd off @ 0 us",  // declared: the domain starts off
      "pd = 5e-05 W @ 0 us",
      "dev suspended @ 0 us",  // declared: a device starts suspended
      "dev = 0 W @ 0 us",      // in a powered-off domain it draws nothing
      "dev resuming @ 0 us",    "pd on @ 100 us",          "pd = 0.002 W @ 100 us",
      "dev = 0.003 W @ 100 us",  // powered, not suspended: active power
      "dev active @ 130 us",    "dev suspending @ 130 us", "pd off @ 190 us",
      "pd = 5e-05 W @ 190 us",  "dev = 0 W @ 190 us",
      "dev suspended @ 190 us",  // no power change: unpowered already
  };
  CHECK(sink.lines == expected);
}

TEST_CASE("a detached trace sink hears nothing more", "[trace]") {
  PmCore core("pm", wq_latency(20));
  TimedCallbacks cb(timed(10, 30));
  RpmDevice dev("dev", core, nullptr, &cb);
  ListingSink sink;
  dev.attach_trace(&sink, "dev");
  dev.attach_trace(nullptr, "dev");
  run_in_thread([&] {
    dev.enable();
    REQUIRE(dev.get_sync() == 0);
    dev.put_sync();
  });
  CHECK(dev.resumes() == 1);
  CHECK(sink.lines == std::vector<std::string>{"dev suspended @ 0 us"});  // only the declaration
}

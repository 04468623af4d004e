// scenario.warmup (scenarios/README.md): every statistic restarts at the warm-up's
// end, as gem5's resetstats. The case is scenarios/pl330_periodic.yaml with the
// always_on policy: one 4 KiB job every T = 30 ms from time 0 over 1 s, whose
// controller is resumed once at boot and never suspended. Without a warm-up its
// latency tail holds the boot transient (genpd_power_off_unused() powering off
// the unused domains at time 0, while the first jobs run); after 100 ms every
// job is alike.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "support/wakesim_process.h"

namespace {

using nlohmann::json;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_report;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

const char* const kScenario = "scenarios/pl330_periodic.yaml";
const std::string kAlwaysOn = "scenario.clients.0.policy=always_on";
const std::string kWarmup = "scenario.warmup=100ms";

// Jobs arrive at k T, k = 0, 1, ...; those in (warmup, duration) are the ones
// after the warm-up (none arrives at 100 ms or 1 s: 90 and 120 ms, 990 ms).
std::uint64_t arrivals_after(double warmup_s, double duration_s, double period_s) {
  return static_cast<std::uint64_t>(std::floor(duration_s / period_s)) -
         static_cast<std::uint64_t>(std::floor(warmup_s / period_s));
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("app: warmup leaves boot's power-off out of always_on's latency, jobs and energy", "[app][warmup]") {
  const json cold = run_report(kScenario, "warmup-cold", {kAlwaysOn});
  const std::filesystem::path out = fresh_directory("warmup-warm");
  const wakesim::test::WakesimOutcome outcome = run_wakesim(source_path(kScenario), out, {kAlwaysOn, kWarmup});
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  const json warm = read_report(out);
  const std::string warm_text = slurp(out / "report.json");
  const std::string warm_csv = slurp(out / "summary.csv");
  std::filesystem::remove_all(out);

  const json& cold_latency = cold["metrics"]["clients"]["audio"]["latency"];
  const json& warm_latency = warm["metrics"]["clients"]["audio"]["latency"];
  INFO("cold: " << cold_latency.dump() << "\nwarm: " << warm_latency.dump());
  SECTION("the boot transient inflates the tail only without the warm-up") {
    // Without: the jobs that met boot's power-off are the top of the distribution.
    CHECK(cold_latency["p99_us"].get<double>() > 2 * cold_latency["p50_us"].get<double>());
    // With: every job after 100 ms is a steady-state job, so the tail is the
    // median, and the median is the cold run's (most of its jobs are steady).
    CHECK(warm_latency["p99_us"].get<double>() == warm_latency["p50_us"].get<double>());
    CHECK(warm_latency["max_us"].get<double>() == warm_latency["min_us"].get<double>());
    CHECK(warm_latency["p50_us"].get<double>() == cold_latency["p50_us"].get<double>());
  }
  SECTION("the jobs counted are those that arrived after the warm-up") {
    const std::uint64_t jobs = arrivals_after(0.1, 1.0, 0.030);
    CHECK(jobs == 30);  // arrivals at 120, 150, ..., 990 ms
    CHECK(warm["metrics"]["clients"]["audio"]["requests"].get<std::uint64_t>() == jobs);
    CHECK(warm["metrics"]["clients"]["audio"]["completed"].get<std::uint64_t>() == jobs);
    CHECK(warm_latency["count"].get<std::uint64_t>() == jobs);
    CHECK(cold["metrics"]["clients"]["audio"]["completed"].get<std::uint64_t>() == arrivals_after(0, 1.0, 0.030) + 1);
  }
  SECTION("energy covers (warmup, duration]: the cold run's minus a run that ends at the warm-up") {
    const json boot = run_report(kScenario, "warmup-boot", {kAlwaysOn, "scenario.duration=100ms"});
    const double total = warm["metrics"]["energy"]["total_J"].get<double>();
    // Average power is over the measured time, by construction.
    CHECK(warm["metrics"]["energy"]["average_power_W"].get<double>() * 0.9 == Approx(total).epsilon(1e-15));
    // Nothing happens at 100 ms (the job of 90 ms is done by then; the controller
    // stays resumed), so the 1 s run's energy splits there into the 100 ms run's
    // and the warm run's, up to the rounding of the sums (~1e-16 each).
    CHECK(boot["metrics"]["energy"]["total_J"].get<double>() + total ==
          Approx(cold["metrics"]["energy"]["total_J"].get<double>()).epsilon(1e-12));
  }
  SECTION("boot's power-off of unused domains is not counted") {
    for (const auto& [name, domain] : warm["metrics"]["power"]["domains"].items()) {
      INFO(name);
      CHECK(domain["power_off_count"].get<unsigned long>() == 0);
      CHECK(domain["on_time_us"].get<double>() <= 900e3);
    }
  }
  SECTION("report.json states the warm-up after the duration; without one, nothing is added") {
    CHECK(warm["warmup_s"].get<double>() == 0.1);
    CHECK(warm_text.find("\"duration_s\"") < warm_text.find("\"warmup_s\""));
    CHECK(warm_text.find("\"warmup_s\"") < warm_text.find("\"configuration\""));
    CHECK_FALSE(cold.contains("warmup_s"));
    CHECK(warm_csv.rfind("scenario,seed,duration_s,total_energy_J,average_power_W,warmup_s,", 0) == 0);
  }
}

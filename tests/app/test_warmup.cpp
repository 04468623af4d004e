// scenario.warmup (scenarios/README.md): every statistic restarts at the warm-up's
// end, as gem5's resetstats. The case is scenarios/pl330_periodic.yaml with the
// always_on policy: one 4 KiB job every T = 30 ms from time 0 over 1 s, whose
// controller is resumed once at boot and never suspended. Without a warm-up its
// latency tail holds the boot transient (the job of time 0 waits for boot's
// resume of the controller); after 100 ms every job is alike.
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

TEST_CASE("warmup leaves boot's transient out of always_on's latency, jobs and energy", "[app][warmup]") {
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
    // A steady job (after 100 ms) is its parts: prepare 50 + queue 1 +
    // translation 0.256 + transfer 3.588 + interrupt 6 = 60.844 us, all alike.
    const json& parts = warm["metrics"]["clients"]["audio"]["breakdown_mean_us"];
    double steady = 0.0;
    for (const char* part : {"prepare", "pm_wait", "queue", "translation", "transfer", "interrupt"})
      steady += parts[part].get<double>();
    CHECK(steady == Approx(60.844).epsilon(1e-12));
    CHECK(warm_latency["p99_us"].get<double>() == Approx(steady).epsilon(1e-12));
    CHECK(warm_latency["min_us"].get<double>() == warm_latency["max_us"].get<double>());
    CHECK(warm_latency["p99_us"].get<double>() == warm_latency["max_us"].get<double>());
    // Without: the steady job is the fastest, and the job of time 0, queued
    // behind boot's resume of the controller (always_on's get at probe), is the
    // tail: one job in 34, so p99 is that job (104.76 us today).
    CHECK(cold_latency["min_us"].get<double>() == warm_latency["min_us"].get<double>());
    CHECK(cold_latency["p99_us"].get<double>() == cold_latency["max_us"].get<double>());
    CHECK(cold_latency["p99_us"].get<double>() > steady + 40.0);
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
  SECTION("the domains' counts and on time cover the measured time") {
    // Both domains stay on throughout (pd_dma for the always_on controller, top
    // for the interconnect it needs): on for all of (warmup, duration].
    for (const auto& [name, domain] : warm["metrics"]["power"]["domains"].items()) {
      INFO(name);
      CHECK(domain["power_on_count"].get<unsigned long>() == 0);
      CHECK(domain["power_off_count"].get<unsigned long>() == 0);
      CHECK(domain["on_time_us"].get<double>() == Approx(900e3).epsilon(1e-12));
      CHECK(cold["metrics"]["power"]["domains"][name]["on_time_us"].get<double>() == Approx(1e6).epsilon(1e-12));
    }
  }
  SECTION("the IOMMU, the runtime-PM devices and the CPUs count only what came after the warm-up") {
    // Each job is 4 KiB read then written in 64 B accesses: 128 IOMMU
    // transactions, all TLB hits once boot's two walks (first job) are done;
    // the maps (at probe) and every device's one resume are boot's.
    const json& iommu = warm["metrics"]["iommus"]["sysmmu_pl330"];
    CHECK(iommu["transactions"].get<std::uint64_t>() == 30 * 128);
    CHECK(iommu["tlb_hits"].get<std::uint64_t>() == 30 * 128);
    CHECK(iommu["walks"].get<std::uint64_t>() == 0);
    CHECK(iommu["maps"].get<std::uint64_t>() == 0);
    CHECK(cold["metrics"]["iommus"]["sysmmu_pl330"]["transactions"].get<std::uint64_t>() == 34 * 128);
    for (const auto& [name, device] : warm["metrics"]["power"]["devices"].items()) {
      INFO(name);
      CHECK(device["resumes"].get<unsigned long>() == 0);
      CHECK(cold["metrics"]["power"]["devices"][name]["resumes"].get<unsigned long>() == 1);
    }
    // One client and one irq wakeup per job; per second over the measured 0.9 s.
    const json& cpus = warm["metrics"]["cpus"];
    CHECK(cpus["wakeups"]["client"].get<double>() == 30);
    CHECK(cpus["wakeups"]["irq"].get<double>() == 30);
    CHECK(cpus["wakeups_per_s"]["client"].get<double>() == Approx(30 / 0.9).epsilon(1e-12));
    CHECK(cpus["busy_us"]["pm_callback"].get<double>() == 0.0);  // boot's resumes
  }
  SECTION("report.json and summary.csv state the warm-up after the duration, 0 without one") {
    CHECK(warm["warmup_s"].get<double>() == 0.1);
    CHECK(warm_text.find("\"duration_s\"") < warm_text.find("\"warmup_s\""));
    CHECK(warm_text.find("\"warmup_s\"") < warm_text.find("\"configuration\""));
    CHECK(cold["warmup_s"].get<double>() == 0.0);
    CHECK(warm_csv.rfind("scenario,seed,duration_s,warmup_s,", 0) == 0);
    CHECK(warm_csv.find("\npl330-periodic,1,1,0.1,") != std::string::npos);
  }
}

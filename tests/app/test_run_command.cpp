// `wakesim run` end to end on the seed pl330 scenario, and its refusals of bad input.
// SystemC elaborates once per process, so each run is a separate wakesim process.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wakesim::test::fresh_directory;
using wakesim::test::source_path;

namespace {

const std::string kScenario = source_path("scenarios/pl330_periodic.yaml");

fs::path fresh_out(const std::string& name) { return fresh_directory("run-" + name); }

using Outcome = wakesim::test::WakesimOutcome;

Outcome run(const std::vector<std::string>& overrides, const fs::path& out_dir, const std::string& file = kScenario) {
  return wakesim::test::run_wakesim(file, out_dir, overrides);
}

}  // namespace

TEST_CASE("the sync pl330 run reports the resume chain in every job", "[app][run]") {
  const fs::path out = fresh_out("sync");
  const Outcome result = run(wakesim::test::without_cpus({}), out);  // the device chain
  REQUIRE(result.exit_code == 0);
  std::ifstream file(out / "report.json");
  const nlohmann::json report = nlohmann::json::parse(file);
  CHECK(report["schema_version"] == 1);
  CHECK(report["configuration"]["scenario"]["scenario"]["clients"]["0"]["policy"] == "sync");
  CHECK(report["configuration"]["platform"]["platform"]["dma"]["0"]["runtime_pm"]["resume_latency"] == "1us");
  const auto& audio = report["metrics"]["clients"]["audio"];
  // Jobs at 0, 30, ..., 990 ms: 34. The 30 ms period exceeds the 20 ms autosuspend,
  // so each job finds the domain OFF. The SysMMU is the pl330's RPM-linked
  // supplier, so it resumes first: power-on 100 us (one usleep_range(80, 100) step
  // of exynos_pd_power) + SysMMU resume 40 us + its context restore (8 register
  // writes x 100 ns + one 1 us sync = 1.8 us), then the pl330 resume (AMBA
  // clk_enable) 1 us: 142.8 us. The first job (get_sync at 50 us) also waits for
  // the boot-time power-off of the unused domain to finish: pm_wq 20 us + entry
  // 100 us = 120 us, 70 us more.
  CHECK(audio["completed"] == 34);
  CHECK(audio["breakdown_mean_us"]["pm_wait"].get<double>() == Approx((33 * 142.8 + 212.8) / 34).epsilon(1e-9));
  CHECK(report["metrics"]["power"]["devices"]["sysmmu_pl330_rpm"]["resumes"] == 34);
  CHECK(audio["breakdown_mean_us"]["prepare"].get<double>() == Approx(50.0).epsilon(1e-9));
  CHECK(report["metrics"]["power"]["domains"]["pd_dma"]["power_on_count"] == 34);
  CHECK(report["metrics"]["power"]["devices"]["pl330_rpm"]["resumes"] == 34);
  CHECK(audio["might_sleep_violations"] == 0);
  fs::remove_all(out);
}

TEST_CASE("irq_safe keeps the DMA domain on and async frees the caller", "[app][run]") {
  const fs::path out = fresh_out("policies");
  REQUIRE(run({"scenario.clients.0.policy=irq_safe"}, out / "irq").exit_code == 0);
  REQUIRE(run({"scenario.clients.0.policy=async"}, out / "async").exit_code == 0);
  std::ifstream irq_file(out / "irq" / "report.json"), async_file(out / "async" / "report.json");
  const nlohmann::json irq = nlohmann::json::parse(irq_file), async = nlohmann::json::parse(async_file);
  CHECK(irq["metrics"]["power"]["domains"]["pd_dma"]["power_off_count"] == 0);
  CHECK(irq["metrics"]["power"]["domains"]["pd_dma"]["pinned_by_irq_safe_device"] == true);
  // ... and pays its leakage all the time: 2 mW x 1 s, no transitions, where the
  // sync run's domain is off most of the time.
  CHECK(irq["metrics"]["energy"]["components"]["pd_dma"]["total_J"].get<double>() == Approx(2e-3).epsilon(1e-9));
  // async: 2 mW while on, 50 uW while off, and 1.5 + 0.5 uJ per on/off cycle
  // (34 power-ons; 34 power-offs: the boot one and 33 after a job, the last
  // job's autosuspend falling after the end).
  const auto& async_domain = async["metrics"]["power"]["domains"]["pd_dma"];
  const double on_s = async_domain["on_time_us"].get<double>() * 1e-6;
  CHECK(async_domain["power_on_count"] == 34);
  CHECK(async_domain["power_off_count"] == 34);
  CHECK(async["metrics"]["energy"]["components"]["pd_dma"]["total_J"].get<double>() ==
        Approx(2e-3 * on_s + 50e-6 * (1.0 - on_s) + 34 * 1.5e-6 + 34 * 0.5e-6).epsilon(1e-9));
  // On from each job's resume until 25 ms after its completion (the autosuspend
  // hrtimer fires at the end of rpm_suspend's 25 % slack on an idle platform) plus
  // the suspend and power-off: about 25.2 ms of each 30 ms period; the last job
  // (at 990 ms) keeps it on to the end.
  CHECK(on_s == Approx(33 * 25.2e-3 + 10e-3).epsilon(0.01));
  // irq_safe skips the suppliers (rpm_resume) and the pinned domain stays on: the
  // resume alone, amba_pm_runtime_resume's clk_enable, 1 us.
  CHECK(irq["metrics"]["clients"]["audio"]["breakdown_mean_us"]["pm_wait"].get<double>() == Approx(1.0));
  CHECK(async["metrics"]["clients"]["audio"]["caller_blocked"]["max_us"].get<double>() == 0.0);
  // pm_wq dispatch 20 us + power-on 100 + SysMMU 41.8 + resume 1, less irq_safe's
  // 1: 161.8 us on the transfer instead of the caller.
  CHECK(async["metrics"]["clients"]["audio"]["latency"]["p50_us"].get<double>() >
        irq["metrics"]["clients"]["audio"]["latency"]["p50_us"].get<double>() + 161.0);
  fs::remove_all(out);
}

TEST_CASE("a bad scenario exits 2 with its message and writes nothing", "[app][run]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"scenario.clients.0.polcy=async"}, "unknown key 'polcy'"},
      {{"scenario.clients.0.policy=lazy"}, "'lazy' is not one of"},
      {{"scenario.duration=1"}, "no unit"},
      {{"scenario.clients.0.dma=pl331"}, "did you mean 'pl330'?"},
      {{"scenario.clients.0.channel=8"}, "channel 8 does not exist"},
      {{"scenario.clients.0.workload.period=0s"}, "the period must be positive"},
      {{"scenario.clients.0.workload.jitter=40ms"}, "must not exceed the period"},
      {{"scenario.platform=missing.yaml"}, "missing.yaml"},
      {{"platform.dma.0.domain=pd_dmx"}, "domain 'pd_dmx' is not defined"},
      {{"platform.dram.size=0B"}, "must not be empty"},
      {{"platform.links=[{consumer: interconnect, supplier: pl330, flags: [stateless]}]"}, "cycle"},
      {{"platform.links=[{consumer: pl330, supplier: interconnect, flags: [stateless, autoremove_consumer]}]"},
       "flags do not go together"},
      {{"platform.interconnect.hop_latency=-5ns"}, "negative"},
      // Once refused by the model (naming the scenario file); now by the platform reader, at the value.
      {{"platform.interconnect.clock=0Hz"},
       "--set platform.interconnect.clock=0Hz: the clock must be above 0Hz and at most 1THz"},
      {{"platform.dram.bandwidth=0B/s"}, "--set platform.dram.bandwidth=0B/s: the bandwidth must be above 0B/s"},
  };
  for (const auto& [overrides, message] : cases) {
    const fs::path out = fresh_out("bad");
    const Outcome result = run(overrides, out);
    INFO(overrides.front());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.errors, Contains(message));
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("a YAML syntax error names the file line and column", "[app][run]") {
  const fs::path dir = fresh_out("syntax");
  fs::create_directories(dir);
  std::ofstream(dir / "s.yaml") << "scenario:\n  name: x\n  clients: [\n";
  const Outcome result = run({}, dir / "out", (dir / "s.yaml").string());
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.errors, Contains("s.yaml:4:"));
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST_CASE("the same scenario and seed give a byte-identical report", "[app][run]") {
  const fs::path out = fresh_out("twice");
  REQUIRE(run({"scenario.clients.0.policy=early"}, out / "a").exit_code == 0);
  REQUIRE(run({"scenario.clients.0.policy=early"}, out / "b").exit_code == 0);
  auto bytes = [](const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string first = bytes(out / "a" / "report.json");
  CHECK(first.size() > 1000);
  CHECK(first == bytes(out / "b" / "report.json"));
  CHECK(bytes(out / "a" / "summary.csv") == bytes(out / "b" / "summary.csv"));
  fs::remove_all(out);
}

TEST_CASE("irq_safe DMA bypasses its suspended SysMMU and the report shows the hole", "[app][run]") {
  // IRQ-03: an irq-safe consumer does not resume its suppliers, so the SysMMU stays
  // suspended and, pass-through when disabled, lets every burst through untranslated:
  // 34 jobs x (4 KiB read + 4 KiB written) = 278528 bytes in 64-byte bursts.
  const fs::path out = fresh_out("hole");
  REQUIRE(run({"scenario.clients.0.policy=irq_safe"}, out).exit_code == 0);
  std::ifstream file(out / "report.json");
  const nlohmann::json report = nlohmann::json::parse(file);
  const auto& sysmmu = report["metrics"]["iommus"]["sysmmu_pl330"];
  CHECK(sysmmu["isolation_bytes"] == 34 * 8192);
  CHECK(sysmmu["isolation_violations"] == 34 * 8192 / 64);
  CHECK(sysmmu["walks"] == 0);
  fs::remove_all(out);
}

TEST_CASE("a run states its safety and its overrides in report.json, summary.csv and the summary", "[app][run]") {
  const fs::path out = fresh_out("safety");
  REQUIRE(run({"scenario.clients.0.policy=irq_safe"}, out).exit_code == 0);
  std::ifstream file(out / "report.json");
  const nlohmann::json report = nlohmann::json::parse(file);
  // The hole above: 34 x 8192 bytes in 64-byte bursts went through untranslated.
  CHECK(report["safety"]["safe"] == false);
  CHECK(report["safety"]["unsafe_reasons"][0] ==
        "4352 isolation violations (278528 bytes went through a suspended IOMMU untranslated)");
  CHECK(report["overrides"][0] == "scenario.clients.0.policy=irq_safe");
  std::ifstream csv(out / "summary.csv");
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row);
  CHECK_THAT(header,
             Catch::Matchers::StartsWith(
                 "scenario,seed,duration_s,warmup_s,overrides,safe,unsafe_reason,total_energy_J,average_power_W,"
                 "audio.policy,audio.p50_us,"));
  CHECK_THAT(row, Contains(",scenario.clients.0.policy=irq_safe,0,4352 isolation violations (278528 bytes"));
  CHECK_THAT(row, Contains(",irq_safe,"));
  const fs::path safe_out = fresh_out("safety-sync");
  REQUIRE(run({"scenario.clients.0.policy=sync"}, safe_out).exit_code == 0);
  std::ifstream safe_file(safe_out / "report.json");
  CHECK(nlohmann::json::parse(safe_file)["safety"]["safe"] == true);
  fs::remove_all(out);
  fs::remove_all(safe_out);
}

TEST_CASE("run --out leaves no file of an earlier run beside the new one, and keeps the user's", "[app][run]") {
  const fs::path out = fresh_out("stale");
  REQUIRE(run({"scenario.clients.0.policy=async", "scenario.duration=100ms"}, out).exit_code == 0);
  const std::string traced = wakesim::test::shell_quoted(kScenario) + " --quiet --trace --vcd --out " +
                             wakesim::test::shell_quoted(out.string()) + " --set scenario.duration=100ms";
  REQUIRE(wakesim::test::run_wakesim_args("run " + traced).exit_code == 0);
  REQUIRE(fs::exists(out / "trace.json"));
  REQUIRE(fs::exists(out / "power.vcd"));
  std::ofstream(out / "notes.txt") << "mine\n";
  // Another policy, without traces: the first run's traces would describe another run.
  REQUIRE(run({"scenario.clients.0.policy=sync", "scenario.duration=100ms"}, out).exit_code == 0);
  CHECK_FALSE(fs::exists(out / "trace.json"));
  CHECK_FALSE(fs::exists(out / "power.vcd"));
  CHECK(fs::exists(out / "report.json"));
  CHECK(fs::exists(out / "notes.txt"));
  std::ifstream file(out / "report.json");
  CHECK(nlohmann::json::parse(file)["overrides"][0] == "scenario.clients.0.policy=sync");
  fs::remove_all(out);
}

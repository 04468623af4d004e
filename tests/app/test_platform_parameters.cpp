// The seed platforms' parameters as the drivers and the hardware have them
// (scenarios/README.md; the platform files cite each source), checked through
// whole runs against hand calculations.
#include <catch2/catch.hpp>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

json run_pl330(const std::string& tag, const std::vector<std::string>& overrides = {}) {
  return wakesim::test::run_report("scenarios/pl330_periodic.yaml", tag, wakesim::test::without_cpus(overrides));
}

}  // namespace

TEST_CASE("a sync pl330 resume pays one exynos_pd_power poll step and amba_pm_runtime_resume's clk_enable",
          "[app][parameters]") {
  const json report = run_pl330("params-sync");
  const json& audio = report["metrics"]["clients"]["audio"];
  // exynos_pd_power(): one usleep_range(80, 100) step, fired at its end on an idle
  // CPU = 100; SysMMU resume 40 + its restore (8 register writes x 100 ns + one
  // 1 us sync) 1.8; pl330 amba_pm_runtime_resume() = clk_enable, 1 us: 142.8 us
  // in get_sync (the first job also waits for the boot-time power-off: the median).
  CHECK(audio["caller_blocked"]["p50_us"].get<double>() == Approx(142.8).epsilon(0.01));
  // Not the vendor gpd_timing_data thresholds (500 us restore, 250 us on) any more.
  CHECK(audio["caller_blocked"]["max_us"].get<double>() < 250.0);
}

TEST_CASE("the DRAM powers down 1 us and self-refreshes 1 ms after each job, as the closed form says",
          "[app][parameters][dram]") {
  const json report = run_pl330("params-dram");
  const json& m = report["metrics"];
  const double jobs = m["clients"]["audio"]["completed"].get<double>();
  REQUIRE(jobs == 34);  // at 0, 30, ..., 990 ms
  // Each job's DRAM traffic lasts a few us; after it: power-down (5.5 mW) from
  // 1 us to 1 ms, then self-refresh (1.2 mW) until the next job 30 ms later (the
  // last: until the end at 1 s). LPDDR4 powers of models/memory/include/wakesim/memory/dram.h.
  const double period = 30e-3, duration = 1.0, t_pd = 1e-6, t_sr = 1e-3;
  const double p_pd = 5.5e-3, p_sr = 1.2e-3;
  const double after_job = p_pd * (t_sr - t_pd);
  const double hand =
      (jobs - 1) * (after_job + p_sr * (period - t_sr)) + after_job + p_sr * (duration - (jobs - 1) * period - t_sr);
  const double dram_static = m["energy"]["components"]["dram"]["static_J"].get<double>();
  // The active parts (a few us per job at 37 mW) and the boot segment: < 1 %.
  CHECK(dram_static == Approx(hand).epsilon(0.01));

  // With both timeouts off the DRAM stays in active standby (37 mW) after the
  // first access: about 37 mJ, 27x more, swamping every device of the path.
  const json stuck =
      run_pl330("params-dram-off", {"platform.dram.power_down_timeout=off", "platform.dram.self_refresh_timeout=off"});
  const double stuck_static = stuck["metrics"]["energy"]["components"]["dram"]["static_J"].get<double>();
  CHECK(stuck_static == Approx(37e-3).epsilon(0.01));
}

TEST_CASE("a job's direction picks the memory it touches (prep_memcpy, prep_slave_sg MEM_TO_DEV, DEV_TO_MEM)",
          "[app][parameters][direction]") {
  // 34 jobs of 4 KiB through the SysMMU in 64 B bursts; DRAM row activations
  // priced at 0 so the dynamic energy is per bit: 8.5 pJ read, 5 pJ written
  // (models/memory/include/wakesim/memory/dram.h), plus each walk's two 4 B PTE reads (Exynos 2-level).
  const double bits = 34 * 4096 * 8.0, read_bit = 8.5e-12, write_bit = 5e-12, pte = 2 * 32 * 8.5e-12;
  struct Expected {
    const char* direction;
    double data_energy;
    int transactions;  // bus transactions through the SysMMU
  };
  for (const Expected& e : {Expected{"copy", bits * (read_bit + write_bit), 34 * 128},
                            Expected{"read", bits * read_bit, 34 * 64}, Expected{"write", bits * write_bit, 34 * 64}}) {
    INFO(e.direction);
    const json report = run_pl330(
        std::string("params-direction-") + e.direction,
        {std::string("scenario.clients.0.workload.direction=") + e.direction, "platform.dram.activation_energy=0J"});
    const json& m = report["metrics"];
    const json& sysmmu = m["iommus"]["sysmmu_pl330"];
    CHECK(m["clients"]["audio"]["bytes"] == 34 * 4096);
    CHECK(sysmmu["transactions"] == e.transactions);
    // A copy walks for its source and its destination page, a read or a write for one.
    CHECK(sysmmu["walks"] == (std::string(e.direction) == "copy" ? 68 : 34));
    const double walks = sysmmu["walks"].get<double>();
    CHECK(m["energy"]["components"]["dram"]["dynamic_J"].get<double>() ==
          Approx(e.data_energy + walks * pte).epsilon(1e-6));
  }
}

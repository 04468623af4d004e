// Each seed scenario of scenarios/ runs and its report shows the effect it exists
// for (docs/architecture.md, 'The questions it answers'), in direction and size, against hand calculations from the
// platform files' parameters (times in us).
#include <catch2/catch.hpp>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

json run_seed(const std::string& scenario, const std::string& tag, const std::vector<std::string>& overrides = {}) {
  return wakesim::test::run_report("scenarios/" + scenario, tag, wakesim::test::without_cpus(overrides));
}

}  // namespace

TEST_CASE("device_link powers the SysMMU with its master and every resume starts cold", "[app][seed][seed_sysmmu]") {
  const json report = run_seed("sysmmu_follows_master.yaml", "sysmmu-link");
  const json& m = report["metrics"];
  const json& sysmmu = m["iommus"]["sysmmu_pl330"];
  const json& spi = m["clients"]["spi"];
  // Jobs at 0, 50, ..., 950 ms: 20, each after the 20 ms autosuspend, so each
  // resumes the pl330 and, through the PM_RUNTIME link, the SysMMU first.
  CHECK(spi["completed"] == 20);
  CHECK(m["power"]["devices"]["pl330_rpm"]["resumes"] == 20);
  CHECK(sysmmu["resumes"] == 20);
  CHECK(sysmmu["power_binding"] == "device_link");
  CHECK(sysmmu["isolation_violations"] == 0);
  // Cold TLB on every resume: the 16 KiB source and destination each lie in one
  // 64 KiB large page of the identity map, so each job walks exactly twice.
  CHECK(sysmmu["walks"] == 40);
  CHECK(sysmmu["tlb_misses"] == 40);
  // async: the caller never blocks; the transfer waits for pm_wq 20 + domain on
  // 100 (one exynos_pd_power poll step) + SysMMU resume 40 + its restore 1.8 +
  // pl330 resume (amba clk_enable) 1 = 162.8. The first job, at 0, also waits for
  // the boot-time power-off of pd_dma (pm_wq 20 + entry 100, from 0), 100 more.
  CHECK(spi["caller_blocked"]["max_us"].get<double>() == 0.0);
  CHECK(spi["breakdown_mean_us"]["pm_wait"].get<double>() == Approx((19 * 162.8 + 262.8) / 20).epsilon(1e-9));
  // Translation: per job 2 walks + 512 TLB lookups of 2 ns (16 KiB read and
  // written in 64 B bursts), the walks at their reported mean.
  const double walk_us = sysmmu["walk_latency"]["mean_us"].get<double>();
  CHECK(spi["breakdown_mean_us"]["translation"].get<double>() == Approx(2 * walk_us + 512 * 0.002).epsilon(1e-6));
}

TEST_CASE("a link-less self_managed_nolink SysMMU lets the racing async DMA through untranslated",
          "[app][seed][seed_sysmmu]") {
  const json report = run_seed("sysmmu_follows_master.yaml", "sysmmu-nolink",
                               {"scenario.iommus.sysmmu_pl330.power_binding=self_managed_nolink"});
  const json& sysmmu = report["metrics"]["iommus"]["sysmmu_pl330"];
  // No link: the SysMMU resumes once, for the mappings at probe, and autosuspends
  // 20 ms later. Job 0 (at 0 ms) is translated; the 19 others run while it is
  // suspended and pass through: 19 x (16 KiB read + 16 KiB written) in 64 B bursts.
  CHECK(sysmmu["resumes"] == 1);
  CHECK(sysmmu["isolation_bytes"] == 19 * 2 * 16384);
  CHECK(sysmmu["isolation_violations"] == 19 * 2 * 16384 / 64);
  CHECK(sysmmu["walks"] == 2);
}

TEST_CASE("self_managed links the SysMMU to its master as arm_smmu_probe_device does so no DMA bypasses it",
          "[app][seed][seed_sysmmu]") {
  const json report = run_seed("sysmmu_follows_master.yaml", "sysmmu-self",
                               {"scenario.iommus.sysmmu_pl330.power_binding=self_managed"});
  const json& sysmmu = report["metrics"]["iommus"]["sysmmu_pl330"];
  // The PM_RUNTIME link resumes the SysMMU before the pl330 on each of the 20
  // cold jobs, as device_link does: every access translated, each job cold.
  CHECK(sysmmu["power_binding"] == "self_managed");
  CHECK(sysmmu["resumes"] == 20);
  CHECK(sysmmu["isolation_violations"] == 0);
  CHECK(sysmmu["faults"] == 0);
  CHECK(sysmmu["walks"] == 40);
}

TEST_CASE("a self-managed SMMU powers the GPU domain on to invalidate after the GPU is off", "[app][seed][seed_msm]") {
  const json self = run_seed("msm_gpu_unmap.yaml", "msm-self");
  const json nolink =
      run_seed("msm_gpu_unmap.yaml", "msm-nolink", {"scenario.iommus.gpu_smmu.power_binding=self_managed_nolink"});
  const json link = run_seed("msm_gpu_unmap.yaml", "msm-link", {"scenario.iommus.gpu_smmu.power_binding=device_link"});
  const json& s = self["metrics"];
  const json& n = nolink["metrics"];
  const json& l = link["metrics"];
  // Bursts of 8 jobs at 300, 614 and 928 ms (gap 300 ms after each burst's last
  // job at +14 ms); each maps the buffers once (two page ranges) and unmaps them
  // 100 ms after the burst, when the GPU (66 ms autosuspend) is off.
  for (const json* m : {&s, &n, &l}) {
    CHECK((*m)["clients"]["render"]["completed"] == 24);
    CHECK((*m)["clients"]["render"]["maps"] == 3);
    CHECK((*m)["clients"]["render"]["unmaps"] == 3);
    CHECK((*m)["iommus"]["gpu_smmu"]["unmaps"] == 6);
    CHECK((*m)["iommus"]["gpu_smmu"]["faults"] == 0);
  }
  // self_managed, with or without the link: the SMMU resumes at probe, for each
  // burst's map and for each unmap: 1 + 3 + 3; the GPU domain powers on for each
  // map and each unmap.
  for (const json* m : {&s, &n}) {
    CHECK((*m)["iommus"]["gpu_smmu"]["resumes"] == 7);
    CHECK((*m)["power"]["domains"]["gpu_cx"]["power_on_count"] == 6);
    CHECK((*m)["iommus"]["gpu_smmu"]["invalidations_skipped"] == 0);
  }
  // device_link: it resumes with the GPU, once per burst; the unmaps find it off
  // and skip the invalidation.
  CHECK(l["iommus"]["gpu_smmu"]["resumes"] == 3);
  CHECK(l["power"]["domains"]["gpu_cx"]["power_on_count"] == 3);
  CHECK(l["iommus"]["gpu_smmu"]["invalidations_skipped"] == 6);
  // The extra ON time of gpu_cx without the link: four holds of the SMMU alone
  // (probe and three unmaps), each its resume 4000 + autosuspend 25000 (20 ms at
  // the end of rpm_suspend's 25 % hrtimer slack) + pm_wq 20 + suspend 1000 +
  // GDSC power-off 15 = 30035 us (the unmaps' also power the GDSC on, 30, and do
  // register work); the device_link run's domain instead stays on, per burst,
  // for its SMMU's idle after the GPU suspends (pm_wq 20 + suspend 1000).
  const auto on_time = [](const json& m) { return m["power"]["domains"]["gpu_cx"]["on_time_us"].get<double>(); };
  CHECK(on_time(n) - on_time(l) == Approx(4 * 30035.0 - 3 * 1020.0).epsilon(1e-3));
  // With the link (arm_smmu_probe_device) the SMMU, whose own autosuspend expired
  // during the burst, is held until the GPU suspends and then costs, per burst,
  // the pm_wq dispatch of its idle 20 + its suspend 1000 before gpu_cx powers off.
  CHECK(on_time(s) - on_time(n) == Approx(3 * 1020.0).margin(0.01));
  // Its energy: at least the three unmap holds at on - off power (5 mW - 0.1 mW)
  // plus a power-on and -off each (3 + 1 uJ).
  const double extra_domain_energy = n["energy"]["components"]["gpu_cx"]["total_J"].get<double>() -
                                     l["energy"]["components"]["gpu_cx"]["total_J"].get<double>();
  CHECK(extra_domain_energy > 3 * (4.9e-3 * 30035e-6 + 4e-6));
}

TEST_CASE("with a 1 ms SMMU autosuspend the arm_smmu_probe_device link keeps every GPU job translated",
          "[app][seed][seed_msm]") {
  const json self = run_seed("msm_gpu_unmap.yaml", "msm-1ms-self", {"scenario.iommus.gpu_smmu.autosuspend_delay=1ms"});
  const json nolink = run_seed(
      "msm_gpu_unmap.yaml", "msm-1ms-nolink",
      {"scenario.iommus.gpu_smmu.autosuspend_delay=1ms", "scenario.iommus.gpu_smmu.power_binding=self_managed_nolink"});
  // Linked, the SMMU resumes with the GPU and stays up while it is active.
  const json& s = self["metrics"]["iommus"]["gpu_smmu"];
  CHECK(s["power_binding"] == "self_managed");
  CHECK(s["faults"] == 0);
  CHECK(s["isolation_violations"] == 0);
  CHECK(self["metrics"]["clients"]["render"]["errors"] == 0);
  // Link-less, it autosuspends 1 ms after each map while the GPU still renders,
  // and the platform's when_suspended (abort) faults the GPU's accesses.
  const json& n = nolink["metrics"]["iommus"]["gpu_smmu"];
  CHECK(n["power_binding"] == "self_managed_nolink");
  CHECK(n["faults"].get<int>() > 0);
  CHECK(n["isolation_violations"] == 0);
  CHECK(nolink["metrics"]["clients"]["render"]["errors"].get<int>() > 0);
}

TEST_CASE("a scenario IOMMU override merges over the platform's binding and keeps every key it leaves out",
          "[app][seed][seed_msm]") {
  // scenario.iommus.gpu_smmu.autosuspend_delay alone: the platform's self_managed
  // binding stays. The bursts' maps come at most 200 ms after the previous unmap,
  // so only the probe and the first burst resume the SMMU.
  const json delay =
      run_seed("msm_gpu_unmap.yaml", "msm-merge-delay", {"scenario.iommus.gpu_smmu.autosuspend_delay=200ms"});
  CHECK(delay["metrics"]["iommus"]["gpu_smmu"]["power_binding"] == "self_managed");
  CHECK(delay["metrics"]["iommus"]["gpu_smmu"]["resumes"] == 2);
  // order_link alone: the binding and its 20 ms autosuspend stay (7 resumes as
  // in the platform's own run).
  const json order = run_seed("msm_gpu_unmap.yaml", "msm-merge-order", {"scenario.iommus.gpu_smmu.order_link=true"});
  CHECK(order["metrics"]["iommus"]["gpu_smmu"]["power_binding"] == "self_managed");
  CHECK(order["metrics"]["iommus"]["gpu_smmu"]["resumes"] == 7);
  // power_binding alone: the platform's 20 ms autosuspend stays (the same 7).
  const json binding = run_seed("msm_gpu_unmap.yaml", "msm-merge-binding",
                                {"scenario.iommus.gpu_smmu.power_binding=self_managed_nolink"});
  CHECK(binding["metrics"]["iommus"]["gpu_smmu"]["resumes"] == 7);
}

TEST_CASE("every message after a long idle pays the DSP and MMU restore and a cold TLB", "[app][seed][seed_omap]") {
  const json report = run_seed("omap_remoteproc.yaml", "omap");
  const json& m = report["metrics"];
  const json& client = m["clients"]["dsp_offload"];
  // Messages at 1, 16, 31, 46 s; the 10 s autosuspend has expired before each.
  CHECK(client["completed"] == 4);
  CHECK(m["power"]["devices"]["dsp_rpm"]["resumes"] == 4);
  // domain_activate: the DSP's four resumes activate the MMU
  // (omap_iommu_domain_activate), plus one resume for the probe's map, made while
  // the DSP is suspended: flush_iotlb_page's get_sync, and its put_sync suspends
  // the MMU again at once. Every resume has its suspend.
  CHECK(m["iommus"]["mmu_dsp"]["power_binding"] == "domain_activate");
  CHECK(m["iommus"]["mmu_dsp"]["resumes"] == 5);
  CHECK(m["iommus"]["mmu_dsp"]["suspends"] == 5);
  CHECK(m["iommus"]["mmu_dsp"]["binding_pm_gets"] == 5);
  CHECK(m["power"]["domains"]["dsp_pd"]["power_on_count"] == 4);
  // sync: domain on 250 + MMU context restore 30 + its registers (8 writes x
  // 100 ns + one 1 us sync = 1.8) inside the DSP's resume + DSP resume 2000 =
  // 2281.8, in the caller.
  CHECK(client["caller_blocked"]["max_us"].get<double>() == Approx(2281.8).epsilon(1e-9));
  CHECK(client["breakdown_mean_us"]["pm_wait"].get<double>() == Approx(2281.8).epsilon(1e-9));
  // The mappings made once at probe survive every power-off (they live in DRAM)
  // but the TLB does not: each message walks for its two 1 MiB sections.
  CHECK(m["iommus"]["mmu_dsp"]["maps"] == 1);
  CHECK(m["iommus"]["mmu_dsp"]["faults"] == 0);
  CHECK(m["iommus"]["mmu_dsp"]["walks"] == 8);
}

TEST_CASE("a channel without an IOMMU still resumes both linked IOMMUs", "[app][seed][seed_multi_path]") {
  const json both = run_seed("multi_path_dma.yaml", "multi");
  const json gated =
      run_seed("multi_path_dma.yaml", "multi-gated", {"scenario.iommus.iommu_b.power_binding=while_mapped"});
  const json& m = both["metrics"];
  // iommu_b translates nothing, yet resumes exactly as often as iommu_a: with
  // the edma (less the resumes that found them still active: a job arriving
  // between the edma's suspend and the pm_wq idle of its suppliers).
  const auto edma_resumes = m["power"]["devices"]["edma_rpm"]["resumes"].get<int>();
  CHECK(m["iommus"]["iommu_b"]["transactions"] == 0);
  CHECK(m["iommus"]["iommu_b"]["resumes"] == m["iommus"]["iommu_a"]["resumes"]);
  CHECK(m["iommus"]["iommu_b"]["resumes"].get<int>() >= edma_resumes - 1);
  CHECK(m["power"]["domains"]["pd_iommu_b"]["power_on_count"].get<int>() >= edma_resumes - 2);
  CHECK(m["clients"]["uart"]["completed"].get<int>() > 0);
  // Without iommu_b in the chain a cold resume is shorter by its domain's
  // power-on 100 + its resume 40 (it has nothing to restore); the audio jobs
  // (40 ms apart, 20 ms autosuspend) are cold but for the few after a UART job,
  // so their median moves by that much (the histogram's interpolation: < 1 %).
  const double p50_both = m["clients"]["audio"]["latency"]["p50_us"].get<double>();
  const double p50_gated = gated["metrics"]["clients"]["audio"]["latency"]["p50_us"].get<double>();
  CHECK(p50_both - p50_gated == Approx(140.0).epsilon(0.01));
  CHECK(gated["metrics"]["iommus"]["iommu_b"]["resumes"] == 0);
  CHECK(gated["metrics"]["power"]["domains"]["pd_iommu_b"]["power_on_count"] == 0);
  CHECK(gated["metrics"]["energy"]["total_J"].get<double>() < m["energy"]["total_J"].get<double>());
}

TEST_CASE("an irq-safe pl330 never resumes its linked SysMMU and the report says so for the client",
          "[app][seed][seed_pl330]") {
  const std::string irq_safe = "scenario.clients.0.policy=irq_safe";
  const json report = run_seed("pl330_periodic.yaml", "pl330-irq-safe", {irq_safe});
  const json& m = report["metrics"];
  // rpm_resume() resumes PM_RUNTIME suppliers only on its non-irq-safe path: the
  // SysMMU never resumes and the 34 jobs of 4 KiB, read and written, bypass it.
  CHECK(m["iommus"]["sysmmu_pl330"]["resumes"] == 0);
  CHECK(m["iommus"]["sysmmu_pl330"]["isolation_bytes"] == 34 * 2 * 4096);
  const std::string note =
      "client audio: pl330 is irq-safe, so the runtime PM core never resumes its PM_RUNTIME suppliers "
      "(rpm_resume skips rpm_get_suppliers for irq-safe devices): sysmmu_pl330 stayed suspended and "
      "278528 bytes bypassed translation";
  REQUIRE(m["clients"]["audio"]["notes"].size() == 1);
  CHECK(m["clients"]["audio"]["notes"][0] == note);
  // The text summary prints it too.
  const auto text = wakesim::test::run_wakesim_args(
      "run " + wakesim::test::shell_quoted(source_path("scenarios/pl330_periodic.yaml")) + " --set " + irq_safe);
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.errors, Catch::Matchers::Contains("note: " + note));
  // The default policy (async) resumes it through the link: no note.
  const json async = run_seed("pl330_periodic.yaml", "pl330-async");
  CHECK(async["metrics"]["clients"]["audio"]["notes"].empty());
}

TEST_CASE("overlapping page-table regions of two IOMMUs exit 2 at the second one", "[app][seed]") {
  const fs::path out = fresh_directory("pt-overlap");
  const auto outcome =
      run_wakesim(source_path("scenarios/multi_path_dma.yaml"), out, {"platform.iommus.1.page_tables.base=0x8e080000"});
  CHECK(outcome.exit_code == 2);
  CHECK_THAT(outcome.errors, Catch::Matchers::Contains("multi_path.yaml:"));
  CHECK_THAT(outcome.errors, Catch::Matchers::Contains("overlap those of 'iommu_a'"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("every seed scenario gives a byte-identical report when run twice", "[app][seed][slow]") {
  for (const char* scenario : {"sysmmu_follows_master.yaml", "msm_gpu_unmap.yaml", "omap_remoteproc.yaml",
                               "multi_path_dma.yaml", "cpu_async_loses.yaml", "phone_video_playback.yaml"}) {
    INFO(scenario);
    const fs::path out = fresh_directory("twice");
    REQUIRE(run_wakesim(source_path(std::string("scenarios/") + scenario), out / "a").exit_code == 0);
    REQUIRE(run_wakesim(source_path(std::string("scenarios/") + scenario), out / "b").exit_code == 0);
    auto bytes = [](const fs::path& path) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      return text.str();
    };
    CHECK(bytes(out / "a" / "report.json") == bytes(out / "b" / "report.json"));
    fs::remove_all(out);
  }
}

// IOMMU parameters that only a file sets now (issue 17): a value given in the
// platform reaches the model, and the measured number moves as the closed form
// says.
#include <catch2/catch.hpp>

#include "support/wakesim_process.h"

using nlohmann::json;

namespace {

json run_pl330(const std::string& tag, const std::vector<std::string>& overrides = {}) {
  return wakesim::test::run_report("scenarios/pl330_periodic.yaml", tag, wakesim::test::without_cpus(overrides));
}

json run_sysmmu(const std::string& tag, const std::vector<std::string>& overrides = {}) {
  return wakesim::test::run_report("scenarios/sysmmu_follows_master.yaml", tag, wakesim::test::without_cpus(overrides));
}

// The mean is exact (the median is a histogram's estimate): every one of the
// 34 jobs resumes the SysMMU (30 ms period, 20 ms autosuspend), so a change of
// the restore moves the mean by exactly that change.
double blocked_mean_us(const json& report) {
  return report["metrics"]["clients"]["audio"]["caller_blocked"]["mean_us"].get<double>();
}

const json& sysmmu(const json& report) { return report["metrics"]["iommus"]["sysmmu_pl330"]; }

}  // namespace

TEST_CASE("the SysMMU's register costs from the file move the resume's restore as n x write_latency + sync",
          "[app][parameters][iommu]") {
  // The sync resume waits for the SysMMU's restore: 8 register writes x 100 ns
  // and one 1 us sync, 1.8 us of the 142.8 us median (test_platform_parameters).
  const json base_report = run_pl330("iommu-regs-base");
  REQUIRE(base_report["metrics"]["iommus"]["sysmmu_pl330"]["resumes"] == 34);
  REQUIRE(base_report["metrics"]["clients"]["audio"]["completed"] == 34);
  const double base = blocked_mean_us(base_report);
  // 8 writes x 200 ns: +0.8 us.
  CHECK(blocked_mean_us(run_pl330("iommu-regs-write", {"platform.iommus.0.registers.write_latency=200ns"})) - base ==
        Approx(0.8).margin(1e-6));
  // A 3 us sync: +2 us.
  CHECK(blocked_mean_us(run_pl330("iommu-regs-sync", {"platform.iommus.0.registers.sync_latency=3us"})) - base ==
        Approx(2.0).margin(1e-6));
  // 4 more context writes: 12 writes, +0.4 us.
  CHECK(blocked_mean_us(run_pl330("iommu-regs-ctx", {"platform.iommus.0.registers.context_writes=8"})) - base ==
        Approx(0.4).margin(1e-6));
}

TEST_CASE("the IOMMU clock and the walk cache's lookup cycles from the file time each walk's lookup",
          "[app][parameters][iommu]") {
  // The shortest walk: one walk-cache lookup (1 cycle of the 1 GHz IOMMU clock)
  // and the PTE reads below the cached table.
  const double base = sysmmu(run_sysmmu("iommu-walk-base"))["walk_latency"]["min_us"].get<double>();
  // 11 cycles at 1 ns: +10 ns.
  const json slow_lookup = run_sysmmu("iommu-walk-cycles", {"platform.iommus.0.walk_cache.lookup_latency_cycles=11"});
  CHECK(sysmmu(slow_lookup)["walk_latency"]["min_us"].get<double>() - base == Approx(0.010).margin(1e-9));
  // A 250 MHz clock: the 1-cycle lookup takes 4 ns, +3 ns.
  const json slow_clock = run_sysmmu("iommu-walk-clock", {"platform.iommus.0.clock=250MHz"});
  CHECK(sysmmu(slow_clock)["walk_latency"]["min_us"].get<double>() - base == Approx(0.003).margin(1e-9));
}

TEST_CASE("without a walk cache no walk pays the lookup", "[app][parameters][iommu]") {
  const json with = run_sysmmu("iommu-wc-on");
  const json without = run_sysmmu("iommu-wc-off", {"platform.iommus.0.walk_cache.entries=0"});
  REQUIRE(sysmmu(with)["walks"] == sysmmu(without)["walks"]);
  // The shortest walk is one PTE read (87.5 ns); with the cache a 1-cycle
  // lookup at 1 GHz precedes it, without one nothing does.
  CHECK(sysmmu(with)["walk_latency"]["min_us"].get<double>() -
            sysmmu(without)["walk_latency"]["min_us"].get<double>() ==
        Approx(0.001).margin(1e-9));
}

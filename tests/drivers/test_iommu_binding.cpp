// The IOMMU power bindings (IommuPowerManager) against hand calculations on the
// BindingRig (iommu_binding_rig.h has every constant: W = 20, IOMMU resume
// Ri = 20.8, IOMMU suspend Si = 10, one-page invalidate u = 0.5, master chain
// Rm = 140, master suspend Sm = 60, all in us).
#include <catch2/catch.hpp>

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "iommu_binding_rig.h"
#include "wakesim/core/sim_time.h"

using namespace wakesim;
using wakesim::test::binding_params;
using wakesim::test::BindingRig;
using wakesim::test::BindingTimes;
using wakesim::test::ns;
using wakesim::test::run_threads;
using wakesim::test::StatusLog;
using wakesim::test::us;
using wakesim::test::watch;

namespace {

using T = BindingTimes;
using sc_core::sc_time;
using sc_core::sc_time_stamp;

inline sc_time ms(double value) { return sc_time(value, sc_core::SC_MS); }

}  // namespace

TEST_CASE("iommu power binding names round trip exactly", "[drivers][iommu]") {
  CHECK(std::string(to_string(IommuPowerBinding::device_link)) == "device_link");
  CHECK(std::string(to_string(IommuPowerBinding::while_mapped)) == "while_mapped");
  CHECK(std::string(to_string(IommuPowerBinding::self_managed)) == "self_managed");
  CHECK(std::string(to_string(IommuPowerBinding::self_managed_nolink)) == "self_managed_nolink");
  CHECK(std::string(to_string(IommuPowerBinding::domain_activate)) == "domain_activate");
  CHECK(std::string(to_string(IommuPowerBinding::always_on)) == "always_on");
  for (const auto& [binding, name] : kIommuPowerBindingNames.entries())
    CHECK(parse_iommu_power_binding(to_string(binding)) == binding);
  CHECK_FALSE(parse_iommu_power_binding("Device_link"));
  CHECK_FALSE(parse_iommu_power_binding("device-link"));
  CHECK_FALSE(parse_iommu_power_binding("always_on "));
  CHECK_FALSE(parse_iommu_power_binding(""));
}

TEST_CASE("device_link powers the iommu with its master", "[drivers][iommu]") {
  // t0 = 1 ms: the master's get_sync resumes the IOMMU first (its domain on 20 +
  // restore 0.8 = 20.8), then its own chain (domain on 100 + callback 40): 160.8.
  // t1 = 2 ms: put_sync suspends the master (callback 10 + domain off 50 = 60),
  // which drops the link's reference and queues an idle for the IOMMU: it
  // suspends W = 20 later and takes Si = 10, SUSPENDED at t1 + 90. So the IOMMU
  // is active for t1 + 90 - t0 = 1090 of the 3000 us simulated.
  // The driver never resumes it: the map before t0 and the unmap after t1 only
  // write the page tables (the invalidate is skipped), the unmap while the
  // master is active pays u = 0.5.
  BindingRig rig(binding_params(IommuPowerBinding::device_link));
  StatusLog iommu_log;
  StatusLog master_log;
  watch(rig.device(), iommu_log);
  watch(rig.master, master_log);
  const sc_time t0 = ms(1);
  const sc_time t1 = ms(2);
  const sc_time t_end = ms(3);
  sc_time get_sync_took, map_suspended_took, unmap_active_took, unmap_suspended_took, put_took;
  int get_result = -1, put_result = -1;
  int usage_before = -1, usage_held = -1, usage_in_call = -1, usage_released = -1;
  unsigned rpm_active_held = 0, rpm_active_released = 0;
  RpmStatus iommu_after_put = RpmStatus::suspended;
  RpmStatus iommu_later = RpmStatus::active;
  bool request_queued_after_put = false;
  IommuPowerReport report;
  run_threads({[&] {
    rig.probe();
    sc_time start = sc_time_stamp();
    REQUIRE(rig.map_page(0) == 0);
    REQUIRE(rig.map_page(1) == 0);
    map_suspended_took = sc_time_stamp() - start;
    usage_before = rig.device().usage_count();

    wait_until(t0);
    get_result = rig.master.get_sync();
    get_sync_took = sc_time_stamp() - t0;
    usage_held = rig.device().usage_count();
    rpm_active_held = rig.power.links().at(0)->rpm_active();
    start = sc_time_stamp();
    REQUIRE(rig.unmap_page(0).unmapped == 0x1000);
    unmap_active_took = sc_time_stamp() - start;
    usage_in_call = rig.device().usage_count();  // back to the link's reference

    wait_until(t1);
    put_result = rig.master.put_sync();
    put_took = sc_time_stamp() - t1;
    iommu_after_put = rig.device().status();
    request_queued_after_put = rig.device().request_pending();
    usage_released = rig.device().usage_count();
    rpm_active_released = rig.power.links().at(0)->rpm_active();
    wait(us(T::W + T::Si + 1));
    iommu_later = rig.device().status();
    start = sc_time_stamp();
    REQUIRE(rig.unmap_page(1).unmapped == 0x1000);
    unmap_suspended_took = sc_time_stamp() - start;

    wait_until(t_end);
    report = rig.power.report();
  }});

  // The link, as exynos_iommu_probe_device makes it.
  REQUIRE(rig.power.links().size() == 1);
  CHECK(rig.power.links()[0]->flags() == (kDlStateless | kDlPmRuntime));
  CHECK(&rig.power.links()[0]->consumer() == &rig.master);
  CHECK(&rig.power.links()[0]->supplier() == &rig.device());
  // Resume: the IOMMU first, then the master.
  CHECK(get_result == 0);
  CHECK(get_sync_took == us(T::Ri + T::Rm));
  CHECK(iommu_log.first(RpmStatus::active) == t0 + us(T::Ri));
  CHECK(master_log.first(RpmStatus::active) == t0 + us(T::Ri + T::Rm));
  // Usage counts as the kernel has them: the link holds one reference while the
  // master is active (rpm_active 2), the driver's get_noresume/put_noidle nets 0.
  CHECK(usage_before == 0);
  CHECK(usage_held == 1);
  CHECK(rpm_active_held == 2);
  CHECK(usage_in_call == 1);
  // Suspend: the master's put_sync returns after Sm; the IOMMU is still ACTIVE
  // then, with its idle request queued, and suspends W + Si later.
  CHECK(put_result == 0);
  CHECK(put_took == us(T::Sm));
  CHECK(iommu_after_put == RpmStatus::active);
  CHECK(request_queued_after_put);
  CHECK(usage_released == 0);
  CHECK(rpm_active_released == 1);
  CHECK(iommu_log.first(RpmStatus::suspending, t1) == t1 + us(T::Sm + T::W));
  CHECK(iommu_log.first(RpmStatus::suspended, t1) == t1 + us(T::Sm + T::W + T::Si));
  CHECK(iommu_later == RpmStatus::suspended);
  CHECK(rig.master.usage_count() == 0);
  // The driver's calls on a suspended IOMMU cost nothing; the unmap while active pays u.
  CHECK(map_suspended_took == sc_core::SC_ZERO_TIME);
  CHECK(unmap_active_took == us(T::u));
  CHECK(unmap_suspended_took == sc_core::SC_ZERO_TIME);
  CHECK(report.calls.invalidations == 2);
  CHECK(report.calls.invalidations_skipped == 1);
  CHECK(report.calls.pm_gets == 0);
  CHECK(report.calls.pm_wait == sc_core::SC_ZERO_TIME);
  CHECK(rig.iommu.iommu.stats().invalidations_while_suspended == 1);
  // The report.
  CHECK(report.binding == IommuPowerBinding::device_link);
  CHECK(report.resumes == 1);
  CHECK(report.suspends == 1);
  CHECK(report.active_time == t1 + us(T::Sm + T::W + T::Si) - t0);
  CHECK(report.active_time == us(1090));
  CHECK(report.suspended_time == us(3000 - 1090));
  // Energy: 1 mW while powered and not suspended, 1090 us less the domain's
  // 20 us power-on (nothing is drawn before the rail is up); suspended it is
  // only ever with its own domain off, so 0.1 mW x 0; + 10 register writes
  // (restore 8, the invalidate 2) x 10 pJ.
  CHECK(rig.iommu.iommu.registers().total_writes() == 10);
  REQUIRE(report.energy);
  CHECK(report.energy->joules ==
        Approx(T::P_active * (1090 - T::Pi) * 1e-6 + T::P_suspended * 0 + 10 * T::e_write).epsilon(1e-12));
}

namespace {

// The while_mapped timeline on one rig (t0 = 1 ms): map page 0 at t0 (get_sync:
// the IOMMU resumes, Ri), page 1 at t0 + 100, unmap page 0 at t0 + 300 (u; page 1
// is still mapped, so the hold stays), unmap page 1 at t0 + 500 (u, then the
// release).
struct WhileMappedRun {
  sc_time first_map_took, second_map_took, last_unmap_end;
  int usage_mapped = -1, usage_one_left = -1, usage_unmapped = -1;
  RpmStatus status_one_left = RpmStatus::suspended;
  bool holding_one_left = false, holding_unmapped = true;
  IommuPowerReport report;
};

void while_mapped_timeline(BindingRig& rig, WhileMappedRun& run) {
  const sc_time t0 = ms(1);
  rig.probe();
  wait_until(t0);
  REQUIRE(rig.map_page(0) == 0);
  run.first_map_took = sc_time_stamp() - t0;
  run.usage_mapped = rig.device().usage_count();
  wait_until(t0 + us(100));
  REQUIRE(rig.map_page(1) == 0);
  run.second_map_took = sc_time_stamp() - (t0 + us(100));
  wait_until(t0 + us(300));
  REQUIRE(rig.unmap_page(0).unmapped == 0x1000);
  run.usage_one_left = rig.device().usage_count();
  run.status_one_left = rig.device().status();
  run.holding_one_left = rig.power.holding_for_mappings();
  wait_until(t0 + us(500));
  REQUIRE(rig.unmap_page(1).unmapped == 0x1000);
  run.last_unmap_end = sc_time_stamp();
  run.usage_unmapped = rig.device().usage_count();
  run.holding_unmapped = rig.power.holding_for_mappings();
  wait_until(ms(5));
  run.report = rig.power.report();
}

}  // namespace

TEST_CASE("while_mapped holds the iommu from the first map to the last unmap", "[drivers][iommu]") {
  // Active from the first map's get_sync (t0) to the suspend after the last
  // unmap, which ends at t0 + 500 + u = t0 + 500.5:
  //   no autosuspend (put):             + W + Si             -> active 530.5 us
  //   autosuspend D = 1 ms (put_autosuspend): + D + W + Si   -> active 1530.5 us
  // Nothing but the first map resumes: the second map pays nothing, each unmap u.
  IommuPowerManagerParams put = binding_params(IommuPowerBinding::while_mapped);
  put.use_autosuspend = false;
  IommuPowerManagerParams autosuspend = binding_params(IommuPowerBinding::while_mapped);
  autosuspend.autosuspend_delay = ms(1);
  BindingRig rig_put(put, "put_");
  BindingRig rig_auto(autosuspend, "auto_");
  StatusLog log_put, log_auto;
  watch(rig_put.device(), log_put);
  watch(rig_auto.device(), log_auto);
  WhileMappedRun run_put, run_auto;
  run_threads({[&] { while_mapped_timeline(rig_put, run_put); }, [&] { while_mapped_timeline(rig_auto, run_auto); }});

  const sc_time t0 = ms(1);
  for (const WhileMappedRun* run : {&run_put, &run_auto}) {
    CHECK(run->first_map_took == us(T::Ri));
    CHECK(run->second_map_took == sc_core::SC_ZERO_TIME);
    CHECK(run->last_unmap_end == t0 + us(500 + T::u));
    CHECK(run->usage_mapped == 1);
    CHECK(run->usage_one_left == 1);
    CHECK(run->status_one_left == RpmStatus::active);
    CHECK(run->holding_one_left);
    CHECK(run->usage_unmapped == 0);
    CHECK_FALSE(run->holding_unmapped);
    CHECK(run->report.resumes == 1);
    CHECK(run->report.suspends == 1);
    CHECK(run->report.calls.pm_gets == 1);
    CHECK(run->report.calls.pm_wait == us(T::Ri));
    CHECK(run->report.calls.invalidations == 2);
    CHECK(run->report.calls.invalidations_skipped == 0);
  }
  CHECK(log_put.first(RpmStatus::resuming) == t0);
  CHECK(log_put.first(RpmStatus::suspended, t0) == run_put.last_unmap_end + us(T::W + T::Si));
  CHECK(run_put.report.active_time == run_put.last_unmap_end - t0 + us(T::W + T::Si));
  CHECK(run_put.report.active_time == us(530.5));
  CHECK(log_auto.first(RpmStatus::suspended, t0) == run_auto.last_unmap_end + ms(1) + us(T::W + T::Si));
  CHECK(run_auto.report.active_time == us(1530.5));
  // Energy of the put variant over 5 ms: 530.5 us at 1 mW less the domain's
  // power-on, nothing while suspended (its domain is off then); writes: probe's
  // programming while suspended 0, restore 8, two invalidates 2 + 2.
  CHECK(rig_put.iommu.iommu.registers().total_writes() == 12);
  REQUIRE(run_put.report.energy);
  CHECK(run_put.report.energy->joules == Approx(T::P_active * (530.5 - T::Pi) * 1e-6 + 12 * T::e_write).epsilon(1e-12));
}

namespace {

constexpr unsigned kUnmaps = 1000;
constexpr double kGap = 50;  // us of the GPU driver's own work before each unmap

struct UnmapRun {
  sc_time phase_start, total, first_unmap_took, second_unmap_took, longest_unmap;
  unsigned long resumes_before = 0, resumes_during = 0, suspends_during = 0;
  RpmStatus status_at_start = RpmStatus::active;
  sc_time pm_wait_during;
  std::uint64_t unmapped = 0;
};

// kUnmaps pages mapped at time 0, then from 100 ms on, kUnmaps times: kGap of
// other work, unmap one page.
void unmap_phase(BindingRig& rig, UnmapRun& run) {
  rig.probe();
  for (unsigned i = 0; i < kUnmaps; ++i) REQUIRE(rig.map_page(i) == 0);
  run.phase_start = ms(100);
  wait_until(run.phase_start);
  run.status_at_start = rig.device().status();
  run.resumes_before = rig.device().resumes();
  const unsigned long suspends_before = rig.device().suspends();
  const sc_time pm_wait_before = rig.power.stats().pm_wait;
  for (unsigned i = 0; i < kUnmaps; ++i) {
    wait(us(kGap));
    const sc_time start = sc_time_stamp();
    run.unmapped += rig.unmap_page(i).unmapped;
    const sc_time took = sc_time_stamp() - start;
    if (i == 0) run.first_unmap_took = took;
    if (i == 1) run.second_unmap_took = took;
    if (took > run.longest_unmap) run.longest_unmap = took;
  }
  run.total = sc_time_stamp() - run.phase_start;
  run.pm_wait_during = rig.power.stats().pm_wait - pm_wait_before;
  wait(ms(30));  // the last suspend, whichever the delay
  run.resumes_during = rig.device().resumes() - run.resumes_before;
  run.suspends_during = rig.device().suspends() - suspends_before;
}

}  // namespace

TEST_CASE("self_managed with a 20 ms autosuspend pays one resume for 1000 unmaps", "[drivers][iommu]") {
  // arm-smmu's reason for its 20 ms autosuspend: without it every unmap of a
  // suspended SMMU pays a runpm cycle. Each unmap comes g = 50 us after the
  // previous one; without autosuspend the put queues a suspend that runs W = 20
  // later and takes Si = 10, so the IOMMU is suspended again by the next unmap.
  //   no autosuspend:   T = N (g + Ri + u)    = 1000 x 71.3 us = 71.3 ms
  //   20 ms autosuspend: T = N (g + u) + Ri    = 50.5 ms + 20.8 us
  // and the difference is (N - 1) Ri.
  IommuPowerManagerParams with = binding_params(IommuPowerBinding::self_managed);
  with.autosuspend_delay = ms(20);
  IommuPowerManagerParams without = binding_params(IommuPowerBinding::self_managed);
  without.use_autosuspend = false;
  BindingRig rig_with(with, "with_");
  BindingRig rig_without(without, "without_");
  UnmapRun run_with, run_without;
  run_threads({[&] { unmap_phase(rig_with, run_with); }, [&] { unmap_phase(rig_without, run_without); }});

  const double N = kUnmaps;
  for (const UnmapRun* run : {&run_with, &run_without}) {
    CHECK(run->status_at_start == RpmStatus::suspended);
    CHECK(run->unmapped == kUnmaps * 0x1000ull);
    CHECK(run->first_unmap_took == us(T::Ri + T::u));  // the IOMMU was suspended
  }
  CHECK(run_with.total == us(N * (kGap + T::u) + T::Ri));
  CHECK(run_with.second_unmap_took == us(T::u));
  CHECK(run_with.longest_unmap == us(T::Ri + T::u));
  CHECK(run_with.resumes_during == 1);
  CHECK(run_with.suspends_during == 1);
  CHECK(run_with.pm_wait_during == us(T::Ri));

  CHECK(run_without.total == us(N * (kGap + T::Ri + T::u)));
  CHECK(run_without.second_unmap_took == us(T::Ri + T::u));
  CHECK(run_without.resumes_during == kUnmaps);
  CHECK(run_without.suspends_during == kUnmaps);
  CHECK(run_without.pm_wait_during == us(N * T::Ri));

  CHECK(run_without.total - run_with.total == us((N - 1) * T::Ri));
  CHECK(rig_with.power.stats().invalidations_skipped == 0);
  CHECK(rig_without.power.stats().invalidations_skipped == 0);
}

TEST_CASE("always_on resumes the iommu once at setup and never suspends it", "[drivers][iommu]") {
  // setup's get_sync at 0: domain on 20 + the first restore with nothing
  // programmed yet ((1 + 1) x 0.05 + 0.4 = 0.5): 20.5 us. Then the master cycles
  // and the driver maps and unmaps over 100 ms: the IOMMU stays ACTIVE, each
  // unmap pays u. Register writes: restore 2, context 6, stream binding 2,
  // three invalidates 2 each = 16.
  BindingRig rig(binding_params(IommuPowerBinding::always_on));
  sc_time setup_took;
  std::vector<sc_time> unmap_took;
  unsigned long master_resumes = 0;
  IommuPowerReport report;
  run_threads({[&] {
    REQUIRE(rig.power.setup() == 0);
    setup_took = sc_time_stamp();
    rig.master.enable();
    REQUIRE(rig.power.create_context(0, PageTableFormatKind::arm64_4k, 1) == 0);
    REQUIRE(rig.power.attach_stream(0, Iommu::kAnyStream, 0) == 0);
    wait_until(ms(1));
    REQUIRE(rig.master.get_sync() == 0);
    wait_until(ms(2));
    REQUIRE(rig.master.put_sync() == 0);
    for (double at : {10.0, 40.0, 70.0}) {
      wait_until(ms(at));
      REQUIRE(rig.map_page(0) == 0);
      wait(ms(1));
      const sc_time start = sc_time_stamp();
      REQUIRE(rig.unmap_page(0).unmapped == 0x1000);
      unmap_took.push_back(sc_time_stamp() - start);
    }
    REQUIRE(rig.master.get_sync() == 0);
    REQUIRE(rig.master.put_sync() == 0);
    master_resumes = rig.master.resumes();
    wait_until(ms(100));
    report = rig.power.report();
  }});
  CHECK(rig.power.links().empty());
  CHECK(setup_took == us(20.5));
  CHECK(master_resumes == 2);
  REQUIRE(unmap_took.size() == 3);
  for (const sc_time& took : unmap_took) CHECK(took == us(T::u));
  CHECK(report.resumes == 1);
  CHECK(report.suspends == 0);
  CHECK(rig.device().usage_count() == 1);
  CHECK(rig.device().status() == RpmStatus::active);
  CHECK(report.active_time == ms(100));
  CHECK(report.suspended_time == sc_core::SC_ZERO_TIME);
  CHECK(report.calls.pm_gets == 1);
  CHECK(report.calls.invalidations == 3);
  CHECK(report.calls.invalidations_skipped == 0);
  CHECK(rig.iommu.domain->power_on_count() == 1);
  CHECK(rig.iommu.domain->power_off_count() == 0);
  CHECK(rig.iommu.iommu.registers().total_writes() == 16);
  REQUIRE(report.energy);
  // 1 mW from the end of the domain's power-on to 100 ms.
  CHECK(report.energy->joules == Approx(T::P_active * (0.1 - T::Pi * 1e-6) + 16 * T::e_write).epsilon(1e-12));
}

namespace {

// At 50 ms the self_managed_nolink IOMMU has long autosuspended (20 ms after the
// probe's maps); the master resumes alone (Rm: no runtime-PM link) and copies 256 B from
// page 0 to page 1: 4 bursts, each a read and a write.
constexpr std::uint64_t kCopyBytes = 256;

IommuPowerManagerParams self_managed_nolink_with_order_link() {
  IommuPowerManagerParams params = binding_params(IommuPowerBinding::self_managed_nolink);
  params.order_link = true;
  return params;
}

}  // namespace

TEST_CASE("a dma while a self_managed_nolink iommu is suspended bypasses translation in bypass mode",
          "[drivers][iommu]") {
  BindingRig rig(self_managed_nolink_with_order_link(), "", IommuWhenSuspended::bypass);
  const sc_time t1 = ms(50);
  sc_time master_get_took;
  RpmStatus iommu_before = RpmStatus::active, iommu_during = RpmStatus::active;
  int iommu_usage = -1;
  run_threads({[&] {
    rig.probe();
    REQUIRE(rig.map_page(0) == 0);
    REQUIRE(rig.map_page(1) == 0);
    wait_until(t1);
    iommu_before = rig.device().status();
    REQUIRE(rig.master.get_sync() == 0);
    master_get_took = sc_time_stamp() - t1;
    iommu_during = rig.device().status();
    iommu_usage = rig.device().usage_count();
    rig.copy(1, 0, kCopyBytes);
    REQUIRE(rig.master.put_sync() == 0);
  }});
  // Only an ordering link: runtime PM ignores it.
  REQUIRE(rig.power.links().size() == 1);
  CHECK(rig.power.links()[0]->flags() == kDlStateless);
  CHECK(iommu_before == RpmStatus::suspended);
  CHECK(master_get_took == us(T::Rm));
  CHECK(iommu_during == RpmStatus::suspended);
  CHECK(iommu_usage == 0);
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].ok());
  // Every access went out untranslated: an isolation hole of 8 accesses, 512 B.
  const IommuPortStats& port = rig.iommu.iommu.port_stats(0);
  CHECK(port.transactions == 8);
  CHECK(port.isolation_violations == 8);
  CHECK(port.isolation_bytes == 2 * kCopyBytes);
  CHECK(port.tlb_hits + port.tlb_misses == 0);
  CHECK(rig.iommu.target->transactions == 8);
  CHECK(rig.iommu.target->last_address == BindingRig::iova(1) + 192);  // the IOVA itself
}

TEST_CASE("a dma while a self_managed_nolink iommu is suspended stalls in stall mode until a map resumes it",
          "[drivers][iommu]") {
  // The master resumes at t1 (Rm = 140) and submits; the first read reaches the
  // IOMMU after the channel setup (0.1) and stalls. At t1 + 500 another thread
  // maps a page: resume_and_get resumes the IOMMU (Ri = 20.8), and the stalled
  // read goes on when it is ACTIVE: stall = 500 + 20.8 - 140 - 0.1 = 380.7 us.
  BindingRig rig(binding_params(IommuPowerBinding::self_managed_nolink), "", IommuWhenSuspended::stall);
  const sc_time t1 = ms(50);
  sc_time map_done;
  run_threads({[&] {
                 rig.probe();
                 REQUIRE(rig.map_page(0) == 0);
                 REQUIRE(rig.map_page(1) == 0);
                 wait_until(t1);
                 REQUIRE(rig.device().status() == RpmStatus::suspended);
                 REQUIRE(rig.master.get_sync() == 0);
                 rig.copy(1, 0, kCopyBytes);
                 REQUIRE(rig.master.put_sync() == 0);
               },
               [&] {
                 wait_until(t1 + us(500));
                 REQUIRE(rig.map_page(2) == 0);
                 map_done = sc_time_stamp();
               }});
  CHECK(map_done == t1 + us(500 + T::Ri));
  const IommuPortStats& port = rig.iommu.iommu.port_stats(0);
  CHECK(port.stalls == 1);
  CHECK(port.stall_time == us(500 + T::Ri - T::Rm - T::dma_setup));
  CHECK(port.stall_time == us(380.7));
  // The same hold as wall time of the channel's stream, which a client counts in
  // its job's pm_wait (Iommu::suspended_hold_time); nothing for other streams.
  CHECK(rig.iommu.iommu.suspended_hold_time(0, wakesim::test::kBindingStream) == us(380.7));
  CHECK(rig.iommu.iommu.suspended_hold_time(0, wakesim::test::kBindingStream + 1) == sc_core::SC_ZERO_TIME);
  CHECK(port.isolation_violations == 0);
  CHECK(port.tlb_misses == 2);  // translated, cold after the resume
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].ok());
  CHECK(rig.iommu.target->last_address == BindingRig::phys(1) + 192);
}

TEST_CASE("with device_link the master dma is translated with no isolation violations", "[drivers][iommu]") {
  // The same copy in bypass mode, but the master's get_sync resumes the IOMMU
  // through the link first (Ri + Rm): every access is translated.
  BindingRig rig(binding_params(IommuPowerBinding::device_link), "", IommuWhenSuspended::bypass);
  const sc_time t1 = ms(1);
  sc_time master_get_took;
  RpmStatus iommu_before = RpmStatus::active, iommu_during = RpmStatus::suspended;
  run_threads({[&] {
    rig.probe();
    REQUIRE(rig.map_page(0) == 0);
    REQUIRE(rig.map_page(1) == 0);
    wait_until(t1);
    iommu_before = rig.device().status();
    REQUIRE(rig.master.get_sync() == 0);
    master_get_took = sc_time_stamp() - t1;
    iommu_during = rig.device().status();
    rig.copy(1, 0, kCopyBytes);
    REQUIRE(rig.master.put_sync() == 0);
  }});
  CHECK(iommu_before == RpmStatus::suspended);
  CHECK(master_get_took == us(T::Ri + T::Rm));
  CHECK(iommu_during == RpmStatus::active);
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].ok());
  const IommuPortStats& port = rig.iommu.iommu.port_stats(0);
  CHECK(port.transactions == 8);
  CHECK(port.isolation_violations == 0);
  CHECK(port.isolation_bytes == 0);
  CHECK(port.tlb_misses == 2);
  CHECK(port.tlb_hits == 6);
  CHECK(rig.iommu.target->last_address == BindingRig::phys(1) + 192);
}

TEST_CASE("map and unmap from atomic context are might sleep violations only where a get may sleep",
          "[drivers][iommu]") {
  // At 50 ms each IOMMU is suspended (self_managed: autosuspended 20 ms after
  // the probe; device_link and while_mapped: never resumed). Two calls each from
  // atomic context: only a get on a suspended, non-irq-safe IOMMU may sleep.
  BindingRig self_managed(binding_params(IommuPowerBinding::self_managed), "sm_");
  BindingRig irq_safe(binding_params(IommuPowerBinding::self_managed), "irq_");
  BindingRig device_link(binding_params(IommuPowerBinding::device_link), "dl_");
  BindingRig while_mapped(binding_params(IommuPowerBinding::while_mapped), "wm_");
  irq_safe.device().irq_safe();
  const sc_time t1 = ms(50);
  std::vector<RpmStatus> status_at_t1;
  auto unmapping = [&](BindingRig& rig) {
    rig.probe();
    REQUIRE(rig.map_page(0) == 0);
    REQUIRE(rig.map_page(1) == 0);
    wait_until(t1);
    status_at_t1.push_back(rig.device().status());
    REQUIRE(rig.unmap_page(0, CallContext::atomic).unmapped == 0x1000);
    REQUIRE(rig.unmap_page(1, CallContext::atomic).unmapped == 0x1000);
  };
  auto mapping = [&](BindingRig& rig) {
    rig.probe();
    wait_until(t1);
    status_at_t1.push_back(rig.device().status());
    REQUIRE(rig.map_page(0, CallContext::atomic) == 0);
    REQUIRE(rig.map_page(1, CallContext::atomic) == 0);
  };
  run_threads({[&] { unmapping(self_managed); }, [&] { unmapping(irq_safe); }, [&] { unmapping(device_link); },
               [&] { mapping(while_mapped); }});
  REQUIRE(status_at_t1.size() == 4);
  for (RpmStatus status : status_at_t1) CHECK(status == RpmStatus::suspended);
  CHECK(self_managed.power.stats().might_sleep_violations == 1);
  CHECK(self_managed.device().might_sleep_violations() == 1);
  CHECK(irq_safe.power.stats().might_sleep_violations == 0);
  CHECK(irq_safe.device().might_sleep_violations() == 0);
  CHECK(device_link.power.stats().might_sleep_violations == 0);
  CHECK(device_link.device().might_sleep_violations() == 0);
  CHECK(while_mapped.power.stats().might_sleep_violations == 1);
  CHECK(while_mapped.device().might_sleep_violations() == 1);
  CHECK(while_mapped.power.report().calls.might_sleep_violations == 1);
  // The calls still went on (the model cannot oops): context and stream 2, maps 2, unmaps 2.
  CHECK(self_managed.power.stats().pm_gets == 6);
  CHECK(self_managed.device().resumes() == 2);
  CHECK(device_link.power.stats().pm_gets == 0);
}

TEST_CASE("a failed iommu resume refuses the call and leaves the usage count as it was", "[drivers][iommu]") {
  // The IOMMU's domain fails its next power-on with -EIO (after its 20 us): the
  // binding's get fails, the driver is not called, and the reference is undone
  // (resume_and_get undoes its own; while_mapped put_noidles get_sync's).
  BindingRig self_managed(binding_params(IommuPowerBinding::self_managed), "sm_");
  BindingRig while_mapped(binding_params(IommuPowerBinding::while_mapped), "wm_");
  int sm_map = 0, wm_map = 0, sm_second_setup = 0;
  run_threads({[&] {
                 REQUIRE(self_managed.power.setup() == 0);
                 sm_second_setup = self_managed.power.setup();
                 self_managed.iommu.domain->fail_next_power_on(-EIO);
                 sm_map = self_managed.power.create_context(0, PageTableFormatKind::arm64_4k, 1);
               },
               [&] {
                 while_mapped.probe();
                 while_mapped.iommu.domain->fail_next_power_on(-EIO);
                 wm_map = while_mapped.map_page(0);
               }});
  CHECK(sm_second_setup == -EBUSY);
  CHECK(sm_map == -EIO);
  CHECK(self_managed.iommu.driver.page_table(0) == nullptr);  // create_context never ran
  CHECK(self_managed.device().usage_count() == 0);
  CHECK(self_managed.power.stats().pm_errors == 1);
  CHECK(wm_map == -EIO);
  CHECK(while_mapped.iommu.driver.page_table(0)->iova_to_phys(BindingRig::iova(0)) == std::nullopt);
  CHECK_FALSE(while_mapped.power.mapped());
  CHECK_FALSE(while_mapped.power.holding_for_mappings());
  CHECK(while_mapped.device().usage_count() == 0);
  CHECK(while_mapped.power.stats().pm_errors == 1);
  CHECK(while_mapped.power.stats().maps == 1);
  CHECK(while_mapped.power.stats().map_errors == 0);  // refused by PM, not by the driver
  CHECK(while_mapped.power.stats().call_time == us(20));
}

namespace {

// An SMMU that autosuspends 1 ms after its last call, and aborts DMA while suspended.
IommuPowerManagerParams one_ms_autosuspend(IommuPowerBinding binding) {
  IommuPowerManagerParams params = binding_params(binding);
  params.autosuspend_delay = ms(1);
  return params;
}

struct SmmuRun {
  RpmStatus iommu_before = RpmStatus::active;
  RpmStatus iommu_during = RpmStatus::suspended;
  RpmStatus iommu_later = RpmStatus::suspended;  // 5 ms into the master's activity
  sc_time master_get_took;
};

// Probe and map at 0, the master resumes at 50 ms (the SMMU autosuspended 1 ms
// after the maps), copies, stays active 5 ms more, and suspends.
SmmuRun run_master_over_smmu(BindingRig& rig) {
  SmmuRun run;
  const sc_time t1 = ms(50);
  run_threads({[&] {
    rig.probe();
    REQUIRE(rig.map_page(0) == 0);
    REQUIRE(rig.map_page(1) == 0);
    wait_until(t1);
    run.iommu_before = rig.device().status();
    REQUIRE(rig.master.get_sync() == 0);
    run.master_get_took = sc_time_stamp() - t1;
    run.iommu_during = rig.device().status();
    rig.copy(1, 0, kCopyBytes);
    wait_until(t1 + ms(5));
    run.iommu_later = rig.device().status();
    REQUIRE(rig.master.put_sync() == 0);
  }});
  return run;
}

}  // namespace

TEST_CASE(
    "self_managed links each master as arm_smmu_probe_device does so a 1 ms smmu autosuspend never faults its dma",
    "[drivers][iommu]") {
  // arm_smmu_probe_device(): device_link_add(master, smmu, DL_FLAG_PM_RUNTIME |
  // DL_FLAG_AUTOREMOVE_SUPPLIER). The master's get_sync resumes the SMMU first
  // (Ri + Rm) and the link holds it while the master is active, whatever its own
  // 1 ms autosuspend says: every access is translated.
  BindingRig rig(one_ms_autosuspend(IommuPowerBinding::self_managed), "", IommuWhenSuspended::abort);
  const SmmuRun run = run_master_over_smmu(rig);
  REQUIRE(rig.power.links().size() == 1);
  const std::uint32_t flags = rig.power.links()[0]->flags();
  CHECK((flags & (kDlPmRuntime | kDlAutoremoveSupplier)) == (kDlPmRuntime | kDlAutoremoveSupplier));
  CHECK((flags & kDlStateless) == 0);
  CHECK(run.iommu_before == RpmStatus::suspended);
  CHECK(run.master_get_took == us(T::Ri + T::Rm));
  CHECK(run.iommu_during == RpmStatus::active);
  CHECK(run.iommu_later == RpmStatus::active);
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].ok());
  const IommuPortStats& port = rig.iommu.iommu.port_stats(0);
  CHECK(port.transactions == 8);
  CHECK(port.faults() == 0);
  CHECK(port.isolation_violations == 0);
  CHECK(rig.iommu.target->last_address == BindingRig::phys(1) + 192);
  // The master's suspend queued an idle for the SMMU: it suspended after it.
  CHECK(rig.device().status() == RpmStatus::suspended);
}

TEST_CASE("self_managed_nolink has no arm_smmu_probe_device link so the master's dma meets the 1 ms autosuspended smmu",
          "[drivers][iommu]") {
  // The same run without the link: the master resumes alone (Rm) and its first
  // read reaches a suspended SMMU, which aborts it (when_suspended: abort).
  BindingRig abort_rig(one_ms_autosuspend(IommuPowerBinding::self_managed_nolink), "abort_", IommuWhenSuspended::abort);
  const SmmuRun run = run_master_over_smmu(abort_rig);
  CHECK(abort_rig.power.links().empty());
  CHECK(run.master_get_took == us(T::Rm));
  CHECK(run.iommu_during == RpmStatus::suspended);
  REQUIRE(abort_rig.completions.size() == 1);
  CHECK_FALSE(abort_rig.completions[0].ok());
  CHECK(abort_rig.iommu.iommu.port_stats(0).faults() >= 1);
  CHECK(abort_rig.iommu.iommu.port_stats(0).isolation_violations == 0);
}

TEST_CASE("self_managed_nolink in bypass mode lets the master's dma through the 1 ms autosuspended smmu untranslated",
          "[drivers][iommu]") {
  BindingRig rig(one_ms_autosuspend(IommuPowerBinding::self_managed_nolink), "", IommuWhenSuspended::bypass);
  run_master_over_smmu(rig);
  const IommuPortStats& port = rig.iommu.iommu.port_stats(0);
  CHECK(port.faults() == 0);
  CHECK(port.isolation_violations == 8);
  CHECK(port.isolation_bytes == 2 * kCopyBytes);
}

TEST_CASE("domain_activate resumes the iommu inside the master's resume and suspends it inside its suspend",
          "[drivers][iommu]") {
  // omap_rproc_runtime_resume -> omap_iommu_domain_activate (get_sync) before the
  // DSP's own work; omap_rproc_runtime_suspend -> omap_iommu_domain_deactivate
  // (put_sync) after it. No device link. The master's get_sync pays its domain
  // (100), then the IOMMU's resume (Ri) inside its callback, then the callback
  // (40): Ri + Rm. Its put_sync pays the callback (10), the IOMMU's synchronous
  // suspend (Si), then its domain off (50): Sm + Si, with nothing left for pm_wq.
  BindingRig rig(binding_params(IommuPowerBinding::domain_activate), "", IommuWhenSuspended::abort);
  StatusLog iommu_log, master_log;
  watch(rig.device(), iommu_log);
  watch(rig.master, master_log);
  const sc_time t1 = ms(1), t2 = ms(3);
  sc_time get_took, put_took;
  RpmStatus iommu_after_put = RpmStatus::active;
  run_threads({[&] {
    rig.probe();
    wait_until(t1);
    REQUIRE(rig.device().status() == RpmStatus::suspended);
    REQUIRE(rig.master.get_sync() == 0);
    get_took = sc_time_stamp() - t1;
    wait_until(t2);
    REQUIRE(rig.master.put_sync() == 0);
    put_took = sc_time_stamp() - t2;
    iommu_after_put = rig.device().status();
  }});
  CHECK(rig.power.links().empty());
  CHECK(get_took == us(T::Ri + T::Rm));
  CHECK(put_took == us(T::Sm + T::Si));
  CHECK(iommu_after_put == RpmStatus::suspended);
  // Inside the master's transitions: the IOMMU is ACTIVE before the master is,
  // and SUSPENDED before the master is.
  const sc_time iommu_active = iommu_log.first(RpmStatus::active, t1);
  const sc_time master_active = master_log.first(RpmStatus::active, t1);
  CHECK(iommu_active > t1);
  CHECK(iommu_active < master_active);
  const sc_time iommu_suspended = iommu_log.first(RpmStatus::suspended, t2);
  const sc_time master_suspended = master_log.first(RpmStatus::suspended, t2);
  CHECK(iommu_suspended > t2);
  CHECK(iommu_suspended <= master_suspended);
  CHECK(rig.device().resumes() == 1);
  CHECK(rig.device().suspends() == 1);
  CHECK(rig.power.stats().activations == 1);
  CHECK(rig.power.stats().deactivations == 1);
}

TEST_CASE("domain_activate translates the master's dma with no fault and no isolation violation", "[drivers][iommu]") {
  BindingRig rig(binding_params(IommuPowerBinding::domain_activate), "", IommuWhenSuspended::abort);
  run_threads({[&] {
    rig.probe();
    REQUIRE(rig.master.get_sync() == 0);
    REQUIRE(rig.map_page(0) == 0);
    REQUIRE(rig.map_page(1) == 0);
    rig.copy(1, 0, kCopyBytes);
    REQUIRE(rig.master.put_sync() == 0);
  }});
  REQUIRE(rig.completions.size() == 1);
  CHECK(rig.completions[0].ok());
  const IommuPortStats& port = rig.iommu.iommu.port_stats(0);
  CHECK(port.faults() == 0);
  CHECK(port.isolation_violations == 0);
  CHECK(rig.iommu.target->last_address == BindingRig::phys(1) + 192);
  // Maps while the master is active only take and drop a reference.
  CHECK(rig.device().resumes() == 1);
  CHECK(rig.device().suspends() == 1);
}

TEST_CASE(
    "a map or unmap while the master is suspended resumes the iommu for flush_iotlb_page and put_sync suspends it at "
    "once",
    "[drivers][iommu][domain_activate]") {
  // flush_iotlb_page(): pm_runtime_get_sync / pm_runtime_put_sync of the IOMMU
  // around the TLB flush of a map (omap_iopgtable_store_entry) and an unmap
  // (iopgtable_clear_entry): one resume and one synchronous suspend each.
  BindingRig rig(binding_params(IommuPowerBinding::domain_activate), "", IommuWhenSuspended::abort);
  unsigned long resumes_after_map = 0, suspends_after_map = 0;
  RpmStatus after_map = RpmStatus::active, after_unmap = RpmStatus::active;
  sc_time map_wait;
  run_threads({[&] {
    rig.probe();
    wait_until(ms(1));
    REQUIRE(rig.map_page(0) == 0);
    after_map = rig.device().status();
    resumes_after_map = rig.device().resumes();
    suspends_after_map = rig.device().suspends();
    map_wait = rig.power.stats().pm_wait;
    REQUIRE(rig.unmap_page(0).error == 0);
    after_unmap = rig.device().status();
  }});
  CHECK(after_map == RpmStatus::suspended);
  CHECK(resumes_after_map == 1);
  CHECK(suspends_after_map == 1);
  CHECK(map_wait == us(T::Ri));
  CHECK(after_unmap == RpmStatus::suspended);
  CHECK(rig.device().resumes() == 2);
  CHECK(rig.device().suspends() == 2);
  CHECK(rig.device().usage_count() == 0);
  // The unmap's invalidation ran on an ACTIVE IOMMU: paid, not skipped.
  CHECK(rig.power.stats().invalidations_skipped == 0);
  CHECK(rig.master.resumes() == 0);
}

TEST_CASE("domain_activate deactivates the iommu again when the master's own resume fails", "[drivers][iommu]") {
  // _omap_rproc_resume(): a failure after omap_iommu_domain_activate() goes to
  // suspend_iommu (omap_iommu_domain_deactivate): the IOMMU is left as it was.
  BindingRig rig(binding_params(IommuPowerBinding::domain_activate), "", IommuWhenSuspended::abort);
  int retval = 0;
  run_threads({[&] {
    rig.probe();
    wait_until(ms(1));
    rig.master_driver.fail_next_resume(-EIO);
    retval = rig.master.get_sync();
    rig.master.put_noidle();
  }});
  CHECK(retval == -EIO);
  CHECK(rig.device().status() == RpmStatus::suspended);
  CHECK(rig.device().resumes() == 1);
  CHECK(rig.device().suspends() == 1);
  CHECK(rig.device().usage_count() == 0);
  CHECK(rig.power.stats().activations == 1);
  CHECK(rig.power.stats().deactivations == 1);
}

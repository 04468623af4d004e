// Each resume policy's effect on one job's latency and on the power state, against
// hand sums of the rig's parameters (driver_rig.h: W = 20, Pr = 10, Lon = 100,
// Rr = 40, Rs = 10, Loff = 50 us; C = Pr + Lon + Rr = 150 us; a 1 KiB transfer
// X = 1.96 us). Jobs start at t0 = 1 ms, when the controller is SUSPENDED, its
// domain OFF and its parent suspended. Times in us unless a name says otherwise.
#include <catch2/catch.hpp>

#include "driver_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::wait;
using wakesim::test::check_parts_add_up;
using wakesim::test::client_params;
using wakesim::test::DriverRig;
using wakesim::test::ms;
using wakesim::test::run_in_thread;
using wakesim::test::us;

namespace {

const sc_time t0 = ms(1);

}  // namespace

TEST_CASE("sync blocks the caller for the resume chain of the first job after idle only", "[drivers][sync]") {
  // Job 0 at t0: prepare 30; get_sync blocks for C = 150 (noc 10, domain on 100,
  // resume 40); submit at t0 + 180; done at t0 + 181.96. Its deadline t0 + 100 is missed.
  // Job 1 at t0 + 5 ms, within D = 20 ms of the put at t0 + 181.96 us: the controller
  // is ACTIVE, get_sync returns 1 at once: 30 + 1.96 = 31.96; deadline arrival + 100 met.
  // The controller suspends at put1 + D + W + Rs + Loff = 6.03196 + 20 + 0.08 ms =
  // 26.11196 ms, so job 2 at t0 + 50 ms pays the chain again: 181.96.
  DriverRig rig(client_params(ResumePolicy::sync, 30));
  bool off_before_job0 = false;
  bool off_before_job2 = false;
  run_in_thread([&] {
    wait(t0);
    off_before_job0 = !rig.pd.is_on() && rig.device.status_suspended() && rig.noc.status_suspended();
    rig.submit(0, 1024, t0 + us(100));
    wait(ms(5));
    rig.submit(1, 1024, t0 + ms(5) + us(100));
    wait(ms(45));
    off_before_job2 = !rig.pd.is_on() && rig.device.status_suspended();
    rig.submit(2, 1024);
  });
  CHECK(off_before_job0);
  CHECK(off_before_job2);
  REQUIRE(rig.jobs.size() == 3);
  const DmaJobRecord& first = rig.jobs[0];
  CHECK(first.latency() == us(181.96));
  CHECK(first.caller_blocked() == us(150));  // the caller sat in get_sync for the chain
  CHECK(first.pm_wait() == us(150));
  CHECK(first.stalled == sc_core::SC_ZERO_TIME);
  CHECK(first.prepare() == us(30));
  CHECK(first.queue() == sc_core::SC_ZERO_TIME);
  CHECK(first.transfer() == us(1.96));
  const DmaJobRecord& warm = rig.jobs[1];
  CHECK(warm.latency() == us(31.96));
  CHECK(warm.pm_wait() == sc_core::SC_ZERO_TIME);
  CHECK(warm.caller_blocked() == sc_core::SC_ZERO_TIME);
  CHECK(rig.jobs[2].latency() == us(181.96));
  CHECK(rig.jobs[2].pm_wait() == us(150));
  for (const DmaJobRecord& job : rig.jobs) check_parts_add_up(job);

  const DmaengineClientStats& s = rig.client.stats();
  CHECK(s.requests == 3);
  CHECK(s.completed == 3);
  CHECK(s.bytes == 3 * 1024);
  CHECK(s.deadline_misses == 1);
  CHECK(s.might_sleep_violations == 0);
  CHECK(s.latency.max() == us(181.96).value());
  CHECK(s.latency.min() == us(31.96).value());
  CHECK(s.pm_wait.sum() == us(300).value());
  CHECK(rig.device.resumes() == 2);
  CHECK(rig.pd.power_on_count() == 2);
  // Late init, after job 1, and after job 2 (the simulation runs until all is idle).
  CHECK(rig.pd.power_off_count() == 3);
  CHECK(rig.device.usage_count() == 0);
  CHECK(rig.core.might_sleep_violations() == 0);
}

TEST_CASE("async returns to the caller at once but the transfer still waits for pm_wq and the chain",
          "[drivers][async]") {
  // Job 0 at t0: prepared at t0 + 30; get() queues the resume and returns 0 at once;
  // submit at t0 + 30; the channel stalls while pm_wq dispatches (W = 20), the noc
  // resumes (10) and the device resumes in its domain (100 + 40): ACTIVE at t0 + 200.
  // Stall = W + C = 170; done at t0 + 201.96: latency 201.96 = 30 + 170 + 1.96.
  // Job 1 at t0 + 40 finds the client free (no get_sync to sit in): prepared at
  // t0 + 70, when the device is RESUMING: get() returns -EINPROGRESS (the reference
  // is kept, the job goes on). It waits in the channel behind job 0 until t0 + 201.96:
  // queue 131.96, no pm_wait of its own; done at t0 + 203.92: latency 163.92.
  DriverRig rig(client_params(ResumePolicy::async, 30));
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(us(40));
    rig.submit(1, 1024);
  });
  REQUIRE(rig.jobs.size() == 2);
  const DmaJobRecord& first = rig.jobs[0];
  CHECK(first.caller_blocked() == sc_core::SC_ZERO_TIME);
  CHECK(first.submitted == t0 + us(30));
  CHECK(first.stalled == us(170));
  CHECK(first.pm_wait() == us(170));
  CHECK(first.latency() == us(201.96));
  const DmaJobRecord& second = rig.jobs[1];
  CHECK(second.started == t0 + us(40));
  CHECK(second.submitted == t0 + us(70));
  CHECK(second.caller_blocked() == sc_core::SC_ZERO_TIME);
  CHECK(second.stalled == sc_core::SC_ZERO_TIME);
  CHECK(second.queue() == us(131.96));
  CHECK(second.latency() == us(163.92));
  for (const DmaJobRecord& job : rig.jobs) check_parts_add_up(job);
  CHECK(rig.client.stats().caller_blocked.max() == 0);
  CHECK(rig.client.stats().might_sleep_violations == 0);
  CHECK(rig.core.might_sleep_violations() == 0);
  CHECK(rig.dmac.channel(0).stats().stall_time == us(170));
  CHECK(rig.device.resumes() == 1);
  CHECK(rig.device.usage_count() == 0);
}

TEST_CASE("irq_safe pins the parent and keeps the domain ON and paying leakage with no might-sleep",
          "[drivers][irq_safe]") {
  // Setup at 0: irq_safe() resumes and pins the noc (get_sync, 10); the late-init
  // power-off at 20 finds an irq-safe device in a normal domain: refused, forever.
  // Job 0 at t0: get_sync from atomic context is legal; the resume skips the parent
  // and the domain power-on: chain = Rr = 40; latency 30 + 40 + 1.96 = 71.96.
  // The controller suspends at t0 + 71.96 us + D + W + Rs = t0 + 20.10196 ms, with
  // no power-off. Over the idle interval [t0 + 30 ms, t0 + 80 ms] the domain pays
  // its ON leakage: 2 mW x 50 ms = 100 uJ (it would pay 50 uW x 50 ms = 2.5 uJ OFF).
  // Job 1 at t0 + 80 ms pays Rr again: 71.96.
  DriverRig rig(client_params(ResumePolicy::irq_safe, 30));
  double idle_energy = -1;
  bool on_at_start = false;
  bool on_at_end = false;
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(ms(30));
    on_at_start = rig.pd.is_on() && rig.device.status_suspended();
    rig.flush_energy();
    const double before = rig.ledger.total("pd").joules;
    wait(ms(50));
    rig.flush_energy();
    idle_energy = rig.ledger.total("pd").joules - before;
    on_at_end = rig.pd.is_on();
    rig.submit(1, 1024);
  });
  CHECK(on_at_start);
  CHECK(on_at_end);
  CHECK(idle_energy == Approx(2e-3 * 50e-3).epsilon(1e-9));
  REQUIRE(rig.jobs.size() == 2);
  CHECK(rig.jobs[0].latency() == us(71.96));
  CHECK(rig.jobs[0].caller_blocked() == us(40));
  CHECK(rig.jobs[1].latency() == us(71.96));
  CHECK(rig.client.pm_context() == CallContext::atomic);
  CHECK(rig.client.stats().might_sleep_violations == 0);
  CHECK(rig.core.might_sleep_violations() == 0);
  CHECK(rig.device.is_irq_safe());
  CHECK(rig.pd.power_off_count() == 0);
  CHECK(rig.pd.power_on_count() == 0);
  CHECK(rig.pd.pinned_by_irq_safe_device());
  CHECK(rig.pd.irq_safe_warnings() == 1);
  CHECK(rig.device.suspends() == 2);  // the device itself still runtime-suspends
  CHECK(rig.device.resumes() == 2);
  CHECK(rig.noc.resumes() == 1);  // pinned at setup
  CHECK(rig.noc.suspends() == 0);
  CHECK(rig.noc.usage_count() == 1);
}

TEST_CASE("always_on resumes once at setup and never powers the domain off", "[drivers][always_on]") {
  // Setup at 0: get_sync from process context: noc 10, the domain is still ON (the
  // late-init power-off at 20 finds the device resuming), resume 40: ACTIVE at 50.
  // Jobs 50 ms apart (far beyond D = 20 ms) never pay a resume: 30 + 1.96 = 31.96.
  DriverRig rig(client_params(ResumePolicy::always_on, 30));
  run_in_thread([&] {
    wait(t0);
    for (int k = 0; k < 3; ++k) {
      rig.submit(k, 1024);
      wait(ms(50));
    }
  });
  REQUIRE(rig.jobs.size() == 3);
  for (const DmaJobRecord& job : rig.jobs) {
    CHECK(job.latency() == us(31.96));
    CHECK(job.pm_wait() == sc_core::SC_ZERO_TIME);
  }
  CHECK(rig.device.resumes() == 1);
  CHECK(rig.device.suspends() == 0);
  CHECK(rig.device.usage_count() == 1);
  CHECK(rig.pd.power_off_count() == 0);
  CHECK(rig.pd.is_on());
}

TEST_CASE("early overlaps the resume with the data preparation", "[drivers][early]") {
  // The helper_thread variant with an instant wakeup (its cost is tested in
  // test_early_resume.cpp): the helper's get_sync starts with the preparation at
  // t0 and ends at t0 + C = 150.
  // - prepare 300 > C: the resume is hidden: 300 + 1.96 = 301.96, pm_wait 0;
  // - prepare 50 < C: the submit waits 100 more: max(50, 150) + 1.96 = 151.96,
  //   pm_wait = caller_blocked = 100 (sync would take the sum: 50 + 150 + 1.96 = 201.96);
  // - async_get, prepare 50: get() at t0, ACTIVE at t0 + W + C = 170; the transfer,
  //   submitted at t0 + 50, stalls 120: max(50, 170) + 1.96 = 171.96.
  const auto helper = [](double prepare_us) {
    DmaengineClientParams params = client_params(ResumePolicy::early, prepare_us);
    params.early_resume = EarlyResume::helper_thread;
    params.helper_wakeup_latency = sc_core::SC_ZERO_TIME;
    return params;
  };
  DriverRig hidden(helper(300), "hidden_");
  DriverRig partial(helper(50), "partial_");
  DriverRig sum(client_params(ResumePolicy::sync, 50), "sum_");
  DmaengineClientParams async_params = client_params(ResumePolicy::early, 50);
  async_params.early_resume = EarlyResume::async_get;
  DriverRig async(async_params, "async_");
  run_in_thread([&] {
    wait(t0);
    for (DriverRig* rig : {&hidden, &partial, &sum, &async}) rig->submit(0, 1024);
  });
  for (DriverRig* rig : {&hidden, &partial, &sum, &async}) {
    REQUIRE(rig->jobs.size() == 1);
    check_parts_add_up(rig->jobs[0]);
    CHECK(rig->device.resumes() == 1);
    CHECK(rig->device.usage_count() == 0);
  }
  CHECK(hidden.jobs[0].latency() == us(301.96));
  CHECK(hidden.jobs[0].pm_wait() == sc_core::SC_ZERO_TIME);
  CHECK(partial.jobs[0].latency() == us(151.96));
  CHECK(partial.jobs[0].pm_wait() == us(100));
  CHECK(partial.jobs[0].caller_blocked() == us(100));
  CHECK(sum.jobs[0].latency() == us(201.96));
  CHECK(async.jobs[0].latency() == us(171.96));
  CHECK(async.jobs[0].stalled == us(120));
  CHECK(async.jobs[0].caller_blocked() == sc_core::SC_ZERO_TIME);
  CHECK(partial.client.stats().might_sleep_violations == 0);
}

TEST_CASE("sync from atomic context counts a might-sleep violation whenever the device is not active",
          "[drivers][sync][might_sleep]") {
  // The same jobs as the sync case: job 0 (SUSPENDED) and job 2 (SUSPENDED again)
  // call get_sync in atomic context on a device that is not irq-safe: 2 violations;
  // job 1 finds it ACTIVE, where the core does not check (might_sleep_if). The
  // model still blocks, so the timing is unchanged.
  DmaengineClientParams params = client_params(ResumePolicy::sync, 30);
  params.pm_context = CallContext::atomic;
  DriverRig rig(params);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(ms(5));
    rig.submit(1, 1024);
    wait(ms(45));
    rig.submit(2, 1024);
  });
  REQUIRE(rig.jobs.size() == 3);
  CHECK(rig.jobs[0].might_sleep);
  CHECK_FALSE(rig.jobs[1].might_sleep);
  CHECK(rig.jobs[2].might_sleep);
  CHECK(rig.jobs[0].latency() == us(181.96));
  CHECK(rig.client.stats().might_sleep_violations == 2);
  CHECK(rig.core.might_sleep_violations() == 2);
  CHECK(rig.device.might_sleep_violations() == 2);
}

TEST_CASE("jobs behind a resuming job count their wait as queue and the parts add up", "[drivers][queue]") {
  // Sync, no preparation; three jobs at t0. Job 0 blocks the client for C = 150 and
  // runs [t0 + 150, t0 + 151.96]. Jobs 1 and 2 start at t0 + 150 (get_sync returns 1)
  // and wait in the channel: job 1 runs until t0 + 153.92 (queue 151.96), job 2
  // until t0 + 155.88 (queue 153.92). A translation probe of 0.5 us per descriptor
  // moves 0.5 us of each transfer into translation.
  DriverRig rig(client_params(ResumePolicy::sync, 0));
  rig.client.set_translation_probe([](const DmaCompletion&) { return DmaengineClient::IommuPathTimes{us(0.5), {}}; });
  run_in_thread([&] {
    wait(t0);
    for (int k = 0; k < 3; ++k) rig.submit(k, 1024);
  });
  REQUIRE(rig.jobs.size() == 3);
  CHECK(rig.jobs[0].pm_wait() == us(150));
  CHECK(rig.jobs[0].queue() == sc_core::SC_ZERO_TIME);
  CHECK(rig.jobs[1].pm_wait() == sc_core::SC_ZERO_TIME);
  CHECK(rig.jobs[1].queue() == us(151.96));
  CHECK(rig.jobs[1].latency() == us(153.92));
  CHECK(rig.jobs[2].queue() == us(153.92));
  CHECK(rig.jobs[2].latency() == us(155.88));
  for (const DmaJobRecord& job : rig.jobs) {
    CHECK(job.translation == us(0.5));
    CHECK(job.transfer() == us(1.46));
    check_parts_add_up(job);
  }
  const DmaengineClientStats& s = rig.client.stats();
  CHECK(s.queue.sum() == us(151.96 + 153.92).value());
  CHECK(s.translation.sum() == us(1.5).value());
  CHECK(s.transfer.sum() == us(3 * 1.46).value());
}

TEST_CASE("time held by a suspended iommu in stall mode is pm_wait, not transfer, and the parts add up",
          "[drivers][queue]") {
  // The job of the case above (blocked 150, then 1.96 in the channel) whose path
  // reports 0.5 us of translation and 0.8 us held by a suspended IOMMU (stall mode,
  // Iommu::suspended_hold_time): the hold is a wait for a resume, so pm_wait is
  // 150 + 0.8 and the transfer 1.96 - 0.5 - 0.8 = 0.66; the latency is unchanged.
  DriverRig rig(client_params(ResumePolicy::sync, 0));
  rig.client.set_translation_probe([](const DmaCompletion&) {
    return DmaengineClient::IommuPathTimes{us(0.5), us(0.8)};
  });
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
  });
  REQUIRE(rig.jobs.size() == 1);
  const DmaJobRecord& job = rig.jobs[0];
  CHECK(job.iommu_held == us(0.8));
  CHECK(job.pm_wait() == us(150.8));
  CHECK(job.caller_blocked() == us(150));
  CHECK(job.translation == us(0.5));
  CHECK(job.transfer() == us(0.66));
  CHECK(job.latency() == us(151.96));
  check_parts_add_up(job);
  CHECK(rig.client.stats().pm_wait.sum() == us(150.8).value());
  CHECK(rig.client.stats().transfer.sum() == us(0.66).value());
}

TEST_CASE("a hold reported beyond the time the descriptor ran is clipped so the parts still add up",
          "[drivers][queue]") {
  DriverRig rig(client_params(ResumePolicy::sync, 0));
  rig.client.set_translation_probe([](const DmaCompletion&) {
    return DmaengineClient::IommuPathTimes{us(0.5), us(5)};
  });
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
  });
  REQUIRE(rig.jobs.size() == 1);
  CHECK(rig.jobs[0].iommu_held == us(1.96));
  CHECK(rig.jobs[0].translation == sc_core::SC_ZERO_TIME);
  CHECK(rig.jobs[0].transfer() == sc_core::SC_ZERO_TIME);
  check_parts_add_up(rig.jobs[0]);
}

TEST_CASE("a 1 us global quantum leaves the async job times unchanged", "[drivers][async][quantum]") {
  // The same two jobs as the async case: the channel runs ahead within its quantum
  // but syncs before its interrupt, so the times are those worked out there.
  tlm::tlm_global_quantum::instance().set(us(1));
  DriverRig rig(client_params(ResumePolicy::async, 30));
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(us(40));
    rig.submit(1, 1024);
  });
  tlm::tlm_global_quantum::instance().set(sc_core::SC_ZERO_TIME);
  REQUIRE(rig.jobs.size() == 2);
  CHECK(rig.jobs[0].latency() == us(201.96));
  CHECK(rig.jobs[0].stalled == us(170));
  CHECK(rig.jobs[1].queue() == us(131.96));
  CHECK(rig.jobs[1].latency() == us(163.92));
}

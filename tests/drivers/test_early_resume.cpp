// The `early` policy's variants (EarlyResume), as the list proposed them for
// pl330: a DL_FLAG_PM_RUNTIME link from the client's own device to the
// controller, a per-stream bracket (the SPI core's auto_runtime_pm), and a
// helper thread that pays its own wakeup. Times in us; the rig's constants are in
// driver_rig.h (resume chain C = Pr + Lon + Rr = 150, X(1 KiB) = 1.96).
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
using T = wakesim::test::RigTimes;

namespace {

const sc_time t0 = ms(1);

DmaengineClientParams early(EarlyResume variant, double prepare_us) {
  DmaengineClientParams params = client_params(ResumePolicy::early, prepare_us);
  params.early_resume = variant;
  return params;
}

}  // namespace

TEST_CASE("pm_runtime_get_sync of the client resumes the controller through rpm_get_suppliers, in the caller",
          "[drivers][early][early_device_link]") {
  // Job at t0, prepare 50. The client's get_sync (no callbacks of its own)
  // resumes its DL_FLAG_PM_RUNTIME supplier first: C = 150, blocked in the
  // caller before the data is produced; then 50 + 1.96: latency 201.96.
  DriverRig rig(early(EarlyResume::device_link, 50));
  sc_time suspended_at;
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(us(300));
    REQUIRE(rig.jobs.size() == 1);
    // The link holds the controller while the client is active.
    CHECK(rig.client.client_device()->status() == RpmStatus::active);
    CHECK(rig.device.status() == RpmStatus::active);
    CHECK(rig.device.usage_count() == 1);  // the link's reference (rpm_active - 1)
    // The client autosuspends 20 ms after its last put; the link then queues an
    // idle for the controller (pm_wq W), which has no autosuspend of its own and
    // suspends: Rs, then genpd_runtime_suspend powers its domain off in the same
    // call (Loff): at t_done + 20 ms + W (client's suspend work) + W + Rs + Loff.
    while (rig.device.status() != RpmStatus::suspended) wait(rig.device.status_changed_event());
    suspended_at = sc_core::sc_time_stamp();
  });
  const DmaJobRecord& job = rig.jobs.at(0);
  const sc_time done = t0 + us(T::C + 50 + T::X(1024));
  CHECK(job.caller_blocked() == us(T::C));
  CHECK(job.blocked_before_prepare == us(T::C));
  CHECK(job.prepare() == us(50));
  CHECK(job.latency() == us(T::C + 50 + T::X(1024)));
  check_parts_add_up(job);
  CHECK(suspended_at == done + ms(20) + us(T::W + T::W + T::Rs + T::Loff));
  CHECK(rig.device.resumes() == 1);
  CHECK(rig.client.client_device()->resumes() == 1);
  CHECK(rig.client.stats().might_sleep_violations == 0);
  CHECK_FALSE(rig.device.is_irq_safe());
}

TEST_CASE("spi_pump_messages' bracket pays the resume once per stream, not per job", "[drivers][early][early_stream]") {
  // Jobs at t0, t0 + 30 ms, t0 + 60 ms; the controller's autosuspend is 20 ms.
  // - gap 0 (the SPI core: the stream stops when the queue empties): each job
  //   starts a stream after the controller suspended: 3 resumes, each blocked C;
  // - gap 50 ms: one stream from t0 to 50 ms after the last job: 1 resume, only
  //   the first job blocked C, the controller held in between.
  DmaengineClientParams per_queue = early(EarlyResume::stream, 0);
  DmaengineClientParams held = early(EarlyResume::stream, 0);
  held.stream_idle_gap = ms(50);
  DriverRig spi(per_queue, "spi_");
  DriverRig pcm(held, "pcm_");
  bool open_between = false;
  run_in_thread([&] {
    wait(t0);
    for (int k = 0; k < 3; ++k) {
      for (DriverRig* rig : {&spi, &pcm}) rig->submit(k, 1024);
      wait(ms(15));
      if (k == 0) open_between = pcm.client.stream_open() && !spi.client.stream_open();
      wait(ms(15));
    }
    wait(ms(100));
  });
  CHECK(open_between);
  REQUIRE(spi.jobs.size() == 3);
  REQUIRE(pcm.jobs.size() == 3);
  CHECK(spi.device.resumes() == 3);
  CHECK(pcm.device.resumes() == 1);
  for (const DmaJobRecord& job : spi.jobs) CHECK(job.caller_blocked() == us(T::C));
  CHECK(pcm.jobs[0].caller_blocked() == us(T::C));
  CHECK(pcm.jobs[1].caller_blocked() == sc_core::SC_ZERO_TIME);
  CHECK(pcm.jobs[2].caller_blocked() == sc_core::SC_ZERO_TIME);
  for (DriverRig* rig : {&spi, &pcm}) {
    for (const DmaJobRecord& job : rig->jobs) check_parts_add_up(job);
    // Every stream's reference was dropped: both controllers end suspended.
    CHECK_FALSE(rig->client.stream_open());
    CHECK(rig->device.usage_count() == 0);
    CHECK(rig->device.status() == RpmStatus::suspended);
  }
}

TEST_CASE("early helper_thread pays the helper's wakeup before its get_sync", "[drivers][early]") {
  // Prepare 50, helper wakeup 20: the helper's get_sync runs [t0 + 20, t0 + 170];
  // the submit at t0 + 50 waits 120 (100 without the wakeup): latency 171.96.
  DmaengineClientParams params = early(EarlyResume::helper_thread, 50);
  params.helper_wakeup_latency = us(20);
  DriverRig rig(params);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
  });
  REQUIRE(rig.jobs.size() == 1);
  CHECK(rig.jobs[0].caller_blocked() == us(120));
  CHECK(rig.jobs[0].latency() == us(20 + T::C + T::X(1024)));
  check_parts_add_up(rig.jobs[0]);
}

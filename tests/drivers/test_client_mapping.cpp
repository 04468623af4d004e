// Buffer mapping of a dmaengine client through its BufferMapper: once at probe,
// or per job with an unmap that waits unmap_delay and is cancelled by a new job
// (driver_rig.h: the resume chain C = 150 us, a 1 KiB transfer X = 1.96 us).
// The mapper here is a stand-in that takes fixed times: map M = 5 us, unmap
// U = 3 us, and logs when it was called.
#include <catch2/catch.hpp>

#include <vector>

#include "driver_rig.h"
#include "support/run_in_thread.h"
#include "wakesim/drivers/buffer_mapper.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::wait;
using wakesim::test::client_params;
using wakesim::test::DriverRig;
using wakesim::test::ms;
using wakesim::test::run_in_thread;
using wakesim::test::us;

namespace {

const sc_time t0 = ms(1);

class TimedMapper : public BufferMapper {
 public:
  int probe(CallContext) override {
    probes.push_back(sc_core::sc_time_stamp());
    return 0;
  }
  int map_buffers(CallContext context) override {
    contexts.push_back(context);
    wait(us(5));
    maps.push_back(sc_core::sc_time_stamp());
    return fail_maps ? -ENOMEM : 0;
  }
  int unmap_buffers(CallContext context) override {
    contexts.push_back(context);
    wait(us(3));
    unmaps.push_back(sc_core::sc_time_stamp());
    return 0;
  }

  bool fail_maps = false;
  std::vector<sc_time> probes, maps, unmaps;  // when each call ended
  std::vector<CallContext> contexts;
};

DmaengineClientParams per_job(double unmap_delay_us) {
  DmaengineClientParams params = client_params(ResumePolicy::sync, 0);
  params.mapping = BufferMapping::per_job;
  params.unmap_delay = us(unmap_delay_us);
  return params;
}

}  // namespace

TEST_CASE("at_probe maps once at setup and never unmaps", "[drivers][mapping]") {
  DriverRig rig(client_params(ResumePolicy::sync, 0));
  TimedMapper mapper;
  rig.client.set_buffer_mapper(&mapper);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(ms(1));
    rig.submit(1, 1024);
  });
  REQUIRE(rig.jobs.size() == 2);
  CHECK(mapper.probes == std::vector<sc_time>{sc_core::SC_ZERO_TIME});
  CHECK(mapper.maps == std::vector<sc_time>{us(5)});
  CHECK(mapper.unmaps.empty());
  CHECK(rig.jobs[0].caller_blocked() == us(150));  // the chain only: mapped long before
  CHECK(rig.client.stats().maps == 1);
  CHECK(rig.client.stats().unmaps == 0);
}

TEST_CASE("per_job maps before the get and reuses the mapping until unmap_delay after the last job",
          "[drivers][mapping]") {
  // Job 0 at t0: map 5, get_sync 150, transfer 1.96: done at t0 + 156.96 us; the
  // unmap is due 2 ms later. Job 1 at t0 + 1 ms reuses the mapping (warm: done
  // at t0 + 1001.96) and moves the unmap to t0 + 3001.96, which ends 3 later.
  // Job 2 at t0 + 10 ms maps again (5; the controller is still active: its 20 ms
  // autosuspend) and its unmap ends at t0 + 10 ms + 6.96 + 2000 + 3.
  DriverRig rig(per_job(2000));
  TimedMapper mapper;
  rig.client.set_buffer_mapper(&mapper);
  bool mapped_between = false;
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(ms(1));
    rig.submit(1, 1024);
    wait(ms(3));
    mapped_between = rig.client.buffers_mapped();
    wait(ms(6));
    rig.submit(2, 1024);
  });
  REQUIRE(rig.jobs.size() == 3);
  CHECK(mapper.maps == std::vector<sc_time>{t0 + us(5), t0 + ms(10) + us(5)});
  CHECK(mapper.unmaps == std::vector<sc_time>{t0 + us(3001.96 + 3), t0 + ms(10) + us(6.96 + 2000 + 3)});
  CHECK_FALSE(mapped_between);
  CHECK(rig.jobs[0].caller_blocked() == us(5 + 150));
  CHECK(rig.jobs[1].caller_blocked() == sc_core::SC_ZERO_TIME);
  CHECK(rig.jobs[2].caller_blocked() == us(5));
  CHECK(rig.jobs[0].pm_wait() == us(155));
  for (CallContext context : mapper.contexts) CHECK(context == CallContext::process);
  CHECK(rig.client.stats().maps == 2);
  CHECK(rig.client.stats().unmaps == 2);
  CHECK(rig.client.stats().completed == 3);
}

TEST_CASE("a job that finds the unmap running waits for it and maps again", "[drivers][mapping]") {
  // unmap_delay 0: job 0 done at F = t0 + 156.96, its unmap runs [F, F + 3].
  // Job 1 at F + 1 waits 2 for the unmap, maps 5, and finds the controller
  // active: caller_blocked 7.
  DriverRig rig(per_job(0));
  TimedMapper mapper;
  rig.client.set_buffer_mapper(&mapper);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(us(156.96 + 1));
    rig.submit(1, 1024);
  });
  REQUIRE(rig.jobs.size() == 2);
  const sc_time finished0 = t0 + us(156.96);
  CHECK(rig.jobs[0].finished == finished0);
  CHECK(mapper.unmaps.front() == finished0 + us(3));
  CHECK(mapper.maps == std::vector<sc_time>{t0 + us(5), finished0 + us(8)});
  CHECK(rig.jobs[1].caller_blocked() == us(7));
  CHECK(rig.client.stats().unmaps == 2);
}

TEST_CASE("a failed per-job map fails the job without DMA or runtime PM", "[drivers][mapping]") {
  DriverRig rig(per_job(0));
  TimedMapper mapper;
  mapper.fail_maps = true;
  rig.client.set_buffer_mapper(&mapper);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
  });
  REQUIRE(rig.jobs.size() == 1);
  CHECK_FALSE(rig.jobs[0].ok());
  CHECK(rig.jobs[0].map_failed);
  CHECK(rig.jobs[0].cookie == 0);
  CHECK(rig.device.resumes() == 0);
  CHECK(rig.client.stats().map_errors == 1);
  CHECK(rig.client.stats().errors == 1);
  CHECK(mapper.unmaps.empty());
}

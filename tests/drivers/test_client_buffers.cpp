// Buffers, rejected jobs and failures of a dmaengine client (driver_rig.h: the
// resume chain C = 150 us, a transfer of B bytes X = 0.2 + 0.11 B / 64 us).
#include <catch2/catch.hpp>

#include <stdexcept>

#include "driver_rig.h"
#include "support/run_in_thread.h"

using namespace wakesim;
using sc_core::sc_time;
using sc_core::wait;
using wakesim::test::client_params;
using wakesim::test::DriverRig;
using wakesim::test::kDestinationBase;
using wakesim::test::kSourceBase;
using wakesim::test::ms;
using wakesim::test::run_in_thread;
using wakesim::test::us;

namespace {

const sc_time t0 = ms(1);
constexpr std::uint64_t KiB = 1024;

// A 48 KiB source and the 64 KiB destination.
DmaengineClientParams small_source(OversizeJob oversize) {
  DmaengineClientParams params = client_params(ResumePolicy::sync, 0);
  params.source.size = ByteSize{48 * KiB};
  params.oversize = oversize;
  return params;
}

}  // namespace

TEST_CASE("a job larger than its regions wraps around each region as one scatter-gather descriptor",
          "[drivers][buffers]") {
  // 100 KiB from a 48 KiB source into a 64 KiB destination: segments (src, dst, len)
  // = (0, 0, 48K), (0, 48K, 16K), (16K, 0, 32K), (0, 32K, 4K). The destination ends
  // with dst[0, 32K) = src[16K, 48K), dst[32K, 36K) = src[0, 4K), dst[36K, 48K) =
  // src[36K, 48K), dst[48K, 64K) = src[0, 16K). 1600 bursts, one setup:
  // X = 0.2 + 1600 x 0.11 = 176.2; latency = C + X = 326.2.
  DriverRig rig(small_source(OversizeJob::wrap));
  rig.fill_source(48 * KiB);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 100 * KiB);
  });
  REQUIRE(rig.jobs.size() == 1);
  CHECK(rig.jobs[0].wrapped);
  CHECK(rig.jobs[0].bytes == 100 * KiB);
  CHECK(rig.jobs[0].latency() == us(326.2));
  CHECK(rig.client.stats().wrapped == 1);
  CHECK(rig.client.stats().bytes == 100 * KiB);
  CHECK(rig.dmac.channel(0).stats().setups == 1);
  auto dst = [&](std::uint64_t offset) { return rig.byte(kDestinationBase + offset); };
  auto src = [](std::uint64_t offset) { return DriverRig::source_byte(offset); };
  CHECK(dst(0) == src(16 * KiB));
  CHECK(dst(32 * KiB - 1) == src(48 * KiB - 1));
  CHECK(dst(32 * KiB) == src(0));
  CHECK(dst(36 * KiB - 1) == src(4 * KiB - 1));
  CHECK(dst(36 * KiB) == src(36 * KiB));
  CHECK(dst(48 * KiB - 1) == src(48 * KiB - 1));
  CHECK(dst(48 * KiB) == src(0));
  CHECK(dst(64 * KiB - 1) == src(16 * KiB - 1));
  CHECK(rig.byte(kDestinationBase + 64 * KiB) == 0);  // nothing past the region
}

TEST_CASE("with reject an oversize or empty job is refused without any runtime PM call", "[drivers][buffers]") {
  // The 100 KiB job (with a deadline) and an empty job are refused at the request;
  // a 48 KiB job fits and runs: C + 0.2 + 768 x 0.11 = 150 + 84.68 = 234.68.
  DriverRig rig(small_source(OversizeJob::reject));
  bool untouched = false;
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 100 * KiB, t0 + ms(1));
    rig.submit(1, 0);
    wait(ms(1));
    untouched = rig.device.resumes() == 0 && rig.device.usage_count() == 0 && rig.jobs.empty();
    rig.submit(2, 48 * KiB);
  });
  CHECK(untouched);
  const DmaengineClientStats& s = rig.client.stats();
  CHECK(s.requests == 3);
  CHECK(s.rejected == 2);
  CHECK(s.deadline_misses == 1);
  CHECK(s.completed == 1);
  CHECK(s.wrapped == 0);
  REQUIRE(rig.jobs.size() == 1);
  CHECK(rig.jobs[0].request.id == 2);
  CHECK(rig.jobs[0].latency() == us(234.68));
}

TEST_CASE("empty overlapping or out-of-range regions and a missing channel are refused", "[drivers][buffers]") {
  DriverRig rig(client_params(ResumePolicy::sync, 0));
  DmaengineClientParams empty = client_params(ResumePolicy::sync, 0);
  empty.destination.size = ByteSize{0};
  CHECK_THROWS_AS(DmaengineClient("bad1", rig.dmac, 1, empty), std::invalid_argument);
  DmaengineClientParams overlapping = client_params(ResumePolicy::sync, 0);
  overlapping.destination.base = kSourceBase + 4 * KiB;
  CHECK_THROWS_AS(DmaengineClient("bad2", rig.dmac, 1, overlapping), std::invalid_argument);
  DmaengineClientParams wrapping = client_params(ResumePolicy::sync, 0);
  wrapping.destination.base = ~std::uint64_t{0} - 100;
  CHECK_THROWS_AS(DmaengineClient("bad3", rig.dmac, 1, wrapping), std::invalid_argument);
  CHECK_THROWS_AS(DmaengineClient("bad4", rig.dmac, 2, client_params(ResumePolicy::sync, 0)), std::invalid_argument);
}

TEST_CASE("async in fail mode fails the job and still drops its reference", "[drivers][async][errors]") {
  // Submitted at t0 while the controller is SUSPENDED: the channel fails it at once
  // (DmaError::controller_suspended); the put at the interrupt balances the get. The
  // queued resume still runs (ACTIVE at t0 + 170) and autosuspend follows.
  DriverRig rig(client_params(ResumePolicy::async, 0), "", DmaWhenSuspended::fail);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024, t0 + ms(1));
  });
  REQUIRE(rig.jobs.size() == 1);
  CHECK_FALSE(rig.jobs[0].ok());
  CHECK(rig.jobs[0].error == DmaError::controller_suspended);
  CHECK(rig.jobs[0].finished == t0);
  const DmaengineClientStats& s = rig.client.stats();
  CHECK(s.errors == 1);
  CHECK(s.pm_errors == 0);
  CHECK(s.completed == 0);
  CHECK(s.deadline_misses == 1);
  CHECK(s.latency.empty());
  CHECK(rig.device.usage_count() == 0);
  CHECK(rig.device.resumes() == 1);
  CHECK(rig.device.status_suspended());
}

TEST_CASE("a failed resume fails the job without DMA and undoes the usage count", "[drivers][sync][errors]") {
  // The driver's resume fails: noc 10 + domain on 100 + resume 40, then genpd powers
  // the domain off again (50): get_sync returns -EIO at t0 + 200. The device keeps
  // runtime_error (-EIO), so the next get_sync fails at once with -EINVAL (RPM-08).
  DriverRig rig(client_params(ResumePolicy::sync, 0));
  rig.dma_driver.fail_next_resume(-EIO);
  run_in_thread([&] {
    wait(t0);
    rig.submit(0, 1024);
    wait(ms(1));
    rig.submit(1, 1024);
  });
  REQUIRE(rig.jobs.size() == 2);
  CHECK(rig.jobs[0].pm_failed);
  CHECK(rig.jobs[0].finished == t0 + us(200));
  CHECK(rig.jobs[1].pm_failed);
  CHECK(rig.jobs[1].finished == t0 + ms(1));
  CHECK(rig.client.stats().pm_errors == 2);
  CHECK(rig.client.stats().errors == 2);
  CHECK(rig.dmac.channel(0).stats().setups == 0);
  CHECK(rig.device.usage_count() == 0);
  CHECK(rig.device.runtime_error() == -EIO);  // kept from the failed callback
}

namespace {

JobRequest at_offset(DriverRig& rig, std::uint64_t bytes, std::uint64_t offset, JobDirection direction) {
  JobRequest request = rig.job(0, bytes);
  request.offset = offset;
  request.direction = direction;
  return request;
}

}  // namespace

TEST_CASE("a copy job at an offset starts there in both regions and wraps at the source's end",
          "[drivers][buffers][address]") {
  // 8 KiB from offset 44 KiB of the 48 KiB source into the 64 KiB destination:
  // segments (src, dst, len) = (44K, 44K, 4K), (0, 48K, 4K); nothing before 44 KiB
  // of the destination is written.
  DriverRig rig(small_source(OversizeJob::wrap));
  rig.fill_source(48 * KiB);
  run_in_thread([&] {
    wait(t0);
    rig.client.request(at_offset(rig, 8 * KiB, 44 * KiB, JobDirection::copy));
  });
  REQUIRE(rig.jobs.size() == 1);
  CHECK(rig.jobs[0].ok());
  CHECK(rig.jobs[0].wrapped);
  auto dst = [&](std::uint64_t offset) { return rig.byte(kDestinationBase + offset); };
  auto src = [](std::uint64_t offset) { return DriverRig::source_byte(offset); };
  CHECK(dst(44 * KiB) == src(44 * KiB));
  CHECK(dst(48 * KiB - 1) == src(48 * KiB - 1));
  CHECK(dst(48 * KiB) == src(0));
  CHECK(dst(52 * KiB - 1) == src(4 * KiB - 1));
  CHECK(dst(44 * KiB - 1) == 0);  // before the offset: untouched
  CHECK(dst(52 * KiB) == 0);      // past the job
}

TEST_CASE("64 B bursts from source + offset, no write",
          "[drivers][buffers][address][a_read_job_at_an_offset_only_reads_memory]") {
  // DMA_MEM_TO_DEV: 1 KiB from offset 4 KiB, 16 bursts of 64 B read, none written.
  DriverRig rig(client_params(ResumePolicy::sync, 0));
  run_in_thread([&] {
    wait(t0);
    rig.client.request(at_offset(rig, 1 * KiB, 4 * KiB, JobDirection::read));
  });
  REQUIRE(rig.jobs.size() == 1);
  CHECK(rig.jobs[0].ok());
  CHECK_FALSE(rig.jobs[0].wrapped);
  CHECK(rig.jobs[0].bytes == 1 * KiB);
  CHECK(rig.dram.stats().reads == 16);
  CHECK(rig.dram.stats().writes == 0);
}

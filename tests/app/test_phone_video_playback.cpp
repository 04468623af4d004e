// The phone-like use case (scenarios/phone_video_playback.yaml on
// platforms/phone_like.yaml, docs/phone.md): one second of video playback with
// the screen on, checked against the job counts, byte counts and power-state
// consequences a hand calculation gives from the two files.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "support/wakesim_process.h"

using nlohmann::json;

namespace {

constexpr std::uint64_t kUiLayerBytes = 1080ull * 2400 * 4;         // ARGB8888
constexpr std::uint64_t kVideoFrameBytes = 1920ull * 1080 * 3 / 2;  // NV12
constexpr std::uint64_t kControlsBytes = 1080ull * 200 * 4;         // ARGB8888

const json& playback_report() {
  static const json report = wakesim::test::run_report("scenarios/phone_video_playback.yaml", "phone");
  return report;
}

}  // namespace

TEST_CASE("a second of playback completes every frame, decode, redraw and audio period on time", "[app][phone][slow]") {
  const json& report = playback_report();
  CHECK(report["safety"]["safe"] == true);
  const json& clients = report["metrics"]["clients"];
  // 60 vsyncs at k x 16.666667 ms, k = 0..59; 30 decodes from 1 ms every 33.333333 ms;
  // 4 redraws from 5 ms every 250 ms; 50 audio periods of 20 ms.
  CHECK(clients["ui_layer"]["completed"] == 60);
  CHECK(clients["video_layer"]["completed"] == 60);
  CHECK(clients["video_decode"]["completed"] == 30);
  CHECK(clients["ui_render"]["completed"] == 4);
  CHECK(clients["audio"]["completed"] == 50);
  for (const auto& [name, client] : clients.items()) {
    INFO(name);
    CHECK(client["deadline_misses"] == 0);
    CHECK(client["errors"] == 0);
    CHECK(client["might_sleep_violations"] == 0);
  }
}

TEST_CASE("the display fetches both layers every vsync: 60 x (10368000 + 3110400) B through its SMMU",
          "[app][phone][slow]") {
  const json& metrics = playback_report()["metrics"];
  CHECK(metrics["clients"]["ui_layer"]["throughput"]["bytes_per_second"].get<double>() == Approx(60.0 * kUiLayerBytes));
  CHECK(metrics["clients"]["video_layer"]["throughput"]["bytes_per_second"].get<double>() ==
        Approx(60.0 * kVideoFrameBytes));
  // 256 B bursts (mdss burst_size): 3,159,000 through the display's SMMU onto mm_noc.
  CHECK(metrics["bus"]["segments"]["mm_noc"]["initiators"]["mdss_smmu/out"]["transactions"] ==
        60 * (kUiLayerBytes + kVideoFrameBytes) / 256);
  // Fetching the UI layer takes at least its bytes over both channels' peak,
  // 10,368,000 B / (2 x 6.4 GB/s) = 810 us, and must end within the frame.
  const double fetch_us = metrics["clients"]["ui_layer"]["latency"]["p50_us"].get<double>();
  CHECK(fetch_us >= kUiLayerBytes / 12.8e3);
  CHECK(fetch_us < 16666.667);
}

TEST_CASE("the two interleaved DRAM channels carry the playback's traffic evenly", "[app][phone][slow]") {
  const json& memory = playback_report()["metrics"]["memory"];
  const double read0 = memory["channels"]["0"]["bytes_read"].get<double>();
  const double read1 = memory["channels"]["1"]["bytes_read"].get<double>();
  const double written0 = memory["channels"]["0"]["bytes_written"].get<double>();
  const double written1 = memory["channels"]["1"]["bytes_written"].get<double>();
  CHECK(read0 + read1 == memory["bytes_read"].get<double>());
  CHECK(std::abs(read0 - read1) / (read0 + read1) < 0.005);
  CHECK(std::abs(written0 - written1) / (written0 + written1) < 0.005);
  // Everything the masters read reaches a channel (the page-table reads that hit
  // the system cache excepted): at least display, decode, redraw and audio.
  const double dma_reads =
      60.0 * (kUiLayerBytes + kVideoFrameBytes) + 30.0 * kVideoFrameBytes + 4.0 * kControlsBytes + 50.0 * 3840;
  CHECK(read0 + read1 >= dma_reads);
  CHECK(read0 + read1 < dma_reads * 1.001);
  // Writes: the decoded frames, the redrawn controls and the modem's 8 KiB packets.
  const json& clients = playback_report()["metrics"]["clients"];
  CHECK(written0 + written1 ==
        30.0 * kVideoFrameBytes + 4.0 * kControlsBytes + clients["modem"]["completed"].get<double>() * 8192);
}

TEST_CASE("the unused camera's domain is powered off at boot and stays off", "[app][phone][slow]") {
  // The camera ISP has no client: its controller probes and suspends, so
  // genpd_power_off_unused() powers titan_top_gdsc off at boot, for good.
  const json& metrics = playback_report()["metrics"];
  const json& camera = metrics["power"]["domains"]["titan_top_gdsc"];
  CHECK(camera["power_off_count"] == 1);
  CHECK(camera["power_on_count"] == 0);
  CHECK(camera["on_time_us"].get<double>() < 1000.0);
  CHECK(metrics["iommus"]["cam_smmu"]["resumes"] == 0);
  // The display stays on for the whole second (always_on: the DRM driver's reference).
  CHECK(metrics["power"]["domains"]["mdss_gdsc"]["power_off_count"] == 0);
}

TEST_CASE("the GPU suspends between redraws 250 ms apart and the decoder stays up through its 2 s autosuspend",
          "[app][phone][slow]") {
  const json& devices = playback_report()["metrics"]["power"]["devices"];
  // 250 ms between redraws exceeds DRM_MSM_INACTIVE_PERIOD (66 ms): every redraw resumes the GPU.
  CHECK(devices["gpu_rpm"]["resumes"] == 4);
  CHECK(devices["gpu_rpm"]["suspends"] == 4);
  // 33 ms between decodes is within venus's 2 s autosuspend: one resume, no suspend.
  CHECK(devices["venus_rpm"]["resumes"] == 1);
  CHECK(devices["venus_rpm"]["suspends"] == 0);
}

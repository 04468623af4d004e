// A saturating closed-loop read stream with no IOMMU against the interconnect's
// closed form (tests/data/stream/stream{_platform,}.yaml).
//
// The bus moves W = 16 B per cycle at f = 400 MHz: a 64 B burst holds the DRAM's
// port for 4 cycles = 10 ns, so at most W x f = 6.4 GB/s crosses it. Everything
// else is wider: the DRAM moves 25.6 GB/s, and the controller keeps 16 bursts in
// flight, each back after about 10 + 5 (hop) + 25 (DRAM) + 2.5 ns = 42.5 ns, so
// 16 x 64 B / 42.5 ns = 24 GB/s could be asked of the bus. A read job
// (DMA_MEM_TO_DEV) crosses the bus once (memory reads only), with no setup time:
// a 64 KiB job takes 1024 x 10 ns = 10.24 us of bus time plus the last burst's
// 32.5 ns tail, and the stream's second outstanding job is queued behind it, so
// jobs complete every P = 10.2725 us: 65536 B / P = 6.380 GB/s, 0.32 % below W x f.
// Over the measured 4 ms (warm-up 100 us) about 389 jobs complete; counting
// whole jobs at their completion errs by at most one job, P / 4 ms = 0.26 %.
// So the measured throughput is within 1 % of W x f (closed form: 0.32 % +- 0.26 %).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/wakesim_process.h"

using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;
using wakesim::test::source_path;

namespace {

nlohmann::json run_report(const std::string& scenario, const std::vector<std::string>& overrides = {}) {
  const auto out = fresh_directory("stream");
  const auto outcome = run_wakesim(source_path(scenario), out, overrides);
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  std::ifstream file(out / "report.json");
  nlohmann::json report = nlohmann::json::parse(file);
  std::filesystem::remove_all(out);
  return report;
}

constexpr double kBusBytesPerSecond = 16.0 * 400e6;  // W x f

}  // namespace

TEST_CASE("a saturating read stream with no IOMMU reaches the bus width x clock within 1 percent", "[app][stream]") {
  const nlohmann::json report = run_report("tests/data/stream/stream.yaml");
  const nlohmann::json& reader = report["metrics"]["clients"]["reader"];
  const double measured = reader["throughput"]["bytes_per_second"].get<double>();
  INFO("measured " << measured << " B/s");
  CHECK(measured == Approx(kBusBytesPerSecond).epsilon(0.01));
  CHECK(measured <= kBusBytesPerSecond * 1.003);  // one job of quantisation above, at most
  // The closed form of the period: P = 1024 x 10 ns + 32.5 ns per 64 KiB job.
  const double period_s = 1024 * 10e-9 + 32.5e-9;
  CHECK(reader["throughput"]["jobs_per_second"].get<double>() == Approx(1.0 / period_s).epsilon(0.005));
  CHECK(reader["errors"].get<std::uint64_t>() == 0);
}

TEST_CASE("a copy stream crosses the bus twice and reaches half of width x clock", "[app][stream]") {
  // The same jobs as copies: each burst is read, then written, both through the
  // DRAM's one bus port: 2 x 10 ns of port time per 64 B, so at most W x f / 2.
  const nlohmann::json report =
      run_report("tests/data/stream/stream.yaml", {"scenario.clients.0.workload.direction=copy"});
  const double measured = report["metrics"]["clients"]["reader"]["throughput"]["bytes_per_second"].get<double>();
  INFO("measured " << measured << " B/s");
  CHECK(measured == Approx(kBusBytesPerSecond / 2).epsilon(0.01));
}

// scripts/plot.py renders its plots from real wakesim output (Debian's
// /usr/bin/python3 with python3-matplotlib, which scripts/setup.sh installs).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "support/wakesim_process.h"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using wakesim::test::fresh_directory;
using wakesim::test::run_wakesim;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int plot(const std::string& arguments) {
  const std::string command =
      "/usr/bin/python3 " + shell_quoted(source_path("scripts/plot.py")) + " " + arguments + " >/dev/null";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct PlotOutcome {
  int exit_code;
  std::string errors;  // stderr
};

// plot.py ARGUMENTS with its stderr kept (stdout discarded).
PlotOutcome plot_with_errors(const std::string& arguments) {
  const fs::path errors_file = fs::temp_directory_path() / ("wakesim-plot-stderr-" + std::to_string(::getpid()));
  const std::string command = "/usr/bin/python3 " + shell_quoted(source_path("scripts/plot.py")) + " " + arguments +
                              " >/dev/null 2>" + shell_quoted(errors_file.string());
  const int status = std::system(command.c_str());
  const std::string errors = slurp(errors_file);
  fs::remove(errors_file);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, errors};
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// tests/data/sweeps/small.yaml swept into `out` (8 points of 200 ms).
void sweep_small(const fs::path& out) {
  const auto sweep = run_wakesim_args("sweep " + shell_quoted(source_path("tests/data/sweeps/small.yaml")) + " --out " +
                                      shell_quoted(out.string()));
  INFO(sweep.errors);
  REQUIRE(sweep.exit_code == 0);
}

// A PNG starts with its signature; an SVG is XML with an <svg> element.
void check_images(const fs::path& prefix) {
  const std::string png = slurp(prefix.string() + ".png");
  CHECK(png.size() > 5000);
  CHECK_THAT(png, StartsWith("\x89PNG\r\n\x1a\n"));
  const std::string svg = slurp(prefix.string() + ".svg");
  CHECK_THAT(svg, Contains("<svg"));
  CHECK_THAT(svg, Contains("</svg>"));
}

}  // namespace

TEST_CASE("the Pareto plot of a sweep and the latency CDFs of runs render to PNG and SVG", "[app][plot][slow]") {
  const fs::path dir = fresh_directory("plot");
  REQUIRE(run_wakesim_args("sweep " + shell_quoted(source_path("tests/data/sweeps/small.yaml")) + " --out " +
                           shell_quoted((dir / "sweep").string()))
              .exit_code == 0);
  REQUIRE(plot("pareto " + shell_quoted((dir / "sweep").string())) == 0);
  check_images(dir / "sweep" / "pareto");
  const std::string scenario = source_path("scenarios/pl330_periodic.yaml");
  REQUIRE(run_wakesim(scenario, dir / "sync").exit_code == 0);
  REQUIRE(run_wakesim(scenario, dir / "irq", {"scenario.clients.0.policy=irq_safe"}).exit_code == 0);
  REQUIRE(plot("cdf " + shell_quoted((dir / "sync").string()) + " " + shell_quoted((dir / "irq").string()) + " --out " +
               shell_quoted((dir / "cdf").string())) == 0);
  check_images(dir / "cdf");
  CHECK_THAT(slurp(dir / "cdf.svg"), Contains("irq_safe"));
  // A directory without results is refused with a message, not a traceback.
  CHECK(plot("pareto " + shell_quoted(dir.string()) + " 2>/dev/null") == 2);
  fs::remove_all(dir);
}

TEST_CASE("the power-state timeline of a traced run renders to PNG and SVG", "[app][plot]") {
  const fs::path dir = fresh_directory("plot-timeline");
  const auto run = run_wakesim_args("run " + shell_quoted(source_path("scenarios/msm_gpu_unmap.yaml")) + " --out " +
                                    shell_quoted(dir.string()) + " --quiet --trace --trace-window 250ms:500ms");
  INFO(run.errors);
  REQUIRE(run.exit_code == 0);
  REQUIRE(plot("timeline " + shell_quoted(dir.string())) == 0);
  check_images(dir / "timeline");
  // An untraced run has no trace.json: refused with a message.
  const fs::path plain = fresh_directory("plot-untraced");
  REQUIRE(run_wakesim(source_path("scenarios/pl330_periodic.yaml"), plain).exit_code == 0);
  CHECK(plot("timeline " + shell_quoted(plain.string()) + " 2>/dev/null") == 2);
  fs::remove_all(dir);
  fs::remove_all(plain);
}

TEST_CASE("refuses a run without a trace, report or results in one line with the command, exit 2", "[app][plot]") {
  const fs::path plain = fresh_directory("plot-no-trace");
  REQUIRE(run_wakesim(source_path("scenarios/pl330_periodic.yaml"), plain).exit_code == 0);
  REQUIRE(fs::exists(plain / "report.json"));
  REQUIRE_FALSE(fs::exists(plain / "trace.json"));
  const PlotOutcome timeline = plot_with_errors("timeline " + shell_quoted(plain.string()));
  CHECK(timeline.exit_code == 2);
  CHECK(timeline.errors == "plot.py: " + plain.string() + "/trace.json: no trace; run wakesim run ... --out " +
                               plain.string() + " --trace\n");
  CHECK_FALSE(fs::exists(plain / "timeline.png"));
  // A run directory is not a sweep: no results.csv.
  const PlotOutcome pareto = plot_with_errors("pareto " + shell_quoted(plain.string()));
  CHECK(pareto.exit_code == 2);
  CHECK_THAT(pareto.errors, StartsWith("plot.py: " + plain.string() + "/results.csv: no results; run wakesim sweep"));
  CHECK_THAT(pareto.errors, !Contains("Traceback"));
  // A directory that holds no run: no report.json.
  const fs::path empty = fresh_directory("plot-no-report");
  fs::create_directories(empty);
  const PlotOutcome cdf = plot_with_errors("cdf " + shell_quoted(plain.string()) + " " + shell_quoted(empty.string()));
  CHECK(cdf.exit_code == 2);
  CHECK(cdf.errors ==
        "plot.py: " + empty.string() + "/report.json: no report; run wakesim run ... --out " + empty.string() + "\n");
  fs::remove_all(plain);
  fs::remove_all(empty);
}

TEST_CASE("timeline --range draws START to END in a readable unit and refuses a bad range", "[app][plot]") {
  const fs::path dir = fresh_directory("plot-range");
  const auto run = run_wakesim_args("run " + shell_quoted(source_path("scenarios/pl330_periodic.yaml")) + " --out " +
                                    shell_quoted(dir.string()) + " --quiet --trace");
  INFO(run.errors);
  REQUIRE(run.exit_code == 0);
  // The whole 1 s run reads in seconds, its first 50 ms in milliseconds.
  REQUIRE(plot("timeline " + shell_quoted(dir.string())) == 0);
  CHECK_THAT(slurp(dir / "timeline.svg"), Contains(">time (s)</text>"));
  REQUIRE(plot("timeline " + shell_quoted(dir.string()) + " --range 0ms:50ms --out " +
               shell_quoted((dir / "first50").string())) == 0);
  check_images(dir / "first50");
  const std::string svg = slurp(dir / "first50.svg");
  CHECK_THAT(svg, Contains(">time (ms)</text>"));
  CHECK_THAT(svg, !Contains(">time (s)</text>"));
  // pd_dma powers off in the first 50 ms: off is a gap, named in the legend.
  CHECK_THAT(svg, Contains(">off / 0 W (not drawn)</text>"));
  CHECK_THAT(svg, Contains(">active</text>"));
  CHECK_FALSE(fs::exists(dir / "first50-bad.svg"));
  for (const std::string bad : {"50ms", "10ms:5ms", "5:10ms", "0ms:fast", "2s:3s"}) {
    INFO(bad);
    const PlotOutcome refused =
        plot_with_errors("timeline " + shell_quoted(dir.string()) + " --range " + shell_quoted(bad) + " --out " +
                         shell_quoted((dir / "first50-bad").string()));
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.errors, StartsWith("plot.py: --range"));
    CHECK_THAT(refused.errors, !Contains("Traceback"));
    CHECK_FALSE(fs::exists(dir / "first50-bad.svg"));
  }
  fs::remove_all(dir);
}

TEST_CASE("cdf of sweep points names each by its axis values, --label overrides", "[app][plot]") {
  const fs::path dir = fresh_directory("plot-cdf-points");
  sweep_small(dir / "sweep");
  const auto sweep = nlohmann::json::parse(slurp(dir / "sweep" / "sweep.json"));
  // Points 0 and 4: sync and irq_safe, both 5 ms, 100 us, 20 us (the grid's policy is its outer axis).
  const std::string first = sweep["points"][0]["id"].get<std::string>();
  const std::string fifth = sweep["points"][4]["id"].get<std::string>();
  REQUIRE(sweep["points"][4]["values"]["scenario.clients.0.policy"] == "irq_safe");
  const fs::path points = dir / "sweep" / "points";
  REQUIRE(plot("cdf " + shell_quoted((points / first).string()) + " " + shell_quoted((points / fifth).string()) +
               " --out " + shell_quoted((dir / "cdf").string())) == 0);
  check_images(dir / "cdf");
  const std::string svg = slurp(dir / "cdf.svg");
  CHECK_THAT(svg, Contains(">policy=sync, autosuspend_delay=5ms, exit_latency=100us, entry_latency=20us</text>"));
  CHECK_THAT(svg, Contains(">policy=irq_safe, autosuspend_delay=5ms, exit_latency=100us, entry_latency=20us</text>"));
  CHECK_THAT(svg, !Contains(first));
  CHECK_THAT(svg, !Contains(fifth));
  // --label, one per run directory, replaces the label; a count that does not match is refused.
  REQUIRE(plot("cdf " + shell_quoted((points / first).string()) + " " + shell_quoted((points / fifth).string()) +
               " --label 'sync, 5 ms' --label 'irq-safe, 5 ms' --out " + shell_quoted((dir / "labelled").string())) ==
          0);
  const std::string labelled = slurp(dir / "labelled.svg");
  CHECK_THAT(labelled, Contains(">sync, 5 ms</text>"));
  CHECK_THAT(labelled, Contains(">irq-safe, 5 ms</text>"));
  CHECK_THAT(labelled, !Contains("policy=irq_safe"));
  CHECK(plot_with_errors("cdf " + shell_quoted((points / first).string()) + " " +
                         shell_quoted((points / fifth).string()) + " --label one")
            .exit_code == 2);
  fs::remove_all(dir);
}

TEST_CASE("pareto is titled with the sweep's name and names colours by axis value", "[app][plot]") {
  const fs::path dir = fresh_directory("plot-pareto-title");
  sweep_small(dir / "out-dir");
  REQUIRE(plot("pareto " + shell_quoted((dir / "out-dir").string())) == 0);
  check_images(dir / "out-dir" / "pareto");
  const std::string svg = slurp(dir / "out-dir" / "pareto.svg");
  CHECK_THAT(svg, Contains(">small</text>"));  // sweep.json's name, not the directory's
  CHECK_THAT(svg, !Contains("out-dir"));
  CHECK_THAT(svg, Contains(">policy: sync</text>"));
  // The irq_safe points let DMA through the suspended SysMMU: drawn as unsafe, not by colour.
  CHECK_THAT(svg, Contains(">unsafe</text>"));
  CHECK_THAT(svg, !Contains(">policy: irq_safe</text>"));
  REQUIRE(plot("pareto --include-unsafe " + shell_quoted((dir / "out-dir").string())) == 0);
  CHECK_THAT(slurp(dir / "out-dir" / "pareto.svg"), Contains(">Pareto front (unsafe included)</text>"));
  fs::remove_all(dir);
}

TEST_CASE("pareto marks unsafe points and orders a duration axis numerically", "[app][plot]") {
  // A results.csv as the sweep writes it with safety: `safe`, `unsafe_reason`, a duration axis's
  // seconds in `<key>_s`, the front over safe points only. The sweep lists 50ms before 5ms.
  const fs::path dir = fresh_directory("plot-pareto-safe");
  fs::create_directories(dir);
  write_file(dir / "sweep.json", R"({"name": "safety check", "axes": ["c.policy", "c.delay"], "points": [
    {"index": 0, "id": "a0", "values": {"c.policy": "sync", "c.delay": "50ms"}},
    {"index": 1, "id": "a1", "values": {"c.policy": "sync", "c.delay": "5ms"}},
    {"index": 2, "id": "a2", "values": {"c.policy": "irq_safe", "c.delay": "50ms"}},
    {"index": 3, "id": "a3", "values": {"c.policy": "irq_safe", "c.delay": "5ms"}},
    {"index": 4, "id": "a4", "values": {"c.policy": "sync", "c.delay": "500ms"}}]})");
  write_file(dir / "results.csv",
             "point,id,c.policy,c.delay,c.delay_s,status,safe,unsafe_reason,pareto,energy_J,worst_p99_us,error\n"
             "0,a0,sync,50ms,0.05,ok,1,,0,0.004,200,\n"
             "1,a1,sync,5ms,0.005,ok,1,,1,0.002,210,\n"
             "2,a2,irq_safe,50ms,0.05,ok,0,might sleep in atomic context,0,0.001,50,\n"
             "3,a3,irq_safe,5ms,0.005,ok,1,,1,0.003,60,\n"
             "4,a4,sync,500ms,0.5,failed,,,,,,boom\n");
  REQUIRE(plot("pareto " + shell_quoted(dir.string()) + " --color delay") == 0);
  check_images(dir / "pareto");
  const std::string svg = slurp(dir / "pareto.svg");
  CHECK_THAT(svg, Contains(">safety check</text>"));
  CHECK_THAT(svg, Contains(">unsafe</text>"));
  const auto five = svg.find(">delay: 5ms</text>");
  const auto fifty = svg.find(">delay: 50ms</text>");
  REQUIRE(five != std::string::npos);
  REQUIRE(fifty != std::string::npos);
  CHECK(five < fifty);
  CHECK_THAT(svg, !Contains("500ms"));  // the failed point is not drawn
  REQUIRE(plot("pareto " + shell_quoted(dir.string()) + " --include-unsafe --out " +
               shell_quoted((dir / "all").string())) == 0);
  CHECK_THAT(slurp(dir / "all.svg"), Contains(">Pareto front (unsafe included)</text>"));
  // An axis the sweep does not have is refused.
  CHECK(plot_with_errors("pareto " + shell_quoted(dir.string()) + " --color voltage").exit_code == 2);
  fs::remove_all(dir);
}

TEST_CASE("iotlb draws the IOMMU / no-IOMMU ratio of a pcie-bench sweep per page size with its knee",
          "[app][plot][pciebench][slow]") {
  const fs::path dir = fresh_directory("plot-iotlb");
  const auto sweep = run_wakesim_args("sweep " + shell_quoted(source_path("tests/data/sweeps/pciebench_small.yaml")) +
                                      " --out " + shell_quoted((dir / "sweep").string()) + " -j 2");
  INFO(sweep.errors);
  REQUIRE(sweep.exit_code == 0);
  const PlotOutcome outcome = plot_with_errors("iotlb " + shell_quoted((dir / "sweep").string()));
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  check_images(dir / "sweep" / "iotlb");
  const std::string svg = slurp(dir / "sweep" / "iotlb.svg");
  CHECK_THAT(svg, Contains(">pciebench-small: the IOTLB knee</text>"));
  CHECK_THAT(svg, Contains(">4 KiB pages</text>"));
  CHECK_THAT(svg, Contains(">2 MiB pages</text>"));
  // The 4 KiB knee (128 entries x 4 KiB = 512 KiB) lies inside the windows, the
  // 2 MiB one (256 MiB) past them.
  CHECK_THAT(svg, Contains(">128 x 4 KiB</text>"));
  CHECK_THAT(svg, Contains("128 x 2 MiB = 256 MiB: off the axis"));
  // A sweep without the axes is refused in one line.
  sweep_small(dir / "other");
  const PlotOutcome refused = plot_with_errors("iotlb " + shell_quoted((dir / "other").string()));
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.errors, Contains("no single `window` axis"));
  fs::remove_all(dir);
}

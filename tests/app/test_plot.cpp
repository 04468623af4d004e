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

TEST_CASE("plot: the Pareto plot of a sweep and the latency CDFs of runs render to PNG and SVG", "[app][plot]") {
  const fs::path dir = fresh_directory("plot");
  REQUIRE(run_wakesim_args("sweep " + shell_quoted(source_path("tests/data/sweeps/small.yaml")) + " --out " +
                           shell_quoted((dir / "sweep").string()))
              .exit_code == 0);
  REQUIRE(plot("pareto " + shell_quoted((dir / "sweep").string())) == 0);
  check_images(dir / "sweep" / "pareto");
  const std::string scenario = source_path("scenarios/pl330_periodic.yaml");
  REQUIRE(run_wakesim(scenario, dir / "sync").exit_code == 0);
  REQUIRE(run_wakesim(scenario, dir / "irq", {"scenario.clients.0.policy=irq_safe"}).exit_code == 0);
  REQUIRE(plot("cdf " + shell_quoted((dir / "sync").string()) + " " + shell_quoted((dir / "irq").string()) +
               " --out " + shell_quoted((dir / "cdf").string())) == 0);
  check_images(dir / "cdf");
  CHECK_THAT(slurp(dir / "cdf.svg"), Contains("irq_safe"));
  // A directory without results is refused with a message, not a traceback.
  CHECK(plot("pareto " + shell_quoted(dir.string()) + " 2>/dev/null") == 1);
  fs::remove_all(dir);
}

TEST_CASE("plot: the power-state timeline of a traced run renders to PNG and SVG", "[app][plot]") {
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
  CHECK(plot("timeline " + shell_quoted(plain.string()) + " 2>/dev/null") == 1);
  fs::remove_all(dir);
  fs::remove_all(plain);
}

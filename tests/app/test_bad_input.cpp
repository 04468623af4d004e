// Bad scenario input, end to end through the wakesim binary: each case must give
// exit code 2, a message naming file:line:column and the key, and no output
// directory; `wakesim validate` must refuse the same file with the same message.
// (The first catalogue, in test_run_command.cpp, covers unknown keys, bad choices,
// a missing unit, unknown DMA names and channels, a zero period, the jitter bound,
// a missing platform file, platform references, an empty DRAM, link cycles and
// flags, and a negative latency; these cases are the others.)
#include <catch2/catch.hpp>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::Matches;

namespace {

const std::string kSeedScenario = std::string(WAKESIM_SOURCE_DIR) + "/scenarios/pl330_periodic.yaml";
const std::string kPlatform = std::string(WAKESIM_SOURCE_DIR) + "/platforms/exynos_like.yaml";

// The scenario every file case edits. The client's map starts at 7:7, where the
// checks against the platform report.
const std::string kScenario =
    "scenario:\n"                                                  // 1
    "  name: bad\n"                                                // 2
    "  platform: PLATFORM\n"                                       // 3
    "  seed: 1\n"                                                  // 4
    "  duration: 1s\n"                                             // 5
    "  clients:\n"                                                 // 6
    "    - name: audio\n"                                          // 7
    "      dma: pl330\n"                                           // 8
    "      channel: 0\n"                                           // 9
    "      policy: sync\n"                                         // 10
    "      source_buffer: {base: 0x80000000, size: 64KiB}\n"       // 11
    "      destination_buffer: {base: 0x80100000, size: 64KiB}\n"  // 12
    "      workload:\n"                                            // 13
    "        type: periodic\n"                                     // 14
    "        period: 30ms\n"                                       // 15
    "        bytes: 4KiB\n"                                        // 16
    "        deadline: 1ms\n";                                     // 17

// A second client, appended to kScenario: its map starts at 18:7.
const std::string kSecondClient =
    "    - name: video\n"                                             // 18
    "      dma: pl330\n"                                              // 19
    "      channel: 1\n"                                              // 20
    "      policy: sync\n"                                            // 21
    "      source_buffer: {base: 0x80200000, size: 64KiB}\n"          // 22
    "      destination_buffer: {base: 0x80300000, size: 64KiB}\n"     // 23
    "      workload: {type: periodic, period: 30ms, bytes: 4KiB}\n";  // 24

std::string quoted(const std::string& text) {
  std::string result = "'";
  for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return result + "'";
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` with `from` replaced by `to`; `from` must occur exactly once.
// "platform.yaml:LINE:23: platform.dma.0.runtime_pm.active_power: " for the
// pl330's active power in the Exynos-like platform, wherever that line is.
std::string active_power_where() {
  const std::string text = slurp(kPlatform);
  const std::size_t at = text.find("active_power: 3mW");
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  return "platform.yaml:" + std::to_string(line) + ":23: platform.dma.0.runtime_pm.active_power: ";
}

// The 1-based line of the first `needle` in `text`, as text.
std::string line_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string::npos);
  return std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// "billion laughs": 430 bytes of nested aliases that expand to 10^9 values.
std::string laughs() {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  return text;
}

std::string edited(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  INFO("editing: " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

struct Outcome {
  int code;
  std::string errors;
};

// Runs the wakesim binary with `arguments`; stdout is discarded, stderr captured.
Outcome wakesim(const std::string& arguments, const fs::path& scratch) {
  const fs::path errors_file = scratch / "stderr.txt";
  const std::string command =
      std::string(WAKESIM_BINARY) + " " + arguments + " >/dev/null 2>" + quoted(errors_file.string());
  const int status = std::system(command.c_str());
  std::string errors = slurp(errors_file);
  fs::remove(errors_file);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, errors};
}

// A fresh directory for one case.
fs::path scratch_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("wakesim-bad-input-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct FileCase {
  std::string what;
  std::string scenario;    // the scenario file's text (PLATFORM stands for the platform file)
  std::string where;       // "bad.yaml:LINE:COL: KEY" the message must contain
  std::string message;     // and this text
  std::string platform{};  // if set, the text of the platform file, written as platform.yaml
};

// Writes the case as bad.yaml (and platform.yaml), then checks `run` and `validate`.
void check_file_case(const FileCase& c) {
  INFO(c.what);
  const fs::path dir = scratch_dir("file");
  std::string platform_file = kPlatform;
  if (!c.platform.empty()) {
    platform_file = (dir / "platform.yaml").string();
    std::ofstream(platform_file) << c.platform;
  }
  const std::string scenario_file = (dir / "bad.yaml").string();
  {
    std::string text = c.scenario;
    const std::size_t at = text.find("PLATFORM");
    if (at != std::string::npos) text.replace(at, 8, platform_file);
    std::ofstream(scenario_file) << text;
  }
  const fs::path out = dir / "out";
  const Outcome run = wakesim("run " + quoted(scenario_file) + " --quiet --out " + quoted(out.string()), dir);
  INFO(run.errors);
  CHECK(run.code == 2);
  CHECK_THAT(run.errors, Matches("wakesim: \\S+\\.yaml:[0-9]+:[0-9]+: [^\n]*\n"));
  CHECK_THAT(run.errors, Contains(c.where));
  CHECK_THAT(run.errors, Contains(c.message));
  CHECK_FALSE(fs::exists(out));
  const Outcome validate = wakesim("validate " + quoted(scenario_file), dir);
  CHECK(validate.code == 2);
  CHECK(validate.errors == run.errors);
  fs::remove_all(dir);
}

void check_file_cases(const std::vector<FileCase>& cases) {
  for (const FileCase& c : cases) check_file_case(c);
}

const std::string kClient = "bad.yaml:7:7: scenario.clients.0.";
const std::string kSecond = "bad.yaml:18:7: scenario.clients.1.";

}  // namespace

TEST_CASE("bad input - buffers outside the DRAM or over page tables", "[app][bad_input]") {
  check_file_cases({
      {"a source below the DRAM", edited(kScenario, "{base: 0x80000000, size: 64KiB}", "{base: 0x10000, size: 64KiB}"),
       kClient + "source_buffer: client 'audio': ",
       "source_buffer [0x10000, 0x20000) is not inside the DRAM [0x80000000, 0x90000000) of "
       "platform 'exynos-like' (unmapped DMA address)"},
      {"a destination running past the end of the DRAM",
       edited(kScenario, "{base: 0x80100000, size: 64KiB}", "{base: 0x8fff8000, size: 64KiB}"),
       kClient + "destination_buffer: client 'audio': ",
       "destination_buffer [0x8fff8000, 0x90008000) is not inside the DRAM [0x80000000, 0x90000000)"},
      // The base is at most 2^63 - 1 and the size at most 256MiB, so no buffer reaches 2^64.
      {"a buffer that would wrap past 2^64 is refused by its size",
       edited(kScenario, "{base: 0x80000000, size: 64KiB}", "{base: 0x7fffffffffffffff, size: 16000000TB}"),
       "bad.yaml:11:55: scenario.clients.0.source_buffer.size: ", "a buffer is at most 256MiB"},
      {"a destination over the SysMMU page tables",
       edited(kScenario, "{base: 0x80100000, size: 64KiB}", "{base: 0x8f0ff000, size: 64KiB}"),
       kClient + "destination_buffer: client 'audio': ",
       "destination_buffer [0x8f0ff000, 0x8f10f000) overlaps the page tables [0x8f000000, 0x8f100000) "
       "of IOMMU 'sysmmu_pl330'; DMA would corrupt them"},
      {"a source over the SysMMU page tables (reading them is refused too)",
       edited(kScenario, "{base: 0x80000000, size: 64KiB}", "{base: 0x8f000000, size: 4KiB}"),
       kClient + "source_buffer: client 'audio': ", "source_buffer [0x8f000000, 0x8f001000) overlaps the page tables"},
  });
}

TEST_CASE("bad input - overlapping buffers", "[app][bad_input]") {
  const std::string two = kScenario + kSecondClient;
  check_file_cases({
      {"source and destination of one client overlap",
       edited(kScenario, "{base: 0x80100000, size: 64KiB}", "{base: 0x80008000, size: 64KiB}"),
       kClient + "destination_buffer: client 'audio': ",
       "source_buffer [0x80000000, 0x80010000) and destination_buffer [0x80008000, 0x80018000) "
       "overlap"},
      {"two clients write the same memory",
       edited(two, "{base: 0x80300000, size: 64KiB}", "{base: 0x8010f000, size: 4KiB}"),
       kSecond + "destination_buffer: client 'video': ",
       "destination_buffer [0x8010f000, 0x80110000) overlaps the destination_buffer "
       "[0x80100000, 0x80110000) of client 'audio' (two clients would write the same memory)"},
      {"a client writes what another reads",
       edited(two, "{base: 0x80300000, size: 64KiB}", "{base: 0x80000000, size: 4KiB}"),
       kSecond + "destination_buffer: client 'video': ",
       "destination_buffer [0x80000000, 0x80001000) overlaps the source_buffer [0x80000000, "
       "0x80010000) of client 'audio' (it would overwrite what that client reads)"},
      {"a client reads what another writes",
       edited(two, "{base: 0x80200000, size: 64KiB}", "{base: 0x80100000, size: 64KiB}"),
       kSecond + "source_buffer: client 'video': ",
       "source_buffer [0x80100000, 0x80110000) overlaps the destination_buffer [0x80100000, "
       "0x80110000) of client 'audio' (that client would overwrite what this one reads)"},
      {"a zero-sized buffer", edited(kScenario, "{base: 0x80100000, size: 64KiB}", "{base: 0x80100000, size: 0B}"),
       "bad.yaml:12:52: scenario.clients.0.destination_buffer.size: ", "a buffer must not be empty"},
  });
}

TEST_CASE("bad input - a source buffer may be shared", "[app][bad_input]") {
  const fs::path dir = scratch_dir("shared");
  const std::string text = edited(edited(kScenario + kSecondClient, "PLATFORM", kPlatform),
                                  "{base: 0x80200000, size: 64KiB}", "{base: 0x80000000, size: 64KiB}");
  std::ofstream(dir / "shared.yaml") << text;
  const Outcome run = wakesim("run " + quoted((dir / "shared.yaml").string()) + " --quiet", dir);
  INFO(run.errors);
  CHECK(run.code == 0);
  fs::remove_all(dir);
}

TEST_CASE("bad input - workloads the traffic sources would refuse", "[app][bad_input][slow]") {
  check_file_cases({
      {"a job of 0B", edited(kScenario, "bytes: 4KiB", "bytes: 0B"),
       kClient + "workload.bytes: client 'audio': ", "workload.bytes is 0B; a job must move at least 1B"},
      {"a size range from 0B", edited(kScenario, "bytes: 4KiB", "bytes_range: {min: 0B, max: 4KiB}"),
       kClient + "workload.bytes_range.min: client 'audio': ",
       "workload.bytes_range min is 0B; a job must move at least 1B"},
      {"a size range with min above max", edited(kScenario, "bytes: 4KiB", "bytes_range: {min: 8KiB, max: 4KiB}"),
       kClient + "workload.bytes_range: client 'audio': ", "workload.bytes_range min 8KiB is above max 4KiB"},
      {"a zero deadline", edited(kScenario, "deadline: 1ms", "deadline: 0s"),
       kClient + "workload.deadline: client 'audio': ", "workload.deadline must be positive"},
      {"a jitter of 2^62 ps or more",
       edited(edited(kScenario, "period: 30ms", "period: 10000000s"), "deadline: 1ms", "jitter: 5000000s"),
       kClient + "workload.jitter: client 'audio': ",
       "workload.jitter 5000000s is too large; it must be below 2^62 ps (about 53 days)"},
      {"a 1 ps period over 1 s", edited(kScenario, "period: 30ms", "period: 1ps"),
       kClient + "workload.period: client 'audio': ",
       "a workload.period of 1ps over a duration of 1s is about 1000000000000 jobs; a run simulates "
       "at most 1000000000 per client (lengthen the period or shorten the duration)"},
      {"a 1 ps Poisson mean over 1 s",
       edited(kScenario, "type: periodic\n        period: 30ms", "type: poisson\n        mean_interarrival: 1ps"),
       kClient + "workload.mean_interarrival: client 'audio': ",
       "a workload.mean_interarrival of 1ps over a duration of 1s is about 1000000000000 jobs"},
      {"a 1 us period over 2 days",
       edited(edited(kScenario, "duration: 1s", "duration: 172800s"), "period: 30ms", "period: 1us"),
       kClient + "workload.period: ", "over a duration of 172800s is about 172800000000 jobs"},
      {"a 1 ps bursty gap over 1 s",
       edited(kScenario, "type: periodic\n        period: 30ms",
              "type: bursty\n        burst_jobs: 1\n        gap: 1ps"),
       kClient + "workload.gap: ", "a workload.gap of 1ps over a duration of 1s is about 1000000000000 jobs"},
  });
}

TEST_CASE("bad input - a warm-up not shorter than the duration", "[app][bad_input]") {
  check_file_cases({
      {"a warm-up as long as the duration", edited(kScenario, "duration: 1s\n", "duration: 1s\n  warmup: 1s\n"),
       "bad.yaml:6:11: scenario.warmup: ", "the warm-up must be shorter than the duration"},
      {"a warm-up longer than the duration", edited(kScenario, "duration: 1s\n", "duration: 1s\n  warmup: 1500ms\n"),
       "bad.yaml:6:11: scenario.warmup: ", "the warm-up must be shorter than the duration"},
  });
}

TEST_CASE("bad input - malformed YAML and wrong types", "[app][bad_input][slow]") {
  check_file_cases({
      {"a file cut inside a flow map", kScenario.substr(0, kScenario.find("size: 64KiB}")),
       "bad.yaml:", "end of map flow not found"},
      {"a file cut after a key", kScenario.substr(0, kScenario.find("        type:")),
       "bad.yaml:13:7: scenario.clients.0.workload.type: ", "missing key 'type' in 'scenario.clients.0.workload'"},
      {"a map where a number is expected", edited(kScenario, "seed: 1", "seed: {value: 1}"),
       "bad.yaml:4:9: scenario.seed: ", "expected an integer, found a map"},
      {"a map where a duration is expected", edited(kScenario, "duration: 1s", "duration: {s: 1}"),
       "bad.yaml:5:13: scenario.duration: ", "expected a duration, found a map"},
      {"a string where a list is expected", kScenario.substr(0, kScenario.find("  clients:")) + "  clients: audio\n",
       "bad.yaml:6:12: scenario.clients: ", "expected a sequence, found a scalar"},
      {"a list where a buffer map is expected",
       edited(kScenario, "{base: 0x80000000, size: 64KiB}", "[0x80000000, 64KiB]"),
       "bad.yaml:11:22: scenario.clients.0.source_buffer: ", "expected a map, found a sequence"},
      {"a quoted integer", edited(kScenario, "channel: 0", "channel: \"0\""),
       "bad.yaml:9:16: scenario.clients.0.channel: ", "found the quoted string '0' (remove the quotes)"},
      {"a duplicate key", edited(kScenario, "  seed: 1\n", "  seed: 1\n  seed: 2\n"),
       "bad.yaml:5:3: scenario.seed: ", "duplicate key 'seed' (first at line 4, again at line 5)"},
      {"an empty file", "", "bad.yaml:1:1: scenario: ", "missing key 'scenario' at the top level"},
      {"a file of comments only", "# nothing here\n",
       "bad.yaml:1:1: scenario: ", "missing key 'scenario' at the top level"},
      {"a top-level list", "- scenario\n- clients\n",
       "bad.yaml:1:1: ", "expected a map at the top level, found a sequence"},
      {"two YAML documents", kScenario + "---\nscenario: {}\n", "bad.yaml:", "a second YAML document"},
      // yaml-cpp 0.7 loops for ever, allocating, on these two (found by fuzz/fuzz_config.cpp).
      {"a stray comma after the document's end", kScenario + "...\n,\n", "bad.yaml:19:1: ", "unexpected ','"},
      {"a stray comma after a flow map", "{scenario: {}} ,\n", "bad.yaml:1:16: ", "unexpected ','"},
      {"nested aliases expanding to a billion values", laughs(),
       "bad.yaml:1:", "more than 100000 values (aliases count each time they are used)"},
      // report.json could not be written (exit 1, or an uncaught exception in a sweep).
      {"a name that is not UTF-8", edited(kScenario, "name: audio", "name: audio\xff"),
       "bad.yaml:7:13: scenario.clients.0.name: ", "the value is not valid UTF-8 text (byte 0xff at offset 5)"},
      {"a key that is not UTF-8",
       edited(kScenario, "  seed: 1\n",
              "  se\xc3"
              "ed: 1\n"),
       "bad.yaml:4:3: scenario: ", "the key is not valid UTF-8 text (byte 0xc3 at offset 2)"},
      {"an IOMMU choice whose name has a dot", kScenario + "  iommus:\n    sysmmu.pl330: {power_binding: always_on}\n",
       "bad.yaml:19:19: scenario.iommus.sysmmu.pl330: ", "IOMMU 'sysmmu.pl330': a name here cannot contain '.'"},
  });
}

TEST_CASE("bad input - numbers out of range, NaN and unknown units", "[app][bad_input][slow]") {
  check_file_cases({
      {"a negative seed", edited(kScenario, "seed: 1", "seed: -1"),
       "bad.yaml:4:9: scenario.seed: ", "'-1' is out of range: must be >= 0"},
      {"a seed beyond 64 bits", edited(kScenario, "seed: 1", "seed: 99999999999999999999"),
       "bad.yaml:4:9: scenario.seed: ", "'99999999999999999999' is out of range: must be in [0, 9223372036854775807]"},
      {"a negative channel", edited(kScenario, "channel: 0", "channel: -1"),
       "bad.yaml:9:16: scenario.clients.0.channel: ", "'-1' is out of range: must be in [0, 63]"},
      {"a huge channel", edited(kScenario, "channel: 0", "channel: 0x7fffffffffffffff"),
       "bad.yaml:9:16: scenario.clients.0.channel: ", "is out of range: must be in [0, 63]"},
      {"a negative buffer base", edited(kScenario, "{base: 0x80000000, size: 64KiB}", "{base: -0x1000, size: 64KiB}"),
       "bad.yaml:11:29: scenario.clients.0.source_buffer.base: ", "'-0x1000' is out of range: must be >= 0"},
      {"a buffer base beyond 2^63",
       edited(kScenario, "{base: 0x80000000, size: 64KiB}", "{base: 0xffffffffffff0000, size: 64KiB}"),
       "bad.yaml:11:29: scenario.clients.0.source_buffer.base: ",
       "'0xffffffffffff0000' is out of range: must be in [0, 9223372036854775807]"},
      {"a duration of 1e9 s (beyond 2^64 ps)", edited(kScenario, "duration: 1s", "duration: 1e9s"),
       "bad.yaml:5:13: scenario.duration: ",
       "'1e9s' is too large; a duration can be at most 18446744073709551615 ps (about 213 days)"},
      {"a duration of 1e400 s", edited(kScenario, "duration: 1s", "duration: 1e400s"),
       "bad.yaml:5:13: scenario.duration: ", "'1e400s' is too large"},
      {"a negative duration", edited(kScenario, "duration: 1s", "duration: -1s"),
       "bad.yaml:5:13: scenario.duration: ", "'-1s' is negative; a duration cannot be negative"},
      {"a size of 1e400 B", edited(kScenario, "bytes: 4KiB", "bytes: 1e400B"),
       "bad.yaml:16:16: scenario.clients.0.workload.bytes: ", "'1e400B' is too large; a size can be at most"},
      {"a period of .nan", edited(kScenario, "period: 30ms", "period: .nan"),
       "bad.yaml:15:17: scenario.clients.0.workload.period: ",
       "'.nan' is not a finite number; a duration must be finite"},
      {"a period of NaN ms", edited(kScenario, "period: 30ms", "period: NaN ms"),
       "bad.yaml:15:17: scenario.clients.0.workload.period: ", "'NaN ms' is not a finite number"},
      {"a duration of .inf", edited(kScenario, "duration: 1s", "duration: .inf"),
       "bad.yaml:5:13: scenario.duration: ", "'.inf' is not a finite number; a duration must be finite"},
      {"a size of infKiB", edited(kScenario, "bytes: 4KiB", "bytes: infKiB"),
       "bad.yaml:16:16: scenario.clients.0.workload.bytes: ", "'infKiB' is not a finite number; a size"},
      {"a fraction of a picosecond", edited(kScenario, "period: 30ms", "period: 0.5ps"),
       "bad.yaml:15:17: scenario.clients.0.workload.period: ", "'0.5ps' is not a whole number of picoseconds"},
      {"an unknown duration unit", edited(kScenario, "duration: 1s", "duration: 1h"),
       "bad.yaml:5:13: scenario.duration: ", "'1h' has an unknown unit 'h'; a duration needs one of s, ms, us, ns, ps"},
      {"a size unit in the wrong case", edited(kScenario, "bytes: 4KiB", "bytes: 4kib"),
       "bad.yaml:16:16: scenario.clients.0.workload.bytes: ", "did you mean 'KiB'?"},
      {"a time where a size is expected", edited(kScenario, "bytes: 4KiB", "bytes: 4ms"),
       "bad.yaml:16:16: scenario.clients.0.workload.bytes: ", "'4ms' is a duration, not a size"},
      {"a platform power of NaN",
       kScenario,  // unchanged: its platform is edited
       active_power_where(), "'.nan' is not a finite number; a power must be finite",
       edited(slurp(kPlatform), "active_power: 3mW", "active_power: .nan")},
      {"a platform power of 1e400 W", kScenario, active_power_where(),
       "'1e400W' is too large; a power must be below about 1.8e308 W",
       edited(slurp(kPlatform), "active_power: 3mW", "active_power: 1e400W")},
      {"a platform power of inf W", kScenario, active_power_where(), "'inf W' is not a finite number",
       edited(slurp(kPlatform), "active_power: 3mW", "active_power: inf W")},
  });
}

TEST_CASE("bad input - a platform file that is a directory", "[app][bad_input]") {
  const fs::path dir = scratch_dir("platform-dir");
  fs::create_directories(dir / "platforms.d");
  check_file_case({"a platform file that is a directory", edited(kScenario, "PLATFORM", (dir / "platforms.d").string()),
                   "bad.yaml:3:13: scenario.platform: ", "platforms.d': cannot read: it is a directory"});
  fs::remove_all(dir);
}

TEST_CASE("bad input - the checks against the platform under --set overrides", "[app][bad_input]") {
  // Overridden buffer values keep the client's position in the seed scenario.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"scenario.clients.0.source_buffer.base=0x10000", "source_buffer [0x10000, 0x20000) is not inside the DRAM"},
      {"scenario.clients.0.destination_buffer.base=0x8f000000", "overlaps the page tables"},
      {"scenario.clients.0.destination_buffer.base=0x80000000",
       "source_buffer [0x80000000, 0x80010000) and destination_buffer [0x80000000, 0x80010000) overlap"},
      {"scenario.clients.0.workload.period=1ps", "is about 1000000000000 jobs"},
  };
  for (const auto& [assignment, message] : cases) {
    INFO(assignment);
    const fs::path dir = scratch_dir("override");
    const Outcome run = wakesim("run " + quoted(kSeedScenario) + " --quiet --out " + quoted((dir / "out").string()) +
                                    " --set " + quoted(assignment),
                                dir);
    INFO(run.errors);
    CHECK(run.code == 2);
    CHECK_THAT(run.errors, Contains("pl330_periodic.yaml:12:7: scenario.clients.0."));
    CHECK_THAT(run.errors, Contains("client 'audio': "));
    CHECK_THAT(run.errors, Contains(message));
    CHECK_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
  }
}

TEST_CASE("bad input - names SystemC would rename", "[app][bad_input]") {
  // SystemC replaces '.' and spaces in object names (warning W506), so the report
  // would name something other than the file does.
  const std::string exynos = slurp(kPlatform);
  check_file_cases({
      {"a client name with a space", edited(kScenario, "name: audio", "name: audio out"),
       "bad.yaml:7:13: scenario.clients.0.name: ", "'audio out' cannot name a model"},
      {"a power domain name with a dot", kScenario,
       "platform.yaml:" + line_of(exynos, "- name: pd_dma") + ":13: platform.domains.1.name: ",
       "'pd.dma' cannot name a model: a name must be non-empty, without '.' or spaces",
       edited(exynos, "- name: pd_dma", "- name: pd.dma")},
      {"a DMA controller name with a dot", kScenario,
       "platform.yaml:" + line_of(exynos, "- name: pl330") + ":13: platform.dma.0.name: ",
       "'pl.330' cannot name a model", edited(exynos, "- name: pl330", "- name: pl.330")},
  });
}

TEST_CASE("bad input - platform address ranges", "[app][bad_input]") {
  // Checked by the platform reader, so validate refuses them as run does.
  const std::string exynos = slurp(kPlatform);
  const std::string multi = slurp(std::string(WAKESIM_SOURCE_DIR) + "/platforms/multi_path.yaml");
  const std::string sysmmu = "platform.yaml:" + line_of(exynos, "- name: sysmmu_pl330") + ":7: ";
  check_file_cases({
      {"page tables outside the DRAM", kScenario, sysmmu + "platform.iommus.0.page_tables: ",
       "the page tables of 'sysmmu_pl330' must lie inside the DRAM: [0x8fff0000, 0x900f0000) is not "
       "inside [0x80000000, 0x90000000)",
       edited(exynos, "{base: 0x8f000000, size: 1MiB}", "{base: 0x8fff0000, size: 1MiB}")},
      {"page tables wrapping past 2^64 (the sum wrapped inside the DRAM)", kScenario,
       sysmmu + "platform.iommus.0.page_tables: ",
       "[0x8f000000, 0x8f000000 + 0xffffffff80000000) is not inside [0x80000000, 0x90000000)",
       edited(exynos, "{base: 0x8f000000, size: 1MiB}", "{base: 0x8f000000, size: 18446744071562067968B}")},
      {"page tables of two IOMMUs overlapping", kScenario,
       "platform.yaml:" + line_of(multi, "- name: iommu_b") + ":7: platform.iommus.1.page_tables: ",
       "the page tables of 'iommu_b' [0x8e080000, 0x8e180000) overlap those of 'iommu_a' "
       "[0x8e000000, 0x8e100000)",
       edited(multi, "{base: 0x8f000000, size: 1MiB}", "{base: 0x8e080000, size: 1MiB}")},
      {"a DRAM running past 2^64", kScenario,
       "platform.yaml:" + line_of(exynos, "base: 0x80000000") + ":5: platform.dram: ",
       "the DRAM [0x7000000000000000, 0x7000000000000000 + 0xde0b6b3a76400000) runs past the end of "
       "the 64-bit address space",
       edited(edited(exynos, "base: 0x80000000", "base: 0x7000000000000000"), "size: 256MiB", "size: 16000000TB")},
  });
}

TEST_CASE("bad input - what only elaboration finds, refused by run and validate alike", "[app][bad_input]") {
  const std::string exynos = slurp(kPlatform);
  // pd_dma moved before its parent `top`.
  const std::size_t top = exynos.find("    - name: top");
  const std::size_t pd_dma = exynos.find("    - name: pd_dma");
  const std::size_t fabric = exynos.find("  interconnect:");
  REQUIRE(top < pd_dma);
  REQUIRE(pd_dma < fabric);
  const std::string reordered = exynos.substr(0, top) + exynos.substr(pd_dma, fabric - pd_dma) +
                                exynos.substr(top, pd_dma - top) + exynos.substr(fabric);
  const std::string irq_safe = edited(exynos, "      parent: top\n", "      parent: top\n      irq_safe: true\n");
  check_file_cases({
      {"an IOMMU port no DMA path uses", kScenario,
       "platform.yaml:" + line_of(exynos, "- name: sysmmu_pl330") + ":7: iommus: ",
       "IOMMU 'sysmmu_pl330' has 2 ports but DMA paths use 1", edited(exynos, "      ports: 1\n", "      ports: 2\n")},
      {"a power domain listed before its parent", kScenario,
       "platform.yaml:" + line_of(reordered, "- name: pd_dma") + ":7: domains: ",
       "parent domain 'top' must be listed before 'pd_dma'", reordered},
      {"an irq-safe domain under a domain that is not", kScenario,
       "platform.yaml:" + line_of(irq_safe, "- name: pd_dma") + ":7: domains: ",
       "'pd_dma' cannot be a subdomain of 'top' (error -22): an irq-safe child needs an irq-safe parent", irq_safe},
  });
}

TEST_CASE("bad input - a device-link cycle is refused at elaboration", "[app][bad_input]") {
  // The kernel's device_link_add() check needs the elaborated device graph
  // (parents, IOMMU master links); `validate` elaborates too, so it refuses the
  // file with the same message.
  const fs::path dir = scratch_dir("cycle");
  const std::string exynos = slurp(kPlatform);
  std::ofstream(dir / "platform.yaml")
      << exynos << "  links:\n    - {consumer: interconnect, supplier: pl330, flags: [stateless]}\n";
  std::ofstream(dir / "bad.yaml") << edited(kScenario, "PLATFORM", (dir / "platform.yaml").string());
  const Outcome run =
      wakesim("run " + quoted((dir / "bad.yaml").string()) + " --quiet --out " + quoted((dir / "out").string()), dir);
  INFO(run.errors);
  CHECK(run.code == 2);
  const std::string line = std::to_string(std::count(exynos.begin(), exynos.end(), '\n') + 2);
  CHECK_THAT(run.errors, Contains("platform.yaml:" + line +
                                  ":7: links: the kernel refuses the link "
                                  "interconnect -> pl330: it would form a dependency cycle"));
  CHECK_FALSE(fs::exists(dir / "out"));
  const Outcome validate = wakesim("validate " + quoted((dir / "bad.yaml").string()), dir);
  CHECK(validate.code == 2);
  CHECK(validate.errors == run.errors);
  fs::remove_all(dir);
}

TEST_CASE("bad input - the CPU side", "[app][bad_input][cpu]") {
  // docs/cpu.md: what the platform reader and the scenario checks refuse, at their lines.
  const std::string exynos = slurp(kPlatform);
  const std::string pl330_resume = line_of(exynos, "resume_latency: 1us");
  check_file_cases({
      {"idle states out of order (a deeper state that leaves faster)", kScenario,
       "platform.yaml:" + line_of(exynos, "- {name: core_off") + ":13: platform.cpus.clusters.0.idle_states.1",
       "idle states go shallowest first", edited(exynos, "exit_latency: 531us", "exit_latency: 0us")},
      {"a client on a CPU the platform does not have",
       edited(kScenario, "      policy: sync\n", "      policy: sync\n      cpu: 9\n"),
       "bad.yaml:7:7: scenario.clients.0.cpu: ", "there is no cpu9: the platform has 4 CPUs (0..3)"},
      {"a callback given both as a latency and as phases", kScenario,
       "platform.yaml:" + pl330_resume + ":25: platform.dma.0.runtime_pm.resume_latency: ",
       "give resume_latency or resume_phases, not both",
       edited(exynos, "resume_latency: 1us",
              "resume_latency: 1us\n        resume_phases: [{name: clk_enable, duration: 1us}]")},
      {"software placed on a CPU that does not exist", kScenario,
       "platform.yaml:" + line_of(exynos, "pm_wq: 1 ") + ":14: platform.cpus.placement.pm_wq: ",
       "out of range: must be in [0, 3]", edited(exynos, "pm_wq: 1 ", "pm_wq: 7 ")},
  });
}

TEST_CASE("bad input - a FIFO or a device is refused at once, and a file over the input limit names the flag",
          "[app][bad_input]") {
  const fs::path dir = scratch_dir("not-regular");
  const fs::path fifo = dir / "scenario.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // `timeout` turns a hang (the read blocking on the FIFO) into a failure instead of a stuck test.
  const Outcome from_fifo = wakesim(
      "--version >/dev/null; timeout 20 " + std::string(WAKESIM_BINARY) + " run " + quoted(fifo.string()) + " --quiet",
      dir);
  CHECK(from_fifo.code == 2);
  CHECK_THAT(from_fifo.errors, Contains(fifo.string() + ": cannot read: it is not a regular file"));
  check_file_case({"a platform that is a device", edited(kScenario, "PLATFORM", "/dev/zero"),
                   "bad.yaml:3:13: scenario.platform: ", "/dev/zero': cannot read: it is not a regular file"});
  const std::string scenario = (dir / "bad.yaml").string();
  std::ofstream(scenario) << edited(kScenario, "PLATFORM", kPlatform);
  const Outcome over = wakesim("run " + quoted(scenario) + " --quiet --max-input-size 1KiB", dir);
  CHECK(over.code == 2);
  CHECK_THAT(over.errors, Contains("over the input limit of 1KiB (raise it with --max-input-size)"));
  CHECK(wakesim("run " + quoted(scenario) + " --quiet --max-input-size 1MiB", dir).code == 0);
  CHECK(wakesim("run " + quoted(scenario) + " --quiet --max-input-size lots", dir).code == 2);
  fs::remove_all(dir);
}

namespace {

// "LINE:COL" of the first `needle` in `text`, `skip` characters into it.
std::string position_of(const std::string& text, const std::string& needle, std::size_t skip = 0) {
  const std::size_t found = text.find(needle);
  REQUIRE(found != std::string::npos);
  const std::size_t at = found + skip;
  const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t column = line_start == std::string::npos ? at + 1 : at - line_start;
  return line_of(text, needle) + ":" + std::to_string(column);
}

// `count` copies of `text`, with every `#` replaced by the copy's number.
std::string repeated(const std::string& text, int count) {
  std::string all;
  for (int i = 0; i < count; ++i) {
    std::string copy = text;
    for (std::size_t at = copy.find('#'); at != std::string::npos; at = copy.find('#'))
      copy.replace(at, 1, std::to_string(i));
    all += copy;
  }
  return all;
}

std::string exynos_text() { return slurp(kPlatform); }

}  // namespace

TEST_CASE("bad input - what a platform makes the model allocate is bounded, at its line", "[app][bad_input][slow]") {
  // scenarios/README.md, 'Limits'. Each of these once elaborated (or tried to) at
  // any size: a 1GiB burst x 4 outstanding x 8 channels died allocating.
  const std::string exynos = exynos_text();
  const std::string big_in_flight =
      edited(edited(exynos, "burst_size: 64B", "burst_size: 256KiB"), "max_outstanding: 4", "max_outstanding: 256");
  const std::string more_cpus =
      edited(exynos, "      - name: little\n",
             repeated("      - {name: big#, cpus: 64, active_power: 1mW, idle_states: [{name: WFI, entry_latency: 1us, "
                      "exit_latency: 1us, target_residency: 1us, power: 1mW}]}\n",
                      4) +
                 "      - name: little\n");
  const std::string phases =
      edited(exynos, "resume_latency: 1us",
             "resume_phases: [" + repeated("{name: p#, duration: 1us}, ", 16) + "{name: p16, duration: 1us}]");
  const std::string more_dmas =
      edited(exynos, "  dma:\n", "  dma:\n" + repeated("    - {name: extra#, channels: 1}\n", 16));
  const std::string more_ports = edited(exynos, "      ports:\n", "      ports:\n" + repeated("        - {}\n", 64));
  const std::string more_iommus = edited(exynos, "  iommus:\n", "  iommus:\n" + repeated("    - {name: io#}\n", 16));
  const std::string more_domains = edited(exynos, "  domains:\n", "  domains:\n" + repeated("    - {name: d#}\n", 256));
  const std::string more_states =
      edited(exynos, "      states:\n",
             "      states:\n" + repeated("        - {name: s#, entry_latency: 1us, exit_latency: 1us}\n", 16));
  const std::string links = exynos + "  links:\n" + repeated("    - {consumer: pl330, supplier: interconnect}\n", 1025);
  const std::string links_line = std::to_string(std::count(exynos.begin(), exynos.end(), '\n') + 2 + 1024);
  const auto in_platform = [](const std::string& position, const std::string& key) {
    return "platform.yaml:" + position + ": " + key + ": ";
  };
  check_file_cases({
      {"a burst of 1GiB", kScenario,
       in_platform(position_of(exynos, "burst_size: 64B", 12), "platform.dma.0.burst_size"),
       "a burst is at most 256KiB", edited(exynos, "burst_size: 64B", "burst_size: 1GiB")},
      {"256 outstanding bursts of 256KiB", kScenario,
       in_platform(position_of(big_in_flight, "max_outstanding: 256", 17), "platform.dma.0.max_outstanding"),
       "max_outstanding 256 x burst_size 256KiB is 64MiB in flight per channel; a channel holds at most 1MiB",
       big_in_flight},
      {"a TLB of 2^20 entries", kScenario,
       in_platform(position_of(exynos, "entries: 64, ways: 0", 9), "platform.iommus.0.tlb.entries"),
       "'1048576' is out of range: must be in [1, 8192]",
       edited(exynos, "entries: 64, ways: 0", "entries: 1048576, ways: 0")},
      {"17 DMA controllers", kScenario, in_platform(position_of(more_dmas, "    - name: pl330", 6), "platform.dma.16"),
       "a platform has at most 16 DMA controllers", more_dmas},
      {"65 ports of a DMA controller", kScenario,
       in_platform(position_of(more_ports, "- iommu: sysmmu_pl330", 2), "platform.dma.0.ports.64"),
       "a DMA controller has at most 64 ports", more_ports},
      {"17 IOMMUs", kScenario, in_platform(position_of(more_iommus, "- name: sysmmu_pl330", 2), "platform.iommus.16"),
       "a platform has at most 16 IOMMUs", more_iommus},
      {"257 power domains", kScenario,
       in_platform(position_of(more_domains, "    - name: top", 6), "platform.domains.256"),
       "a platform has at most 256 power domains", more_domains},
      {"17 idle states of a power domain", kScenario,
       in_platform(position_of(more_states, "        - name: off", 10), "platform.domains.1.states.16"),
       "a power domain has at most 16 idle states", more_states},
      {"17 phases of a callback", kScenario,
       in_platform(position_of(phases, "{name: p16,"), "platform.dma.0.runtime_pm.resume_phases.16"),
       "a callback has at most 16 phases", phases},
      {"1025 device links", kScenario, in_platform(links_line + ":7", "platform.links.1024"),
       "a platform has at most 1024 device links", links},
      {"260 CPUs", kScenario, in_platform(position_of(more_cpus, "cpus: 4", 6), "platform.cpus.clusters.4.cpus"),
       "the clusters so far have 260 CPUs; a platform has at most 256", more_cpus},
  });
}

TEST_CASE("bad input - what a scenario makes the model allocate is bounded, at its line", "[app][bad_input]") {
  const std::string two = kScenario + kSecondClient;
  const std::string clients = kScenario + repeated(edited(kSecondClient, "name: video", "name: video#"), 64);
  const std::string big_destinations =
      edited(edited(two, "{base: 0x80100000, size: 64KiB}", "{base: 0x80100000, size: 200MiB}"),
             "{base: 0x80300000, size: 64KiB}", "{base: 0x8d000000, size: 57MiB}");
  check_file_cases({
      {"65 clients", clients,
       "bad.yaml:" + std::to_string(18 + 63 * 7) + ":7: scenario.clients.64: ", "a scenario has at most 64 clients"},
      {"a buffer of 512MiB", edited(kScenario, "{base: 0x80100000, size: 64KiB}", "{base: 0x80100000, size: 512MiB}"),
       "bad.yaml:12:52: scenario.clients.0.destination_buffer.size: ", "a buffer is at most 256MiB"},
      {"destination buffers adding up past 256MiB", big_destinations,
       "bad.yaml:" + position_of(big_destinations, "size: 57MiB", 6) + ": scenario.clients.1.destination_buffer.size: ",
       "the destination buffers of the clients so far add up to 257MiB; together they are at most 256MiB"},
      {"a job wrapping around a 32B buffer into 131072 segments",
       edited(edited(kScenario, "{base: 0x80000000, size: 64KiB}", "{base: 0x80000000, size: 32B}"), "bytes: 4KiB",
              "bytes: 4MiB"),
       kClient + "workload.bytes: client 'audio': ",
       "a job of 4MiB wraps around its 32B source_buffer or 64KiB destination_buffer into more than 65536 "
       "scatter-gather segments"},
  });
}

TEST_CASE("bad input - page tables, channels and stream IDs that would run wrong are refused", "[app][bad_input]") {
  const std::string exynos = exynos_text();
  const std::string two = kScenario + kSecondClient;
  const std::string tables = "{base: 0x8f000000, size: 1MiB}";
  const std::string high_tables =
      edited(edited(exynos, "size: 256MiB", "size: 8GiB"), tables, "{base: 0x100000000, size: 1MiB}");
  const std::string clash =
      edited(exynos, "      burst_size: 64B\n",
             "      channel_paths: [{stream_id: 0, port: 0}, {stream_id: 1, port: 0}, {stream_id: 2, port: 0}, "
             "{stream_id: 1, port: 0}, {stream_id: 4, port: 0}, {stream_id: 5, port: 0}, {stream_id: 6, port: 0}, "
             "{stream_id: 7, port: 0}]\n      burst_size: 64B\n");
  const auto tables_key = [&](const std::string& text, const std::string& edit, std::size_t skip,
                              const std::string& key) {
    return "platform.yaml:" + position_of(text, edit, skip) + ": platform.iommus.0.page_tables." + key + ": ";
  };
  check_file_cases({
      // Once: map_errors 1, the DMA ran untranslated, and the summary said all was well.
      {"a page-table region smaller than the root table", kScenario, tables_key(exynos, tables, 25, "size"),
       "the page-table region [0x8f000000, 0x8f002000) cannot hold a root table of format 'exynos_sysmmu' (16KiB, "
       "aligned to its size)",
       edited(exynos, tables, "{base: 0x8f000000, size: 8KiB}")},
      {"a page-table region too misaligned for its root table", kScenario, tables_key(exynos, tables, 25, "size"),
       "the page-table region [0x8f001000, 0x8f005000) cannot hold a root table",
       edited(exynos, tables, "{base: 0x8f001000, size: 16KiB}")},
      {"page tables beyond the format's 32-bit addresses", kScenario,
       tables_key(high_tables, "{base: 0x100000000", 7, "base"),
       "the page-table region [0x100000000, 0x100100000) reaches past the 32-bit physical addresses of format "
       "'exynos_sysmmu'",
       high_tables},
      {"two clients on one DMA channel", edited(two, "      channel: 1\n", "      channel: 0\n"),
       "bad.yaml:20:16: scenario.clients.1.channel: ",
       "channel 0 of 'pl330' is taken by client 'audio': a channel serves one client"},
      {"two clients on the default channel", edited(edited(two, "      channel: 1\n", ""), "      channel: 0\n", ""),
       "bad.yaml:17:7: scenario.clients.1.channel: ",
       "channel 0 of 'pl330' is taken by client 'audio': a channel serves one client (channel 0 is the default)"},
      {"two DMA channels with one stream ID on one IOMMU port", kScenario,
       "platform.yaml:" + position_of(clash, "{stream_id: 1, port: 0}, {stream_id: 4", 12) +
           ": platform.dma.0.channel_paths.3.stream_id: ",
       "channels 1 and 3 of 'pl330' both use stream ID 0x1 on port 0, which goes through IOMMU 'sysmmu_pl330': it "
       "could not tell them apart",
       clash},
  });
}

TEST_CASE("bad input - control characters in names and keys", "[app][bad_input]") {
  // One check for every value read (ConfigNode) and one for every key (at load).
  const std::string exynos = exynos_text();
  const std::string printable = ": names and values must be printable text";
  check_file_cases({
      {"a scenario name with 0x01", edited(kScenario, "name: bad\n", "name: \"bad\x01\"\n"),
       "bad.yaml:2:9: scenario.name: ", "the value contains the control character 0x01 at offset 3" + printable},
      {"a client name with NUL", edited(kScenario, "name: audio", "name: \"au\\0dio\""),
       "bad.yaml:7:13: scenario.clients.0.name: ", "the value contains the control character 0x00 at offset 2"},
      {"a client name with a line break", edited(kScenario, "name: audio", "name: \"au\\ndio\""),
       "bad.yaml:7:13: scenario.clients.0.name: ", "the value contains the control character 0x0a at offset 2"},
      {"a client name with a tab", edited(kScenario, "name: audio", "name: \"au\\tdio\""),
       "bad.yaml:7:13: scenario.clients.0.name: ", "the value contains the control character 0x09 at offset 2"},
      {"a reference to a DMA controller with 0x1f",
       edited(kScenario, "dma: pl330",
              "dma: \"pl\x1f"
              "330\""),
       "bad.yaml:8:12: scenario.clients.0.dma: ", "the value contains the control character 0x1f at offset 2"},
      {"an IOMMU choice whose name has 0x01",
       kScenario + "  iommus:\n    \"sysmmu\\x01pl330\": {power_binding: always_on}\n",
       "bad.yaml:19:5: scenario.iommus: ", "the key contains the control character 0x01 at offset 6" + printable},
      {"a platform name with DEL", kScenario,
       "platform.yaml:" + position_of(exynos, "name: exynos-like", 6) + ": platform.name: ",
       "the value contains the control character 0x7f at offset 6",
       edited(exynos, "name: exynos-like", "name: \"exynos\x7f\"")},
      {"a power domain name with ESC", kScenario,
       "platform.yaml:" + position_of(exynos, "- name: pd_dma", 8) + ": platform.domains.1.name: ",
       "the value contains the control character 0x1b at offset 2",
       edited(exynos, "- name: pd_dma", "- name: \"pd\\edma\"")},
      {"a CPU cluster name with a line break", kScenario,
       "platform.yaml:" + position_of(exynos, "- name: little", 8) + ": platform.cpus.clusters.0.name: ",
       "the value contains the control character 0x0a at offset 3",
       edited(exynos, "- name: little", "- name: \"lit\\ntle\"")},
  });
}

TEST_CASE("bad input - a sweep name with a control character", "[app][bad_input]") {
  const fs::path dir = scratch_dir("sweep-name");
  std::ofstream(dir / "scenario.yaml") << edited(kScenario, "PLATFORM", kPlatform);
  std::ofstream(dir / "sweep.yaml") << "sweep:\n  name: \"policies\\x02\"\n  scenario: scenario.yaml\n"
                                       "  grid:\n    scenario.clients.0.policy: [sync, async]\n";
  const std::string sweep_file = quoted((dir / "sweep.yaml").string());
  const Outcome validate = wakesim("validate " + sweep_file, dir);
  INFO(validate.errors);
  CHECK(validate.code == 2);
  CHECK_THAT(validate.errors,
             Contains("sweep.yaml:2:9: sweep.name: the value contains the control character 0x02 at offset 8"));
  const Outcome sweep = wakesim("sweep " + sweep_file + " --out " + quoted((dir / "out").string()), dir);
  CHECK(sweep.code == 2);
  CHECK(sweep.errors == validate.errors);
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST_CASE("bad input - a platform file's errors name it and its line, in run and validate alike", "[app][bad_input]") {
  // check_file_case compares run's message with validate's; every `where` here is
  // in platform.yaml, not in the scenario that names it.
  const std::string exynos = exynos_text();
  const auto at = [&](const std::string& needle, std::size_t skip, const std::string& key) {
    return "platform.yaml:" + position_of(exynos, needle, skip) + ": " + key + ": ";
  };
  const std::string row = edited(exynos, "size: 256MiB", "row_size: 0B\n    size: 256MiB");
  const std::string bandwidth = edited(exynos, "size: 256MiB", "bandwidth: 0B/s\n    size: 256MiB");
  const std::string two_offs =
      edited(exynos, "- name: off", "- {name: off, entry_latency: 1us, exit_latency: 1us}\n        - name: off");
  const auto in = [](const std::string& text, const std::string& needle, std::size_t skip, const std::string& key) {
    return "platform.yaml:" + position_of(text, needle, skip) + ": " + key + ": ";
  };
  check_file_cases({
      {"a map where a size is expected", kScenario, at("size: 256MiB", 6, "platform.dram.size"),
       "expected a size, found a map", edited(exynos, "size: 256MiB", "size: {MiB: 256}")},
      {"an unknown key", kScenario, at("hop_latency: 5ns", 0, "platform.interconnect.hop_latancy"),
       "unknown key 'hop_latancy' in 'platform.interconnect'; did you mean 'hop_latency'?",
       edited(exynos, "hop_latency: 5ns", "hop_latancy: 5ns")},
      {"a bad unit", kScenario, at("clock: 400MHz", 7, "platform.interconnect.clock"), "'400Mhz' has an unknown unit",
       edited(exynos, "clock: 400MHz", "clock: 400Mhz")},
      {"a number out of range", kScenario, at("data_width: 16", 12, "platform.interconnect.data_width"),
       "'2048' is out of range: must be in [1, 1024]", edited(exynos, "data_width: 16", "data_width: 2048")},
      // Once refused by a model's constructor, with the scenario's name and no line.
      {"an interconnect clock of 0Hz", kScenario, at("clock: 400MHz", 7, "platform.interconnect.clock"),
       "the clock must be above 0Hz and at most 1THz", edited(exynos, "clock: 400MHz", "clock: 0Hz")},
      {"a DRAM row of 0B", kScenario, in(row, "row_size: 0B", 10, "platform.dram.row_size"), "a row must not be empty",
       row},
      {"a DRAM bandwidth of 0B/s", kScenario, in(bandwidth, "bandwidth: 0B/s", 11, "platform.dram.bandwidth"),
       "the bandwidth must be above 0B/s", bandwidth},
      {"a power domain state named on", kScenario, at("- name: off", 8, "platform.domains.1.states.0.name"),
       "'on' cannot name an idle state", edited(exynos, "- name: off", "- name: \"on\"")},
      {"a power domain with two states of one name", kScenario,
       in(two_offs, "        - name: off", 16, "platform.domains.1.states.1.name"), "a second idle state named 'off'",
       two_offs},
  });
}

TEST_CASE("bad input - YAML nested deeper than the parser goes", "[app][bad_input]") {
  // yaml-cpp's DeepRecursion says only "bad file".
  const std::string deep = std::string(3000, '[') + std::string(3000, ']');
  check_file_cases({
      {"a scenario nested 3000 deep", "scenario: " + deep + "\n",
       "bad.yaml:1:", "the nesting is too deep for the YAML parser"},
      {"a platform nested 3000 deep", kScenario, "platform.yaml:1:", "the nesting is too deep for the YAML parser",
       "platform: " + deep + "\n"},
  });
}

namespace {

// RFC 4180: rows of fields, quoted fields with doubled quotes, commas and line
// breaks inside.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted_field = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted_field) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted_field = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted_field = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace

TEST_CASE("bad input - a client name with a comma and a double quote is quoted in every CSV", "[app][bad_input]") {
  const fs::path dir = scratch_dir("csv-names");
  const std::string name = "left,\"right\"";
  std::ofstream(dir / "scenario.yaml") << edited(edited(kScenario, "PLATFORM", kPlatform), "name: audio",
                                                 "name: 'left,\"right\"'");
  const Outcome run = wakesim(
      "run " + quoted((dir / "scenario.yaml").string()) + " --quiet --out " + quoted((dir / "run").string()), dir);
  INFO(run.errors);
  REQUIRE(run.code == 0);
  const auto summary = read_csv(slurp(dir / "run" / "summary.csv"));
  REQUIRE(summary.size() == 2);
  CHECK(summary[0].size() == summary[1].size());
  const auto policy = std::find(summary[0].begin(), summary[0].end(), name + ".policy");
  REQUIRE(policy != summary[0].end());
  CHECK(summary[1][static_cast<std::size_t>(policy - summary[0].begin())] == "sync");

  std::ofstream(dir / "sweep.yaml") << "sweep:\n  name: names\n  scenario: scenario.yaml\n"
                                       "  grid:\n    scenario.clients.0.policy: [sync, async]\n";
  const Outcome sweep =
      wakesim("sweep " + quoted((dir / "sweep.yaml").string()) + " --out " + quoted((dir / "sweep").string()), dir);
  INFO(sweep.errors);
  REQUIRE(sweep.code == 0);
  for (const char* file : {"results.csv", "pareto.csv"}) {
    INFO(file);
    const auto rows = read_csv(slurp(dir / "sweep" / file));
    REQUIRE(rows.size() >= 2);
    for (const auto& row : rows) CHECK(row.size() == rows[0].size());
    CHECK(std::any_of(rows[0].begin(), rows[0].end(),
                      [&](const std::string& column) { return column.find(name) != std::string::npos; }));
  }
  fs::remove_all(dir);
}

namespace {

// A platform at every bound of scenarios/README.md, 'Limits': 16 DMA controllers of
// 64 channels and 64 ports (1MiB in flight each), 16 IOMMUs of 64 ports, 128
// contexts, 8192 TLB entries and 256 walk slots, 256 CPUs, 256 power domains of
// 16 states, 16 phases per callback, 1024 links.
std::string platform_at_the_bounds() {
  const std::string states = repeated(
                                 "{name: s#, entry_latency: 1us, exit_latency: 1us, target_residency: 1us, "
                                 "power: 1mW}, ",
                                 15) +
                             "{name: s15, entry_latency: 16us, exit_latency: 16us, target_residency: 16us, "
                             "power: 1mW}";
  std::string text =
      "platform:\n  name: at-the-bounds\n  runtime_pm: {pm_wq_max_active: 512}\n  cpus:\n"
      "    clusters:\n";
  text += repeated("      - {name: c#, cpus: 64, active_power: 10mW, idle_states: [" + states +
                       "], cluster: {on_power: 1mW, idle_states: [" + states + "]}}\n",
                   4);
  const std::string domain_states = repeated("{name: off#, entry_latency: 1us, exit_latency: 1us}, ", 15) +
                                    "{name: off15, entry_latency: 1us, exit_latency: 1us}";
  text += "  domains:\n    - {name: top, always_on: true}\n" +
          repeated("    - {name: pd#, parent: top, states: [" + domain_states + "]}\n", 255);
  text +=
      "  interconnect: {domain: top, data_width: 1024}\n"
      "  dram: {base: 0x80000000, size: 8GiB, banks: 1024}\n  iommus:\n";
  for (int i = 0; i < 16; ++i)
    text += "    - {name: io" + std::to_string(i) + ", ports: 64, contexts: 128, tlb: {entries: 8192, ways: 8}, " +
            "walk_slots: 256, page_tables: {base: " + std::to_string(0x180000000ULL + 0x400000ULL * i) +
            ", size: 4MiB}}\n";
  const std::string phases = repeated("{name: p#, duration: 1us}, ", 15) + "{name: p15, duration: 1us}";
  text += "  dma:\n";
  for (int d = 0; d < 16; ++d) {
    const std::string iommu = "{iommu: io" + std::to_string(d) + "}, ";
    std::string paths;
    for (int k = 0; k < 64; ++k)
      paths += "{stream_id: " + std::to_string(k) + ", port: " + std::to_string(k) + "}" + (k < 63 ? ", " : "");
    text += "    - name: d" + std::to_string(d) +
            "\n      channels: 64\n      burst_size: 256KiB\n"
            "      max_outstanding: 4\n      ports: [" +
            repeated(iommu, 63) + "{iommu: io" + std::to_string(d) + "}]\n      channel_paths: [" + paths +
            "]\n      runtime_pm: {resume_phases: [" + phases + "], suspend_phases: [" + phases + "]}\n";
  }
  text += "  links:\n";
  for (int k = 0; k < 1024; ++k) text += "    - {consumer: d" + std::to_string(k % 16) + ", supplier: interconnect}\n";
  return text;
}

// 64 clients on d0 sharing a 256MiB source, with 4MiB destinations (256MiB together).
std::string scenario_at_the_bounds() {
  std::string text = "scenario:\n  name: at-the-bounds\n  platform: platform.yaml\n  duration: 25ms\n  clients:\n";
  for (int c = 0; c < 64; ++c)
    text += "    - {name: client" + std::to_string(c) + ", dma: d0, channel: " + std::to_string(c) +
            ", policy: sync, source_buffer: {base: 0x80000000, size: 256MiB}, destination_buffer: {base: " +
            std::to_string(0x90000000ULL + 0x400000ULL * c) +
            ", size: 4MiB}, workload: {type: periodic, period: 20ms, bytes: 4MiB}}\n";
  return text;
}

}  // namespace

TEST_CASE("bad input - a platform and a scenario at every bound validate in well under 1 GiB",
          "[app][bad_input][slow]") {
  // Before the bounds, `burst_size: 64MiB` alone took 2.1 GB to validate: the
  // channels' buffers were allocated at elaboration (now at their first transfer).
  const fs::path dir = scratch_dir("at-the-bounds");
  std::ofstream(dir / "platform.yaml") << platform_at_the_bounds();
  std::ofstream(dir / "scenario.yaml") << scenario_at_the_bounds();
  const Outcome validate = wakesim("validate " + quoted((dir / "scenario.yaml").string()), dir);
  INFO(validate.errors);
  REQUIRE(validate.code == 0);
  rusage children{};
  REQUIRE(::getrusage(RUSAGE_CHILDREN, &children) == 0);
  INFO("peak RSS of the largest child so far: " << children.ru_maxrss << " KiB");
#if !defined(__SANITIZE_ADDRESS__)         // AddressSanitizer's shadow memory and quarantine count too
  CHECK(children.ru_maxrss < 512 * 1024);  // measured: about 265 MB
#endif
  fs::remove_all(dir);
}

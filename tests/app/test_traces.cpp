// `wakesim run --trace --vcd [--trace-window]` on the pl330 seed scenario: the
// trace shows what the report counts, and what the platform's parameters say a
// resume takes (platforms/exynos_like.yaml; times in us). The files are streamed:
// memory stays bounded however long the run, and a file that cannot be written
// is not left half-written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>

#include "support/wakesim_process.h"

extern char** environ;

namespace fs = std::filesystem;
using nlohmann::json;
using wakesim::test::file_text;
using wakesim::test::fresh_directory;
using wakesim::test::read_report;
using wakesim::test::run_wakesim_args;
using wakesim::test::shell_quoted;
using wakesim::test::source_path;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `wakesim run pl330_periodic.yaml --out OUT --quiet EXTRA`, the device chain
// alone (platform.cpus=null: the hand calculations are of the devices).
fs::path run_pl330(const std::string& tag, const std::string& extra) {
  const fs::path out = fresh_directory(tag);
  const auto outcome =
      run_wakesim_args("run " + shell_quoted(source_path("scenarios/pl330_periodic.yaml")) + " --out " +
                       shell_quoted(out.string()) + " --quiet --set platform.cpus=null " + extra);
  INFO(outcome.errors);
  REQUIRE(outcome.exit_code == 0);
  return out;
}

// Trace times are microseconds with at most 6 decimals: back to exact picoseconds.
std::int64_t ps(const json& us) { return std::llround(us.get<double>() * 1e6); }

struct Slice {
  std::string name;
  std::int64_t begin;
  std::int64_t end;
};

// The complete events of a trace per track name ("process/thread"), in file order.
struct Tracks {
  std::map<std::string, std::vector<Slice>> slices;
  std::map<std::pair<int, int>, std::string> names;                              // (pid, tid) -> "process/thread"
  std::map<std::string, std::vector<std::pair<std::int64_t, double>>> counters;  // "process/name"

  const std::vector<Slice>& at(const std::string& track) const {
    static const std::vector<Slice> none;
    auto it = slices.find(track);
    return it == slices.end() ? none : it->second;
  }
  std::vector<Slice> named(const std::string& track, const std::string& name) const {
    std::vector<Slice> found;
    for (const Slice& s : at(track))
      if (s.name == name) found.push_back(s);
    return found;
  }
};

Tracks read_tracks(const json& trace) {
  Tracks tracks;
  std::map<int, std::string> processes;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "process_name") processes[e["pid"]] = e["args"]["name"];
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name")
      tracks.names[{e["pid"], e["tid"]}] = processes.at(e["pid"]) + "/" + e["args"]["name"].get<std::string>();
  for (const json& e : trace["traceEvents"]) {
    if (e["ph"] == "X") {
      const std::string& track = tracks.names.at({e["pid"], e["tid"]});
      tracks.slices[track].push_back({e["name"], ps(e["ts"]), ps(e["ts"]) + ps(e["dur"])});
    } else if (e["ph"] == "C") {
      REQUIRE(e["args"].size() == 1);
      tracks.counters[processes.at(e["pid"]) + "/" + e["name"].get<std::string>()].emplace_back(
          ps(e["ts"]), e["args"].begin().value().get<double>());
    }
  }
  return tracks;
}

// On every track, every two slices are disjoint or one contains the other.
void check_nesting(const Tracks& tracks) {
  for (const auto& [track, slices] : tracks.slices)
    for (std::size_t i = 0; i < slices.size(); ++i)
      for (std::size_t j = i + 1; j < slices.size(); ++j) {
        const Slice& a = slices[i];
        const Slice& b = slices[j];
        const bool disjoint = a.end <= b.begin || b.end <= a.begin;
        const bool nested = (a.begin <= b.begin && b.end <= a.end) || (b.begin <= a.begin && a.end <= b.end);
        INFO(track << ": " << a.name << " [" << a.begin << ", " << a.end << ") and " << b.name << " [" << b.begin
                   << ", " << b.end << ")");
        CHECK((disjoint || nested));
      }
}

// What Perfetto needs of complete events: on each thread (pid, tid, declared by
// a thread_name event before its first event), the slices are in time order and
// disjoint, except a job's children, which follow it inside it, in time order
// and disjoint.
void check_threads(const json& trace) {
  struct Thread {
    std::int64_t parent_begin = -1, parent_end = -1;  // the last top-level slice
    std::int64_t child_end = -1;                      // the last child of it
  };
  std::set<std::pair<int, int>> named;
  std::map<std::pair<int, int>, Thread> threads;
  for (const json& e : trace["traceEvents"]) {
    const std::pair<int, int> id(e["pid"].get<int>(), e.value("tid", 0));
    if (e["ph"] == "M" && e["name"] == "thread_name") named.insert(id);
    if (e["ph"] != "X") continue;
    const std::int64_t begin = ps(e["ts"]), end = begin + ps(e["dur"]);
    INFO("pid " << id.first << " tid " << id.second << ": " << e["name"] << " [" << begin << ", " << end << ")");
    CHECK(named.count(id) == 1);
    CHECK(end > begin);
    Thread& thread = threads[id];
    if (begin >= thread.parent_end) {
      thread = {begin, end, begin};
      continue;
    }
    CHECK(id.first == 3);                 // only jobs (DMA clients) have children
    CHECK(begin >= thread.parent_begin);  // a child of the last slice, not an earlier one
    CHECK(end <= thread.parent_end);
    CHECK(begin >= thread.child_end);
    thread.child_end = end;
  }
}

// The VCD's value changes: "#time" lines and, per identifier, its values in order.
struct Vcd {
  std::vector<std::int64_t> times;
  std::map<std::string, std::string> ids;                                           // name -> identifier
  std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> values;  // identifier -> (time, value)
};

Vcd read_vcd(const std::string& text) {
  Vcd vcd;
  std::istringstream in(text);
  std::string line;
  std::int64_t now = -1;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first == "$var") {
      std::string type, width, id, name;
      words >> type >> width >> id >> name;
      vcd.ids[name] = id;
    } else if (!first.empty() && first[0] == '#') {
      now = std::stoll(first.substr(1));
      vcd.times.push_back(now);
    } else if (!first.empty() && (first[0] == 'b' || first[0] == 'r') && now >= 0) {
      std::string id;
      words >> id;
      vcd.values[id].emplace_back(now, first);
    }
  }
  return vcd;
}

}  // namespace

TEST_CASE("trace of pl330_periodic shows the tracks, slices and counts the report gives", "[app][trace]") {
  const fs::path out = run_pl330("trace-pl330", "--trace --vcd");
  const json report = read_report(out);
  const json& power = report["metrics"]["power"];
  const json& audio = report["metrics"]["clients"]["audio"];
  const json trace = json::parse(read_file(out / "trace.json"));
  const Tracks tracks = read_tracks(trace);

  // One track per domain, per runtime-PM device and per client (one lane: a job
  // every 30 ms never waits behind another), and a power counter per domain and
  // device plus the total.
  std::set<std::string> names;
  for (const auto& [id, name] : tracks.names) names.insert(name);
  CHECK(names == std::set<std::string>{"power domains/top", "power domains/pd_dma", "runtime PM devices/interconnect",
                                       "runtime PM devices/sysmmu_pl330", "runtime PM devices/pl330",
                                       "DMA clients/audio"});
  std::set<std::string> counters;
  for (const auto& [name, samples] : tracks.counters) counters.insert(name);
  CHECK(counters == std::set<std::string>{"power domains/top", "power domains/pd_dma",
                                          "runtime PM devices/interconnect", "runtime PM devices/sysmmu_pl330",
                                          "runtime PM devices/pl330", "static power/total"});

  // Power-state slices tile the run on each state track.
  for (const std::string track : {"power domains/top", "power domains/pd_dma", "runtime PM devices/pl330"}) {
    const auto& slices = tracks.at(track);
    REQUIRE_FALSE(slices.empty());
    CHECK(slices.front().begin == 0);
    CHECK(slices.back().end == 1000000000000);  // 1 s
    for (std::size_t i = 1; i < slices.size(); ++i) CHECK(slices[i].begin == slices[i - 1].end);
  }

  // pd_dma: as many OFF slices as power-offs, ON-after-OFF as power-ons.
  const auto pd = tracks.at("power domains/pd_dma");
  CHECK(tracks.named("power domains/pd_dma", "off").size() == power["domains"]["pd_dma"]["power_off_count"]);
  std::size_t off_to_on = 0;
  for (std::size_t i = 1; i < pd.size(); ++i) off_to_on += pd[i - 1].name == "off" && pd[i].name == "on";
  CHECK(off_to_on == power["domains"]["pd_dma"]["power_on_count"]);
  // Each OFF lasts at least the state's exit latency (100): it ends when the power-on is done.
  for (const Slice& off : tracks.named("power domains/pd_dma", "off")) CHECK(off.end - off.begin >= 100000000);

  // RESUMING of the pl330 holds the resume of its supplier, the SysMMU (a
  // DL_FLAG_PM_RUNTIME link: rpm_callback -> rpm_get_suppliers, inside
  // RESUMING), which itself holds the pd_dma power-on (100) and its resume (40)
  // and context restore (1.8); then the pl330's own resume_latency (clk_enable),
  // 1. So each pl330 RESUMING starts with a SysMMU RESUMING and lasts exactly 1
  // more; in steady state 100 + 40 + 1.8 + 1 = 142.8 (the first one also waits
  // for the boot-time power-off of pd_dma, which holds the domain lock).
  const auto resuming = tracks.named("runtime PM devices/pl330", "resuming");
  const auto sysmmu_resuming = tracks.named("runtime PM devices/sysmmu_pl330", "resuming");
  CHECK(resuming.size() == power["devices"]["pl330_rpm"]["resumes"]);
  REQUIRE(sysmmu_resuming.size() == resuming.size());
  for (std::size_t i = 0; i < resuming.size(); ++i) {
    CHECK(sysmmu_resuming[i].begin == resuming[i].begin);
    CHECK((resuming[i].end - resuming[i].begin) - (sysmmu_resuming[i].end - sysmmu_resuming[i].begin) == 1000000);
    if (i > 0) CHECK(resuming[i].end - resuming[i].begin == 142800000);
  }
  // SUSPENDING of the pl330 is its suspend_latency (clk_disable), 1.
  for (const Slice& s : tracks.named("runtime PM devices/pl330", "suspending")) CHECK(s.end - s.begin == 1000000);

  // One job slice per finished job, each from its request to its interrupt.
  const auto jobs = tracks.named("DMA clients/audio", "job");
  CHECK(jobs.size() == audio["completed"].get<std::size_t>() + audio["errors"].get<std::size_t>());
  CHECK(jobs.size() == audio["completed"]);
  std::int64_t longest = 0;
  for (const Slice& job : jobs) longest = std::max(longest, job.end - job.begin);
  CHECK(double(longest) * 1e-6 == Approx(audio["latency"]["max_us"].get<double>()).epsilon(1e-9));

  check_nesting(tracks);
  check_threads(trace);

  // The pd_dma power counter: on_power 2 mW while ON, off_power 50 uW while OFF.
  for (const auto& [at, watts] : tracks.counters.at("power domains/pd_dma"))
    CHECK((watts == Approx(2e-3) || watts == Approx(50e-6)));

  // VCD: increasing times, and pd_dma changes value once per power-off and power-on.
  const Vcd vcd = read_vcd(read_file(out / "power.vcd"));
  CHECK(std::is_sorted(vcd.times.begin(), vcd.times.end()));
  CHECK(std::adjacent_find(vcd.times.begin(), vcd.times.end()) == vcd.times.end());
  CHECK(vcd.times.front() == 0);
  CHECK(vcd.times.back() == 1000000000000);
  REQUIRE(vcd.ids.count("pd_dma"));
  const auto& pd_values = vcd.values.at(vcd.ids.at("pd_dma"));
  REQUIRE_FALSE(pd_values.empty());
  CHECK(pd_values.front() == std::make_pair(std::int64_t{0}, std::string("b0")));  // ON at boot
  CHECK(pd_values.size() - 1 == power["domains"]["pd_dma"]["power_off_count"].get<std::size_t>() +
                                    power["domains"]["pd_dma"]["power_on_count"].get<std::size_t>());
  fs::remove_all(out);
}

TEST_CASE("trace puts queued jobs that overlap on separate lanes of their client, each lane nested", "[app][trace]") {
  // A job every 60 us with async: the first three wait for the same resume
  // (pm_wq 20 + 142.8 us after the first get at 50 us), so their slices overlap;
  // every job still has exactly one slice.
  const fs::path out = run_pl330("trace-lanes",
                                 "--trace --set scenario.clients.0.workload.period=60us "
                                 "--set scenario.clients.0.policy=async --set scenario.duration=20ms");
  const json report = read_report(out);
  const json trace = json::parse(read_file(out / "trace.json"));
  const Tracks tracks = read_tracks(trace);
  std::size_t jobs = 0;
  std::size_t lanes = 0;
  for (const auto& [id, name] : tracks.names)
    if (name.rfind("DMA clients/audio", 0) == 0) {
      ++lanes;
      jobs += tracks.named(name, "job").size();
    }
  CHECK(lanes >= 2);
  CHECK(tracks.names.count({3, 2}) == 1);
  CHECK(tracks.names.at({3, 2}) == "DMA clients/audio lane 2");
  CHECK(jobs == report["metrics"]["clients"]["audio"]["completed"]);
  check_nesting(tracks);
  check_threads(trace);
  fs::remove_all(out);
}

TEST_CASE("trace window keeps only what lies inside it, clipped at its edges", "[app][trace]") {
  // 27..35 ms: pd_dma is off from the previous job's power-off (about 25.3 ms:
  // the autosuspend hrtimer at the end of its slack, 25 ms after the job) until
  // the job at 30 ms powers it on; the job's slice lies inside.
  const fs::path out = run_pl330("trace-window", "--trace --vcd --trace-window 27ms:35ms");
  const json trace = json::parse(read_file(out / "trace.json"));
  const Tracks tracks = read_tracks(trace);
  const std::int64_t start = 27000000000, end = 35000000000;
  for (const auto& [track, slices] : tracks.slices)
    for (const Slice& s : slices) {
      INFO(track << " " << s.name);
      CHECK(s.begin >= start);
      CHECK(s.end <= end);
      CHECK(s.end > s.begin);
    }
  for (const auto& [name, samples] : tracks.counters)
    for (const auto& sample : samples) CHECK((sample.first >= start && sample.first < end));
  const auto pd = tracks.at("power domains/pd_dma");
  REQUIRE(pd.size() == 2);
  CHECK((pd[0].name == "off" && pd[0].begin == start && pd[0].end == 30150000000));  // job at 30 ms + 50 + 100
  CHECK((pd[1].name == "on" && pd[1].begin == 30150000000 && pd[1].end == end));
  const auto jobs = tracks.named("DMA clients/audio", "job");
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].begin == 30000000000);
  check_nesting(tracks);
  check_threads(trace);

  const Vcd vcd = read_vcd(read_file(out / "power.vcd"));
  CHECK(vcd.times.front() == start);
  CHECK(vcd.times.back() == end);
  CHECK(vcd.values.at(vcd.ids.at("pd_dma")) ==
        std::vector<std::pair<std::int64_t, std::string>>{{start, "b1"}, {30150000000, "b0"}});
  fs::remove_all(out);
}

TEST_CASE("the same scenario and seed give byte-identical trace and vcd files", "[app][trace]") {
  const fs::path first = run_pl330("trace-twice-1", "--trace --vcd");
  const fs::path second = run_pl330("trace-twice-2", "--trace --vcd");
  const std::string trace = read_file(first / "trace.json");
  CHECK_FALSE(trace.empty());
  CHECK(trace == read_file(second / "trace.json"));
  CHECK(read_file(first / "power.vcd") == read_file(second / "power.vcd"));
  fs::remove_all(first);
  fs::remove_all(second);
}

TEST_CASE("trace options without an output directory or with a bad window are usage errors", "[app][trace]") {
  const std::string scenario = shell_quoted(source_path("scenarios/pl330_periodic.yaml"));
  for (const char* flag : {"--trace", "--vcd"}) {
    const auto outcome = run_wakesim_args("run " + scenario + " --quiet " + flag);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.errors.find("--out") != std::string::npos);
  }
  const fs::path out = fresh_directory("trace-usage");
  const std::string with_out = "run " + scenario + " --quiet --out " + shell_quoted(out.string());
  for (const char* window : {"100ms", "5ms:1ms", "0s:1", "a:b"}) {
    const auto outcome = run_wakesim_args(with_out + " --trace --trace-window " + window);
    INFO(window << ": " << outcome.errors);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.errors.find("--trace-window") != std::string::npos);
  }
  const auto no_trace = run_wakesim_args(with_out + " --trace-window 0s:1ms");
  CHECK(no_trace.exit_code == 2);
  CHECK(no_trace.errors.find("--trace or --vcd") != std::string::npos);
  CHECK_FALSE(fs::exists(out));  // no output at all
}

TEST_CASE("trace.json parses and on every thread the slices are disjoint and in time order, lane by lane",
          "[app][trace]") {
  // Clients whose jobs queue behind resumes (several lanes) and several clients
  // on several paths, whole and through a window.
  const std::vector<std::pair<std::string, std::string>> runs = {
      {"scenarios/cpu_async_loses.yaml", "--set scenario.duration=300ms"},
      {"scenarios/cpu_async_loses.yaml", "--set scenario.duration=300ms --trace-window 13ms:187.5ms"},
      {"scenarios/multi_path_dma.yaml", "--set scenario.duration=300ms"}};
  for (const auto& run : runs) {
    INFO(run.first << " " << run.second);
    const fs::path out = fresh_directory("trace-threads");
    const auto outcome = run_wakesim_args("run " + shell_quoted(source_path(run.first)) + " --out " +
                                          shell_quoted(out.string()) + " --quiet --trace " + run.second);
    INFO(outcome.errors);
    REQUIRE(outcome.exit_code == 0);
    const json trace = json::parse(read_file(out / "trace.json"));
    check_threads(trace);
    check_nesting(read_tracks(trace));
    fs::remove_all(out);
  }
}

namespace {

// Whether this test binary (and so, in CI, the wakesim binary next to it) runs
// under AddressSanitizer, whose shadow memory makes resident sizes meaningless.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

// Runs `wakesim ARGS...` (output discarded) and returns its peak resident set in
// kB, as the kernel accounts it for a waited-for child (getrusage(2), ru_maxrss).
long peak_rss_kb(const std::vector<std::string>& args) {
  std::vector<std::string> argv_text = {WAKESIM_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, WAKESIM_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(spawned == 0);
  int status = 0;
  rusage usage{};
  REQUIRE(wait4(pid, &status, 0, &usage) == pid);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return usage.ru_maxrss;
}

// `bash -c COMMAND` (wakesim under limits); stdout and stderr both kept.
wakesim::test::WakesimOutcome run_in_bash(const std::string& command) {
  const fs::path output = fs::temp_directory_path() / ("wakesim-bash-output-" + std::to_string(::getpid()));
  const std::string line = "bash -c " + shell_quoted(command) + " >" + shell_quoted(output.string()) + " 2>&1";
  const int status = std::system(line.c_str());
  const std::string text = file_text(output);
  fs::remove(output);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

}  // namespace

TEST_CASE("ten times the simulated time, ten times the file, about the same memory",
          "[app][trace][a_trace_is_streamed]") {
  if (kAddressSanitizer) {
    WARN("skipped under AddressSanitizer: its shadow memory swamps the resident size");
    return;
  }
  const auto traced_run = [](const std::string& duration, const fs::path& out) {
    return peak_rss_kb({"run", source_path("scenarios/pl330_periodic.yaml"), "--set", "scenario.duration=" + duration,
                        "--out", out.string(), "--trace", "--vcd", "--quiet"});
  };
  const fs::path short_out = fresh_directory("trace-rss-short");
  const fs::path long_out = fresh_directory("trace-rss-long");
  const long short_kb = traced_run("20s", short_out);
  const long long_kb = traced_run("200s", long_out);
  const auto short_bytes = fs::file_size(short_out / "trace.json");
  const auto long_bytes = fs::file_size(long_out / "trace.json");
  INFO("peak RSS " << short_kb << " kB for 20 s (trace.json " << short_bytes << " B), " << long_kb << " kB for 200 s ("
                   << long_bytes << " B)");
  CHECK(long_bytes > 9 * short_bytes);               // the longer trace holds ten times the events...
  CHECK(double(long_kb) <= 1.3 * double(short_kb));  // ...in about the same memory
  fs::remove_all(short_out);
  fs::remove_all(long_out);
}

TEST_CASE("a trace file that cannot be written is one line, exit 1, and leaves the previous one untouched",
          "[app][trace]") {
  // With a file size limit of 64 kB (SIGXFSZ ignored, so a write beyond it fails
  // with EFBIG, as on a full disk), a 10 s trace cannot be written.
  for (const std::string file : {"trace.json", "power.vcd"}) {
    INFO(file);
    const fs::path out = fresh_directory("trace-efbig");
    fs::create_directories(out);
    const std::string previous = "the previous run's " + file + "\n";
    std::ofstream(out / file) << previous;
    const std::string flag = file == "trace.json" ? "--trace" : "--vcd";
    const std::string run = std::string(WAKESIM_BINARY) + " run " +
                            shell_quoted(source_path("scenarios/pl330_periodic.yaml")) +
                            " --set scenario.duration=10s --quiet " + flag + " --out " + shell_quoted(out.string());
    const auto outcome = run_in_bash("trap '' XFSZ; ulimit -f 64; exec " + run);
    INFO(outcome.errors);
    CHECK(outcome.exit_code == 1);
    CHECK(std::count(outcome.errors.begin(), outcome.errors.end(), '\n') == 1);
    CHECK(outcome.errors.find("cannot write " + (out / file).string() + ": File too large") != std::string::npos);
    CHECK(outcome.errors.find("E549") == std::string::npos);
    CHECK(outcome.errors.find("uncaught") == std::string::npos);
    // Nothing of the failed run: no temporary file, no report, the previous file as it was.
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(out)) left.push_back(entry.path().filename().string());
    CHECK(left == std::vector<std::string>{file});
    CHECK(file_text(out / file) == previous);
    fs::remove_all(out);
  }
}

// The trace path allocates nothing per event: the models report a state change,
// a counter value or a job to the recorder on every event of a traced run, and
// the recorder and both writers (into their files) must not touch the heap for
// it once the window is open and the lanes exist, nor before the window opens.
// This executable counts every call of the global operator new (or, under
// AddressSanitizer, every allocation it reports).
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <new>
#include <string>

#include <unistd.h>

#include "wakesim/app/atomic_output_file.h"
#include "wakesim/app/chrome_trace_writer.h"
#include "wakesim/app/trace_recorder.h"
#include "wakesim/app/vcd_trace_writer.h"

namespace {
std::uint64_t allocations = 0;
}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer owns operator new; it reports every allocation to a hook.
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                                         void (*free_hook)(const volatile void*));

namespace {
void count_allocation(const volatile void*, std::size_t) { ++allocations; }
void ignore_free(const volatile void*) {}  // both hooks are required
const int hooks_installed = __sanitizer_install_malloc_and_free_hooks(count_allocation, ignore_free);
}  // namespace
#else
void* operator new(std::size_t size) {
  ++allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
// GCC cannot see that this operator new is the malloc behind this delete.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

using namespace wakesim;
using Group = TraceSink::Group;
using Unit = TraceSink::Arg::Unit;

TEST_CASE("trace recorder and writers allocate nothing per event once the window is open and the lanes exist",
          "[trace][allocation]") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("wakesim-trace-allocations-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    AtomicOutputFile json_file((dir / "trace.json").string());
    AtomicOutputFile vcd_file((dir / "power.vcd").string());
    ChromeTraceWriter chrome(json_file, {{"scenario", "allocations"}});
    VcdTraceWriter vcd(vcd_file, {{"scenario", "allocations"}});
    constexpr std::uint64_t kWindowStart = 100'000;
    TraceRecorder recorder({kWindowStart, std::numeric_limits<std::uint64_t>::max()}, {&chrome, &vcd});
    const auto domain = recorder.add_state_track(Group::power_domain, "pd", {"on", "off"}, 0, 0);
    const auto device =
        recorder.add_state_track(Group::device, "dev", {"active", "resuming", "suspended", "suspending"}, 2, 0);
    const auto domain_power = recorder.add_counter(Group::power_domain, "pd", "W", 0.002, 0);
    const auto device_power = recorder.add_counter(Group::device, "dev", "W", 0.0, 0);
    const auto client = recorder.add_slice_track(Group::client, "cl");
    // A job as a client reports it: 75 ps long, one every 50 ps, so on two lanes.
    TraceSink::Slice job{"job", 0, 0, {{"id", 1}, {"latency", 75, Unit::picoseconds}}, {}};
    job.children.push_back({"pm_wait", 0, 0, {}, {}});
    job.children.push_back({"dma", 0, 0, {}, {}});

    std::uint64_t now = 0;
    const auto events = [&](int count) {
      for (int i = 0; i < count; ++i) {
        now += 10;
        recorder.state(device, static_cast<std::size_t>(i % 4), now);
        recorder.state(device, static_cast<std::size_t>((i + 1) % 4), now);  // a state that lasts no time
        recorder.counter(device_power, 0.001 * (i % 3) + 1e-7 * i, now);
        if (i % 7 == 0) {
          recorder.state(domain, static_cast<std::size_t>((i / 7) % 2), now);
          recorder.counter(domain_power, (i / 7) % 2 ? 5e-05 : 0.002, now);
        }
        if (i % 5 == 0 && now >= 75) {
          job.begin_ps = now - 75;
          job.end_ps = now;
          job.args[0].value = static_cast<std::uint64_t>(i);
          job.children[0] = {"pm_wait", now - 75, now - 40, {}, {}};
          job.children[1] = {"dma", now - 40, now, {}, {}};
          recorder.slice(client, job);
        }
      }
    };
    std::uint64_t before = allocations;
    events(9'000);  // before the window opens at 100 000 ps
    const std::uint64_t outside = allocations - before;
    REQUIRE(now < kWindowStart);
    before = allocations;
    events(2'000);  // the window opens (the headers), the lanes come
    const std::uint64_t warm_up = allocations - before;
    before = allocations;
    events(20'000);
    const std::uint64_t inside = allocations - before;
    recorder.finish(now + 1);
    json_file.complete();
    vcd_file.complete();
    CHECK(warm_up > 0);  // the counter works: the headers and the lane's metadata allocate
    CHECK(outside == 0);
    CHECK(inside == 0);
  }
  std::filesystem::remove_all(dir);
}

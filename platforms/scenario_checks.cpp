#include "wakesim/platforms/scenario_checks.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "wakesim/core/config_error.h"
#include "wakesim/core/units.h"
#include "wakesim/platforms/config_limits.h"

namespace wakesim {
namespace {

constexpr std::uint64_t kMaxAddress = std::numeric_limits<std::uint64_t>::max();

// [base, base + size) with size > 0. All arithmetic below avoids overflow: the
// end is computed only where it is known to fit.
struct Range {
  std::uint64_t base = 0;
  std::uint64_t size = 0;

  bool inside(const Range& outer) const {
    if (base < outer.base) return false;
    const std::uint64_t offset = base - outer.base;
    return offset < outer.size && size <= outer.size - offset;
  }
  bool overlaps(const Range& other) const {
    return base < other.base ? other.base - base < size : base - other.base < other.size;
  }
  // "[0x80000000, 0x80010000)", or "[0x..., 0x... + 0x...)" when the end does not fit.
  std::string text() const {
    if (size > kMaxAddress - base) return fmt::format("[{:#x}, {:#x} + {:#x})", base, base, size);
    return fmt::format("[{:#x}, {:#x})", base, base + size);
  }
};

Range range_of(const DmaBufferRegion& buffer) { return Range{buffer.base, buffer.size.bytes}; }

struct Buffer {
  const char* key;  // "source_buffer"
  Range range;
  bool written;  // the DMA writes it (the destination)
};

Buffer source_of(const ClientSpec& client) { return {"source_buffer", range_of(client.params.source), false}; }
Buffer destination_of(const ClientSpec& client) {
  return {"destination_buffer", range_of(client.params.destination), true};
}

std::string client_path(std::size_t index, const std::string& key) {
  return fmt::format("scenario.clients.{}.{}", index, key);
}

[[noreturn]] void fail(const ClientSpec& client, std::size_t index, const std::string& key,
                       const std::string& message) {
  throw ConfigError(client.where, client_path(index, key), fmt::format("client '{}': {}", client.name, message));
}

void check_placement(const ClientSpec& client, std::size_t index, const Buffer& buffer, const PlatformSpec& platform) {
  const Range& range = buffer.range;
  if (range.size > kMaxAddress - range.base)
    fail(client, index, buffer.key,
         fmt::format("{} base {:#x} + size {:#x} runs past the end of the 64-bit address space", buffer.key, range.base,
                     range.size));
  const Range dram{platform.dram.base, platform.dram.params.size.bytes};
  if (!range.inside(dram))
    fail(client, index, buffer.key,
         fmt::format("{} {} is not inside the DRAM {} of platform '{}' (unmapped DMA address)", buffer.key,
                     range.text(), dram.text(), platform.name));
  for (const IommuSpec& iommu : platform.iommus) {
    const Range tables{iommu.page_table_base, iommu.page_table_size};
    if (tables.size != 0 && range.overlaps(tables))
      fail(client, index, buffer.key,
           fmt::format("{} {} overlaps the page tables {} of IOMMU '{}'; DMA would corrupt them", buffer.key,
                       range.text(), tables.text(), iommu.device.name));
  }
}

// Job arrivals in [0, duration): a periodic source releases at phase + k * period,
// a Poisson source about (duration - start) / mean times.
// A bursty source about rate x (duration - start). A trace has its rows. A
// stream issues as many as complete, which no arrival rate bounds (not checked).
std::uint64_t expected_jobs(const WorkloadSpec& workload, std::uint64_t duration) {
  switch (workload.kind) {
    case WorkloadKind::periodic: {
      const std::uint64_t phase = workload.periodic.phase.value();
      const std::uint64_t period = workload.periodic.period.value();
      if (phase >= duration || period == 0) return 0;
      return (duration - phase - 1) / period + 1;
    }
    case WorkloadKind::poisson: {
      const std::uint64_t start = workload.poisson.start.value();
      // A `rate` instead of a mean inter-arrival time: its inverse, whole ps.
      const PoissonSourceParams& poisson = workload.poisson;
      const double rate = poisson.rate.hertz;
      const std::uint64_t mean = poisson.mean_interarrival != sc_core::SC_ZERO_TIME ? poisson.mean_interarrival.value()
                                 : rate > 0.0 && rate <= 1e12 ? static_cast<std::uint64_t>(1e12 / rate)
                                                              : std::uint64_t{1};
      if (start >= duration || mean == 0) return 0;
      return (duration - start) / mean;
    }
    case WorkloadKind::bursty: {
      const std::uint64_t start = workload.bursty.start.value();
      if (start >= duration) return 0;
      const double jobs =
          BurstySource::mean_rate_per_second(workload.bursty) * static_cast<double>(duration - start) * 1e-12;
      return jobs >= 1.8e19 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(jobs);
    }
    case WorkloadKind::trace: return workload.trace.rows;
    case WorkloadKind::stream: return 0;  // closed loop: as many as the path completes
  }
  return 0;
}

// The per-job size and deadline of the generated workloads (a trace's rows were
// checked by its reader).
struct JobShape {
  const JobSize* bytes = nullptr;
  const std::optional<sc_core::sc_time>* deadline = nullptr;
  const char* gap_key = nullptr;  // what to lengthen when there are too many jobs
};

JobShape shape_of(const WorkloadSpec& workload) {
  switch (workload.kind) {
    case WorkloadKind::periodic: return {&workload.periodic.bytes, &workload.periodic.relative_deadline, "period"};
    case WorkloadKind::poisson:
      return {&workload.poisson.bytes, &workload.poisson.relative_deadline, "mean_interarrival"};
    case WorkloadKind::bursty: return {&workload.bursty.bytes, &workload.bursty.relative_deadline, "gap"};
    case WorkloadKind::stream: return {&workload.stream.bytes, &workload.stream.relative_deadline, "outstanding"};
    case WorkloadKind::trace: return {};
  }
  return {};
}

Duration duration_of(const sc_core::sc_time& time) { return Duration{time.value()}; }

JobDirection direction_of(const WorkloadSpec& workload) {
  switch (workload.kind) {
    case WorkloadKind::periodic: return workload.periodic.direction;
    case WorkloadKind::poisson: return workload.poisson.direction;
    case WorkloadKind::bursty: return workload.bursty.direction;
    case WorkloadKind::stream: return workload.stream.direction;
    case WorkloadKind::trace: break;
  }
  return JobDirection::copy;
}

// At most how many scatter-gather segments a job of `bytes` becomes
// (DmaengineClient::prepare_descriptor): a new one wherever it wraps around a
// buffer it touches. Anything above kMaxSegmentsPerJob is kMaxSegmentsPerJob + 1.
// A job that may start inside a buffer (`offset`: addressed, or a trace row's
// offset) may wrap once more.
std::uint64_t segments_of(std::uint64_t bytes, JobDirection direction, const DmaengineClientParams& p, bool offset) {
  const std::uint64_t extra = offset ? 1 : 0;
  const std::uint64_t source_wraps = direction == JobDirection::write ? 0 : (bytes - 1) / p.source.size.bytes + extra;
  const std::uint64_t destination_wraps =
      direction == JobDirection::read ? 0 : (bytes - 1) / p.destination.size.bytes + extra;
  if (source_wraps >= kMaxSegmentsPerJob || destination_wraps >= kMaxSegmentsPerJob) return kMaxSegmentsPerJob + 1;
  return source_wraps + destination_wraps + 1;
}

}  // namespace

// A client's `cpu` must be one of the platform's CPUs.
void check_client_cpus(const ScenarioSpec& scenario, const PlatformSpec& platform) {
  unsigned count = 0;
  if (platform.cpus)
    for (const CpuClusterSpec& cluster : platform.cpus->clusters) count += cluster.cpus;
  for (std::size_t i = 0; i < scenario.clients.size(); ++i) {
    const ClientSpec& client = scenario.clients[i];
    if (!client.params.cpu || *client.params.cpu < count) continue;
    if (count == 0) fail(client, i, "cpu", "the platform has no `cpus` section to place the client on");
    fail(client, i, "cpu",
         fmt::format("there is no cpu{}: the platform has {} CPUs (0..{})", *client.params.cpu, count, count - 1));
  }
}

namespace {

// The IOMMU a client's channel goes through, or null.
const IommuSpec* iommu_of(const ClientSpec& client, const PlatformSpec& platform) {
  const auto dma = std::find_if(platform.dmas.begin(), platform.dmas.end(),
                                [&](const DmaSpec& spec) { return spec.device.name == client.dma; });
  if (dma == platform.dmas.end()) return nullptr;
  const std::vector<DmaChannelParams>& channels = dma->params.channel_params;
  const unsigned port = client.channel < channels.size() ? channels[client.channel].port : 0;
  if (port >= dma->port_iommus.size() || dma->port_iommus[port].empty()) return nullptr;
  for (const IommuSpec& iommu : platform.iommus)
    if (iommu.device.name == dma->port_iommus[port]) return &iommu;
  return nullptr;
}

}  // namespace

void check_client_page_sizes(const ScenarioSpec& scenario, const PlatformSpec& platform) {
  for (std::size_t i = 0; i < scenario.clients.size(); ++i) {
    const ClientSpec& client = scenario.clients[i];
    if (!client.map_page_size) continue;
    const IommuSpec* iommu = iommu_of(client, platform);
    if (!iommu) continue;  // no IOMMU on the path: nothing is mapped
    const std::unique_ptr<PageTableFormat> table_format = make_page_table_format(iommu->format);
    const std::uint64_t size = *client.map_page_size;
    if ((size & (size - 1)) == 0 && (table_format->page_sizes() & size) != 0) continue;
    std::string sizes;
    for (std::uint64_t bit = 1; bit != 0; bit <<= 1)
      if (table_format->page_sizes() & bit) sizes += (sizes.empty() ? "" : ", ") + format(ByteSize{bit});
    fail(client, i, "map_page_size",
         fmt::format("{} is not a page size of IOMMU '{}' ({}: {}, or `largest`)", format(ByteSize{size}),
                     iommu->device.name, table_format->name(), sizes));
  }
}

std::uint64_t map_page_sizes(const ClientSpec& client, const PageTableFormat& format) {
  if (!client.map_page_size) return format.page_sizes();
  return format.page_sizes() & (*client.map_page_size | (*client.map_page_size - 1));
}

void check_client_buffers(const ScenarioSpec& scenario, const PlatformSpec& platform) {
  const std::vector<ClientSpec>& clients = scenario.clients;
  for (std::size_t i = 0; i < clients.size(); ++i) {
    const ClientSpec& client = clients[i];
    const Buffer source = source_of(client);
    const Buffer destination = destination_of(client);
    check_placement(client, i, source, platform);
    check_placement(client, i, destination, platform);
    if (source.range.overlaps(destination.range))
      fail(client, i, destination.key,
           fmt::format("source_buffer {} and destination_buffer {} overlap", source.range.text(),
                       destination.range.text()));
  }
  // Two clients writing the same memory, or one writing what another reads: each
  // client's buffers against those of the clients before it, reported at the later
  // one. Two sources may overlap (reading is harmless).
  for (std::size_t i = 0; i < clients.size(); ++i) {
    const Buffer mine[] = {destination_of(clients[i]), source_of(clients[i])};
    for (std::size_t j = 0; j < i; ++j) {
      const Buffer theirs[] = {destination_of(clients[j]), source_of(clients[j])};
      for (const Buffer& a : mine) {
        for (const Buffer& b : theirs) {
          if ((!a.written && !b.written) || !a.range.overlaps(b.range)) continue;
          const char* why = a.written && b.written ? "two clients would write the same memory"
                            : a.written            ? "it would overwrite what that client reads"
                                                   : "that client would overwrite what this one reads";
          fail(clients[i], i, a.key,
               fmt::format("{} {} overlaps the {} {} of client '{}' ({})", a.key, a.range.text(), b.key, b.range.text(),
                           clients[j].name, why));
        }
      }
    }
  }
}

namespace {

// A job that wraps around a small buffer is one scatter-gather segment per wrap,
// each held by the client and by the descriptor.
void check_job_segments(const ClientSpec& client, std::size_t index, const char* key, std::uint64_t bytes,
                        JobDirection direction, const std::string& what, bool offset) {
  if (bytes == 0 || segments_of(bytes, direction, client.params, offset) <= kMaxSegmentsPerJob) return;
  fail(client, index, key,
       fmt::format("{}a job of {} wraps around its {} source_buffer or {} destination_buffer into more than {} "
                   "scatter-gather segments (make the buffers larger or the jobs smaller)",
                   what, format(ByteSize{bytes}), format(client.params.source.size),
                   format(client.params.destination.size), kMaxSegmentsPerJob));
}

void check_job_segments(const ClientSpec& client, std::size_t index) {
  const WorkloadSpec& workload = client.workload;
  if (workload.kind != WorkloadKind::trace) {
    const JobSize& size = *shape_of(workload).bytes;
    check_job_segments(client, index, size.is_fixed() ? "workload.bytes" : "workload.bytes_range.max", size.max.bytes,
                       direction_of(workload), "", workload.addressing.pattern != AddressPattern::base);
    return;
  }
  // A job wraps into more segments the larger it is: each direction's largest row decides.
  for (const JobDirection direction : {JobDirection::read, JobDirection::write, JobDirection::copy}) {
    const JobTraceSelection::LargestJob& largest = workload.trace.largest_of(direction);
    check_job_segments(client, index, "workload.file", largest.bytes, direction,
                       fmt::format("trace row at line {}: ", largest.line), /*offset=*/false);
  }
}

}  // namespace

void check_client_workloads(const ScenarioSpec& scenario) {
  const std::uint64_t duration = scenario.duration.value();
  for (std::size_t i = 0; i < scenario.clients.size(); ++i) {
    const ClientSpec& client = scenario.clients[i];
    const WorkloadSpec& workload = client.workload;
    const bool periodic = workload.kind == WorkloadKind::periodic;
    const JobShape shape = shape_of(workload);
    if (!shape.bytes) {  // a trace: its reader checked each row
      check_job_segments(client, i);
      continue;
    }
    const JobSize& bytes = *shape.bytes;
    const std::optional<sc_core::sc_time>& deadline = *shape.deadline;
    if (bytes.is_fixed() && bytes.min.bytes == 0)
      fail(client, i, "workload.bytes", "workload.bytes is 0B; a job must move at least 1B");
    if (bytes.min.bytes == 0)
      fail(client, i, "workload.bytes_range.min", "workload.bytes_range min is 0B; a job must move at least 1B");
    if (bytes.min.bytes > bytes.max.bytes)
      fail(client, i, "workload.bytes_range",
           fmt::format("workload.bytes_range min {} is above max {}", format(bytes.min), format(bytes.max)));
    if (deadline && *deadline == sc_core::SC_ZERO_TIME)
      fail(client, i, "workload.deadline", "workload.deadline must be positive");
    constexpr std::uint64_t kMaxJitterPs = std::uint64_t{1} << 62;  // as PeriodicSource
    if (periodic && workload.periodic.jitter.value() >= kMaxJitterPs)
      fail(client, i, "workload.jitter",
           fmt::format("workload.jitter {} is too large; it must be below 2^62 ps (about 53 days)",
                       format(duration_of(workload.periodic.jitter))));
    const std::uint64_t jobs = expected_jobs(workload, duration);
    if (jobs > kMaxJobsPerClient) {
      const char* key = shape.gap_key;
      const sc_core::sc_time& gap = periodic                                 ? workload.periodic.period
                                    : workload.kind == WorkloadKind::poisson ? workload.poisson.mean_interarrival
                                                                             : workload.bursty.gap;
      fail(client, i, fmt::format("workload.{}", key),
           fmt::format("a workload.{} of {} over a duration of {} is about {} jobs; a run "
                       "simulates at most {} per client (lengthen the {} or shorten the duration)",
                       key, format(duration_of(gap)), format(duration_of(scenario.duration)), jobs, kMaxJobsPerClient,
                       key));
    }
    check_job_segments(client, i);
  }
}

}  // namespace wakesim

#include "wakesim/platforms/scenario_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "wakesim/core/config_error.h"
#include "wakesim/core/input_file.h"
#include "wakesim/core/spelling.h"
#include "wakesim/drivers/resume_policy.h"
#include "wakesim/platforms/config_limits.h"
#include "wakesim/platforms/parameter_keys.h"
#include "wakesim/platforms/platform_reader.h"
#include "wakesim/platforms/scenario_checks.h"

namespace wakesim {
namespace {

sc_core::sc_time time_of(Duration duration) { return duration.to_sc_time(); }

JobSize read_job_size(const ConfigNode& workload) {
  if (workload.has("bytes")) return JobSize::fixed(workload.size("bytes"));
  const ConfigNode range = workload.child("bytes_range");
  return JobSize::uniform(range.size("min"), range.size("max"));
}

IntervalShape read_interval_shape(const ConfigNode& node, const char* key) {
  return node.enum_or(key, kIntervalShapeNames, IntervalShape::exponential);
}

void read_bursty(const ConfigNode& node, BurstySourceParams& p) {
  p.burst_shape = node.enum_or(PARAMETER_KEY(kBurstySourceParamsKeys, "burst_shape"), kBurstLengthShapeNames,
                               BurstLengthShape::geometric);
  p.burst_jobs = node.real(PARAMETER_KEY(kBurstySourceParamsKeys, "burst_jobs"), 1.0, 1e9);
  if (p.burst_shape == BurstLengthShape::fixed &&
      p.burst_jobs != static_cast<double>(static_cast<std::uint64_t>(p.burst_jobs)))
    node.value("burst_jobs").fail("a fixed burst length must be a whole number");
  p.spacing = time_of(node.duration_or(PARAMETER_KEY(kBurstySourceParamsKeys, "spacing"), Duration{}));
  p.spacing_shape = read_interval_shape(node, "spacing_shape");
  p.gap = time_of(node.duration(PARAMETER_KEY(kBurstySourceParamsKeys, "gap")));
  if (p.gap == sc_core::SC_ZERO_TIME) node.value("gap").fail("the gap between bursts must be positive");
  p.gap_shape = read_interval_shape(node, "gap_shape");
  p.start = time_of(node.duration_or(PARAMETER_KEY(kBurstySourceParamsKeys, "start"), Duration{}));
}

// Client `client`'s rows of its trace file (its own index in the client column
// unless the workload names another value), checked and counted here; the replay
// streams them. A file that cannot be read is refused at the `file` key.
JobTraceSelection read_trace(const ConfigNode& node, const std::string& scenario_directory, std::uint32_t client) {
  const ConfigNode file = node.value("file");
  const std::string path = (std::filesystem::path(scenario_directory) / file.as_string()).lexically_normal().string();
  const auto wanted = static_cast<std::uint32_t>(node.integer_or("client", client, 0, 0xffffffff));
  if (const std::optional<std::string> problem = unreadable_input_problem(path))
    file.fail(fmt::format("cannot read trace '{}': {}", path, *problem));
  const JobTraceSelection selection = select_job_trace_rows(path, wanted, client);  // throws JobTraceError
  if (selection.rows == 0) file.fail(fmt::format("trace '{}' has no rows for client {}", path, wanted));
  return selection;
}

// Keys added after the seed scenarios are read only when present, so a file
// without them keeps its effective configuration (and its report).
JobSourceLimits read_limits(const ConfigNode& node) {
  JobSourceLimits limits;
  if (node.has(PARAMETER_KEY(kJobSourceLimitsKeys, "stop_time")))
    limits.stop_time = time_of(node.duration("stop_time"));
  if (node.has(PARAMETER_KEY(kJobSourceLimitsKeys, "max_jobs")))
    limits.max_jobs = static_cast<std::uint64_t>(node.integer("max_jobs", 0));
  return limits;
}

// The bytes a job's start offset indexes: the buffer its direction touches
// (copy: the smaller of the two, so an offset fits both).
std::uint64_t addressed_bytes(JobDirection direction, const DmaengineClientParams& buffers) {
  const std::uint64_t source = buffers.source.size.bytes;
  const std::uint64_t destination = buffers.destination.size.bytes;
  switch (direction) {
    case JobDirection::read: return source;
    case JobDirection::write: return destination;
    case JobDirection::copy: break;
  }
  return std::min(source, destination);
}

// A key that only one pattern reads, given with another one.
void refuse_unless(const ConfigNode& node, const char* key, bool wanted, const std::string& pattern,
                   const char* owner) {
  if (!wanted && node.has(key))
    node.value(key).fail(fmt::format("`{}` applies to pattern {} only, not {}", key, owner, pattern));
}

// workload.address: where each generated job starts (JobAddressing). Absent:
// every job at the buffers' base.
JobAddressingParams read_addressing(const ConfigNode& workload, JobDirection direction,
                                    const DmaengineClientParams& buffers, std::uint64_t largest_job) {
  JobAddressingParams params;
  const std::optional<ConfigNode> found = workload.optional_child(PARAMETER_KEY(kWorkloadSpecKeys, "address"));
  if (!found) return params;
  const ConfigNode& node = *found;
  params.pattern =
      node.enum_or(PARAMETER_KEY(kJobAddressingParamsKeys, "pattern"), kAddressPatternNames, AddressPattern::base);
  const char* pattern = kAddressPatternNames.name(params.pattern);
  const bool base = params.pattern == AddressPattern::base;
  refuse_unless(node, "window", !base, pattern, "sequential, strided or random");
  refuse_unless(node, "stride", params.pattern == AddressPattern::strided, pattern, "strided");
  refuse_unless(node, "align", params.pattern == AddressPattern::random, pattern, "random");
  if (base) return params;
  const std::uint64_t buffer = addressed_bytes(direction, buffers);
  const char* buffer_name = direction == JobDirection::read    ? "source_buffer"
                            : direction == JobDirection::write ? "destination_buffer"
                                                               : "smaller buffer";
  params.window = node.size_or(PARAMETER_KEY(kJobAddressingParamsKeys, "window"), ByteSize{buffer}).bytes;
  if (params.window == 0) node.value("window").fail("the window must not be empty");
  if (params.window > buffer)
    node.value("window").fail(fmt::format("the window {} is larger than the {} ({}) the jobs' offsets index",
                                          format(ByteSize{params.window}), buffer_name, format(ByteSize{buffer})));
  if (params.pattern == AddressPattern::strided) {
    params.stride = node.size(PARAMETER_KEY(kJobAddressingParamsKeys, "stride")).bytes;
    if (params.stride == 0) node.value("stride").fail("the stride must be positive");
  }
  if (params.pattern == AddressPattern::random) {
    params.align = node.size_or(PARAMETER_KEY(kJobAddressingParamsKeys, "align"), ByteSize{1}).bytes;
    if (params.align == 0) node.value("align").fail("the alignment must be positive");
    if (params.align > params.window)
      node.value("align").fail(fmt::format("the alignment {} is larger than the window {}",
                                           format(ByteSize{params.align}), format(ByteSize{params.window})));
    if (largest_job > params.window)
      node.value(node.has("window") ? "window" : "pattern")
          .fail(fmt::format("a random window of {} cannot hold a job of {}", format(ByteSize{params.window}),
                            format(ByteSize{largest_job})));
  }
  return params;
}

void read_stream(const ConfigNode& node, StreamSourceParams& p) {
  p.outstanding = static_cast<std::uint32_t>(
      node.integer(PARAMETER_KEY(kStreamSourceParamsKeys, "outstanding"), 1, kMaxStreamOutstanding));
  p.start = time_of(node.duration_or(PARAMETER_KEY(kStreamSourceParamsKeys, "start"), Duration{}));
  if (node.has(PARAMETER_KEY(kStreamSourceParamsKeys, "duration"))) {
    if (node.has("stop_time")) node.value("duration").fail("give duration or stop_time, not both: both end the stream");
    const sc_core::sc_time duration = time_of(node.duration("duration"));
    if (duration == sc_core::SC_ZERO_TIME) node.value("duration").fail("a stream's duration must be positive");
    p.limits.stop_time = p.start + duration;
  }
}

// What every generated workload's jobs share: size, deadline, direction, client.
template <typename SourceParams>
void read_job_shape(const ConfigNode& node, std::optional<sc_core::sc_time> deadline, JobDirection direction,
                    std::uint32_t client, SourceParams& p) {
  p.bytes = read_job_size(node);
  p.relative_deadline = deadline;
  p.direction = direction;
  p.client = client;
}

WorkloadSpec read_workload(const ConfigNode& node, std::uint32_t client, const std::string& scenario_directory,
                           const DmaengineClientParams& buffers) {
  WorkloadSpec spec;
  spec.kind = node.enum_value(PARAMETER_KEY(kWorkloadSpecKeys, "type"), kWorkloadKindNames);
  if (spec.kind == WorkloadKind::trace) {
    spec.trace = read_trace(node, scenario_directory, client);
    return spec;
  }
  std::optional<sc_core::sc_time> deadline;
  if (node.has(PARAMETER_KEY(kPeriodicSourceParamsKeys, "deadline")))
    deadline = time_of(node.duration(PARAMETER_KEY(kPeriodicSourceParamsKeys, "deadline")));
  const JobDirection direction =
      node.enum_or(PARAMETER_KEY(kPeriodicSourceParamsKeys, "direction"), kJobDirectionNames, JobDirection::copy);
  if (spec.kind == WorkloadKind::periodic) {
    PeriodicSourceParams& p = spec.periodic;
    p.period = time_of(node.duration(PARAMETER_KEY(kPeriodicSourceParamsKeys, "period")));
    if (p.period == sc_core::SC_ZERO_TIME) node.value("period").fail("the period must be positive");
    p.phase = time_of(node.duration_or(PARAMETER_KEY(kPeriodicSourceParamsKeys, "phase"), Duration{}));
    p.jitter = time_of(node.duration_or(PARAMETER_KEY(kPeriodicSourceParamsKeys, "jitter"), Duration{}));
    if (p.jitter > p.period) node.value("jitter").fail("the jitter must not exceed the period");
    if (node.has(PARAMETER_KEY(kPeriodicSourceParamsKeys, "jitter_shape")))
      p.jitter_shape = node.enum_value(PARAMETER_KEY(kPeriodicSourceParamsKeys, "jitter_shape"), kJitterShapeNames);
    if (node.has(PARAMETER_KEY(kPeriodicSourceParamsKeys, "deadline_from"))) {
      if (!deadline) node.value("deadline_from").fail("deadline_from needs a deadline");
      p.deadline_from = node.enum_value(PARAMETER_KEY(kPeriodicSourceParamsKeys, "deadline_from"), kDeadlineFromNames);
    }
    p.limits = read_limits(node);
    read_job_shape(node, deadline, direction, client, p);
  } else if (spec.kind == WorkloadKind::bursty) {
    BurstySourceParams& p = spec.bursty;
    read_bursty(node, p);
    p.limits = read_limits(node);
    read_job_shape(node, deadline, direction, client, p);
  } else if (spec.kind == WorkloadKind::stream) {
    StreamSourceParams& p = spec.stream;
    p.limits = read_limits(node);
    read_stream(node, p);
    read_job_shape(node, deadline, direction, client, p);
  } else {
    PoissonSourceParams& p = spec.poisson;
    if (node.has(PARAMETER_KEY(kPoissonSourceParamsKeys, "rate"))) {
      if (node.has(PARAMETER_KEY(kPoissonSourceParamsKeys, "mean_interarrival")))
        node.value("rate").fail("give rate or mean_interarrival, not both: one is the other's inverse");
      const ConfigNode rate = node.value("rate");
      p.rate = rate.as_frequency();
      if (!(p.rate.hertz > 0.0) || p.rate.hertz > 1e12) rate.fail("the rate must be above 0Hz and at most 1THz");
    } else {
      p.mean_interarrival = time_of(node.duration(PARAMETER_KEY(kPoissonSourceParamsKeys, "mean_interarrival")));
      if (p.mean_interarrival == sc_core::SC_ZERO_TIME)
        node.value("mean_interarrival").fail("the mean inter-arrival time must be positive");
    }
    p.limits = read_limits(node);
    p.start = time_of(node.duration_or(PARAMETER_KEY(kPoissonSourceParamsKeys, "start"), Duration{}));
    read_job_shape(node, deadline, direction, client, p);
  }
  const JobSize& bytes = spec.kind == WorkloadKind::periodic ? spec.periodic.bytes
                         : spec.kind == WorkloadKind::bursty ? spec.bursty.bytes
                         : spec.kind == WorkloadKind::stream ? spec.stream.bytes
                                                             : spec.poisson.bytes;
  spec.addressing = read_addressing(node, direction, buffers, bytes.max.bytes);
  return spec;
}

DmaBufferRegion read_buffer(const ConfigNode& node) {
  DmaBufferRegion region;
  region.base = static_cast<std::uint64_t>(node.integer(PARAMETER_KEY(kDmaBufferRegionKeys, "base"), 0));
  region.size = node.size(PARAMETER_KEY(kDmaBufferRegionKeys, "size"));
  if (region.size.bytes == 0) node.value("size").fail("a buffer must not be empty");
  if (region.size.bytes > kMaxBufferBytes)
    node.value("size").fail(fmt::format("a buffer is at most {}", format(ByteSize{kMaxBufferBytes})));
  return region;
}

// A dmaengine channel belongs to one client (dma_request_chan() hands it out
// once); a second client on it is refused at its `channel`.
void check_channel_free(const ConfigNode& node, const std::vector<ClientSpec>& clients) {
  const ClientSpec& mine = clients.back();
  for (std::size_t i = 0; i + 1 < clients.size(); ++i) {
    if (clients[i].dma != mine.dma || clients[i].channel != mine.channel) continue;
    const std::string message = fmt::format("channel {} of '{}' is taken by client '{}': a channel serves one client",
                                            mine.channel, mine.dma, clients[i].name);
    if (node.has("channel")) node.value("channel").fail(message);
    throw ConfigError(node.location(), node.path() + ".channel", message + " (channel 0 is the default)");
  }
}

// The simulated DRAM keeps every page a job writes: the destination buffers of
// all clients together are bounded.
void check_destination_total(const ConfigNode& node, const std::vector<ClientSpec>& clients) {
  std::uint64_t total = 0;
  for (const ClientSpec& client : clients) total += client.params.destination.size.bytes;
  if (total > kMaxDestinationBytes)
    node.child("destination_buffer")
        .value("size")
        .fail(fmt::format("the destination buffers of the clients so far add up to {}; together they are at most {}",
                          format(ByteSize{total}), format(ByteSize{kMaxDestinationBytes})));
}

ClientSpec read_client(const ConfigNode& node, std::uint32_t index, const std::string& scenario_directory) {
  ClientSpec spec;
  spec.where = node.location();
  spec.name = read_object_name(node);
  spec.dma = node.string(PARAMETER_KEY(kClientSpecKeys, "dma"));
  spec.channel = static_cast<unsigned>(node.integer_or(PARAMETER_KEY(kClientSpecKeys, "channel"), 0, 0, 63));
  DmaengineClientParams& p = spec.params;
  p.policy = node.enum_value(PARAMETER_KEY(kDmaengineClientParamsKeys, "policy"), kResumePolicyNames);
  p.data_prepare_time =
      time_of(node.duration_or(PARAMETER_KEY(kDmaengineClientParamsKeys, "data_prepare_time"), Duration{}));
  p.early_resume = node.enum_or(PARAMETER_KEY(kDmaengineClientParamsKeys, "early_resume"), kEarlyResumeNames,
                                EarlyResume::device_link);
  p.helper_wakeup_latency = time_of(
      node.duration_or(PARAMETER_KEY(kDmaengineClientParamsKeys, "helper_wakeup_latency"), Duration{20'000'000}));
  p.stream_idle_gap =
      time_of(node.duration_or(PARAMETER_KEY(kDmaengineClientParamsKeys, "stream_idle_gap"), Duration{}));
  p.autosuspend_delay = time_of(node.duration_or(PARAMETER_KEY(kDmaengineClientParamsKeys, "autosuspend_delay"),
                                                 Duration{20'000'000'000ULL}));  // pl330: 20 ms
  p.source = read_buffer(node.child(PARAMETER_KEY(kDmaengineClientParamsKeys, "source_buffer")));
  p.destination = read_buffer(node.child(PARAMETER_KEY(kDmaengineClientParamsKeys, "destination_buffer")));
  p.mapping =
      node.enum_or(PARAMETER_KEY(kDmaengineClientParamsKeys, "mapping"), kBufferMappingNames, BufferMapping::at_probe);
  p.unmap_delay = time_of(node.duration_or(PARAMETER_KEY(kDmaengineClientParamsKeys, "unmap_delay"), Duration{}));
  if (node.has(PARAMETER_KEY(kDmaengineClientParamsKeys, "pm_context")))
    p.pm_context = node.enum_value(PARAMETER_KEY(kDmaengineClientParamsKeys, "pm_context"), kCallContextNames);
  if (node.has(PARAMETER_KEY(kDmaengineClientParamsKeys, "use_autosuspend")))
    p.use_autosuspend = node.boolean(PARAMETER_KEY(kDmaengineClientParamsKeys, "use_autosuspend"));
  if (node.has(PARAMETER_KEY(kDmaengineClientParamsKeys, "oversize")))
    p.oversize = node.enum_value(PARAMETER_KEY(kDmaengineClientParamsKeys, "oversize"), kOversizeJobNames);
  if (node.has(PARAMETER_KEY(kDmaengineClientParamsKeys, "cpu")))
    p.cpu = static_cast<unsigned>(node.integer(PARAMETER_KEY(kDmaengineClientParamsKeys, "cpu"), 0, 255));
  if (node.has(PARAMETER_KEY(kDmaengineClientParamsKeys, "cpu_latency_qos")))
    p.cpu_latency_qos = time_of(node.duration(PARAMETER_KEY(kDmaengineClientParamsKeys, "cpu_latency_qos")));
  if (node.has(PARAMETER_KEY(kDmaengineClientParamsKeys, "cpu_resume_latency_qos")))
    p.cpu_resume_latency_qos =
        time_of(node.duration(PARAMETER_KEY(kDmaengineClientParamsKeys, "cpu_resume_latency_qos")));
  spec.workload = read_workload(node.child(PARAMETER_KEY(kClientSpecKeys, "workload")), index, scenario_directory, p);
  // Read only when given: a scenario without it keeps its effective configuration.
  if (const std::optional<ConfigNode> page = node.optional_value(PARAMETER_KEY(kClientSpecKeys, "map_page_size")))
    if (!(page->is_scalar() && page->as_string() == "largest")) spec.map_page_size = page->as_size().bytes;
  return spec;
}

// Only the keys present: each one overrides the platform's value, and a key
// left out keeps it (apply_scenario_choices merges).
IommuPowerOverride read_iommu_power_override(const std::string& name, const ConfigNode& node) {
  IommuPowerOverride choice;
  choice.iommu = name;
  choice.where = node.location();
  if (node.has("power_binding")) {
    choice.binding = node.value("power_binding").as_enum(kIommuPowerBindingNames);
  }
  if (node.has(PARAMETER_KEY(kIommuPowerOverrideKeys, "use_autosuspend")))
    choice.use_autosuspend = node.value("use_autosuspend").as_boolean();
  if (node.has("autosuspend_delay")) choice.autosuspend_delay = time_of(node.duration("autosuspend_delay"));
  if (node.has("order_link")) choice.order_link = node.value("order_link").as_boolean();
  return choice;
}

}  // namespace

ScenarioSpec read_scenario(const ConfigNode& scenario, const std::string& scenario_directory) {
  ScenarioSpec spec;
  spec.name = scenario.string(PARAMETER_KEY(kScenarioSpecKeys, "name"));
  const ConfigNode platform = scenario.value("platform");
  spec.platform_file = (std::filesystem::path(scenario_directory) / platform.as_string()).lexically_normal().string();
  spec.seed = static_cast<std::uint64_t>(scenario.integer_or(PARAMETER_KEY(kScenarioSpecKeys, "seed"), 1, 0));
  spec.duration = time_of(scenario.duration(PARAMETER_KEY(kScenarioSpecKeys, "duration")));
  if (spec.duration == sc_core::SC_ZERO_TIME)
    scenario.value("duration").fail("the simulated duration must be positive");
  // Read only when given, so a scenario without it keeps its effective configuration.
  if (scenario.has(PARAMETER_KEY(kScenarioSpecKeys, "warmup")))
    spec.warmup = time_of(scenario.duration(PARAMETER_KEY(kScenarioSpecKeys, "warmup")));
  if (spec.warmup >= spec.duration) scenario.value("warmup").fail("the warm-up must be shorter than the duration");
  std::set<std::string> names;
  std::uint32_t index = 0;
  for (const ConfigNode& client :
       at_most(scenario.sequence(PARAMETER_KEY(kScenarioSpecKeys, "clients")), kMaxClients, "a scenario", "clients")) {
    spec.clients.push_back(read_client(client, index++, scenario_directory));
    if (!names.insert(spec.clients.back().name).second)
      client.value("name").fail(fmt::format("client '{}' is defined twice", spec.clients.back().name));
    check_channel_free(client, spec.clients);
    check_destination_total(client, spec.clients);
  }
  if (spec.clients.empty()) scenario.value("clients").fail("a scenario needs at least one client");
  if (auto iommus = scenario.optional_child(PARAMETER_KEY(kScenarioSpecKeys, "iommus"))) {
    for (const std::string& name : iommus->keys()) {
      const ConfigNode iommu = iommus->child(name);
      // The name is a segment of key paths (--set scenario.iommus.NAME.power_binding,
      // the effective configuration in report.json), which split at dots.
      if (name.find('.') != std::string::npos)
        iommu.fail(
            fmt::format("IOMMU '{}': a name here cannot contain '.' (it is a segment of "
                        "--set scenario.iommus.NAME... paths)",
                        name));
      spec.iommu_power.push_back(read_iommu_power_override(name, iommu));
    }
  }
  return spec;
}

void apply_scenario_choices(const ScenarioSpec& scenario, PlatformSpec& platform) {
  std::vector<std::string> names;
  for (const IommuSpec& iommu : platform.iommus) names.push_back(iommu.device.name);
  for (const IommuPowerOverride& choice : scenario.iommu_power) {
    auto it = std::find_if(platform.iommus.begin(), platform.iommus.end(),
                           [&](const IommuSpec& iommu) { return iommu.device.name == choice.iommu; });
    if (it == platform.iommus.end()) {
      std::string message = fmt::format("IOMMU '{}' is not in platform '{}'", choice.iommu, platform.name);
      if (auto near = closest_match(choice.iommu, names)) message += fmt::format("; did you mean '{}'?", *near);
      throw ConfigError(choice.where, "scenario.iommus", message);
    }
    choice.apply_to(it->power);
  }
}

void check_scenario_against(const ScenarioSpec& scenario, const PlatformSpec& platform) {
  std::vector<std::string> dmas;
  for (const DmaSpec& dma : platform.dmas) dmas.push_back(dma.device.name);
  for (const ClientSpec& client : scenario.clients) {
    auto it = std::find_if(platform.dmas.begin(), platform.dmas.end(),
                           [&](const DmaSpec& dma) { return dma.device.name == client.dma; });
    if (it == platform.dmas.end()) {
      std::string message = fmt::format("DMA controller '{}' is not in platform '{}'", client.dma, platform.name);
      if (auto near = closest_match(client.dma, dmas)) message += fmt::format("; did you mean '{}'?", *near);
      throw ConfigError(client.where, "scenario.clients", message);
    }
    if (client.channel >= it->params.channels)
      throw ConfigError(client.where, "scenario.clients",
                        fmt::format("channel {} does not exist: '{}' has {} channels", client.channel, client.dma,
                                    it->params.channels));
  }
  check_client_buffers(scenario, platform);
  check_client_page_sizes(scenario, platform);
  check_client_cpus(scenario, platform);
  check_client_workloads(scenario);
}

}  // namespace wakesim

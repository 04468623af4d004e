#include "wakesim/platforms/scenario.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "wakesim/core/config_error.h"
#include "wakesim/core/sanitizer_stack_bounds.h"
#include "wakesim/platforms/scenario_checks.h"
#include "wakesim/workload/bursty_source.h"
#include "wakesim/workload/periodic_source.h"
#include "wakesim/workload/poisson_source.h"
#include "wakesim/workload/stream_source.h"
#include "wakesim/workload/trace_replay_source.h"

namespace wakesim {

namespace {

// The runtime PM core draws its timing (pm_wq dispatch, timer slack) from the
// scenario's seed, in streams of its own.
PlatformSpec seeded(PlatformSpec platform, std::uint64_t seed) {
  platform.pm.random_seed = seed;
  return platform;
}

}  // namespace

Scenario::Scenario(const sc_core::sc_module_name& name, const ScenarioSpec& spec, const PlatformSpec& platform)
    : sc_core::sc_module(name),
      spec_(spec),
      streams_(spec.seed),
      platform_("soc", seeded(platform, spec.seed), ledger_) {
  enable_runtime_pm();
  SC_HAS_PROCESS(Scenario);
  SC_THREAD(boot);
  if (spec_.warmup != sc_core::SC_ZERO_TIME) SC_THREAD(end_warmup);
  std::uint32_t index = 0;
  for (const ClientSpec& client : spec_.clients) {
    auto driver = std::make_unique<DmaengineClient>(client.name.c_str(), platform_.dma(client.dma), client.channel,
                                                    client.params);
    connect_iommu(client, index++, *driver);
    sources_.push_back(make_source(client, *driver));
    clients_.push_back(std::move(driver));
  }
}

// A generated workload's addressing draws from a stream of its own
// ("<source>.address"), so addressing jobs never changes when they arrive. A
// stream's source learns of each finished job from the client (its closed loop).
std::unique_ptr<JobSource> Scenario::make_source(const ClientSpec& client, DmaengineClient& driver) {
  const std::string name = client.name + "_traffic";
  const WorkloadSpec& workload = client.workload;
  const JobSink sink = driver.sink();
  std::unique_ptr<JobSource> source;
  switch (workload.kind) {
    case WorkloadKind::periodic:
      source = std::make_unique<PeriodicSource>(name.c_str(), workload.periodic, sink, streams_.stream(name));
      break;
    case WorkloadKind::poisson:
      source = std::make_unique<PoissonSource>(name.c_str(), workload.poisson, sink, streams_.stream(name));
      break;
    case WorkloadKind::bursty:
      source = std::make_unique<BurstySource>(name.c_str(), workload.bursty, sink, streams_.stream(name));
      break;
    case WorkloadKind::stream: {
      auto stream = std::make_unique<StreamSource>(name.c_str(), workload.stream, sink, streams_.stream(name));
      driver.set_job_observer([closed_loop = stream.get()](const DmaJobRecord&) { closed_loop->job_finished(); });
      source = std::move(stream);
      break;
    }
    case WorkloadKind::trace: return std::make_unique<TraceReplaySource>(name.c_str(), workload.trace, sink);
  }
  if (workload.addressing.pattern != AddressPattern::base)
    source->set_addressing(JobAddressing(workload.addressing, streams_.stream(name + ".address")));
  return source;
}

// Devices the clients do not manage (the interconnect segments, the bridges, a
// DMA controller no client uses) still run under runtime PM: enabled and
// suspended until something needs them. An unused controller is one whose driver
// probed and ended its probe with a put (pl330_probe's pm_runtime_put_autosuspend),
// so it holds no domain on (docs/kernel-semantics.md, DRV-06). An IOMMU is set up by
// its power binding (autosuspend, enable) at its driver's probe, here; only
// always_on's get must wait for the simulation (boot()).
void Scenario::enable_runtime_pm() {
  auto enable = [](RpmDevice& device) {
    if (!device.enabled()) device.enable();
  };
  for (const SegmentSpec& segment : platform_.spec().segments) enable(platform_.device(segment.device.name));
  for (const BridgeSpec& bridge : platform_.spec().bridges) enable(platform_.device(bridge.device.name));
  for (const DmaSpec& dma : platform_.spec().dmas)
    if (!has_client(dma.device.name)) enable(platform_.device(dma.device.name));
  for (const IommuSpec& iommu : platform_.spec().iommus) {
    IommuPowerManager& power = platform_.iommu_power(iommu.device.name);
    if (power.binding() != IommuPowerBinding::always_on) power.setup();
  }
}

bool Scenario::has_client(const std::string& dma) const {
  return std::any_of(spec_.clients.begin(), spec_.clients.end(),
                     [&](const ClientSpec& client) { return client.dma == dma; });
}

// At time 0: always_on IOMMUs take their reference, then genpd_power_off_unused()
// (late init) queues every domain without active devices for power-off (domains
// start in their boot state, mostly ON).
void Scenario::boot() {
  for (const IommuSpec& iommu : platform_.spec().iommus) {
    IommuPowerManager& power = platform_.iommu_power(iommu.device.name);
    if (!power.ready() && power.setup(CallContext::process) != 0)
      SC_REPORT_ERROR("wakesim/scenario", ("IOMMU " + iommu.device.name + " failed to resume at boot").c_str());
  }
  for (PowerDomain* domain : platform_.domains()) domain->queue_power_off_work();
}

// At `warmup`: every statistic restarts, gem5's resetstats (scenarios/README.md).
void Scenario::end_warmup() {
  sc_core::wait(spec_.warmup);
  try {
    platform_.reset_stats();
  } catch (const std::exception& e) {
    SC_REPORT_ERROR("wakesim/scenario", (std::string("resetting statistics at warm-up: ") + e.what()).c_str());
  }
  for (const auto& client : clients_) client->reset_stats();
}

// A client whose channel goes through an IOMMU gets its own context (bank =
// client index, ASID = index + 1) and its buffers mapped IOVA = physical, by its
// mapper through the IOMMU's power binding, at probe or per job. Its jobs'
// translation time is the growth of its stream's between completions (a
// channel runs its descriptors one after another).
void Scenario::connect_iommu(const ClientSpec& client, std::uint32_t index, DmaengineClient& driver) {
  const DmaControllerParams& dma = platform_.dma(client.dma).params();
  const DmaChannelParams channel = dma.channel_params.empty() ? DmaChannelParams{client.channel, 0, std::nullopt}
                                                              : dma.channel_params.at(client.channel);
  const Platform::IommuPath* path = platform_.iommu_path(client.dma, channel.port);
  if (!path) return;
  const IommuSpec& spec = *std::find_if(platform_.spec().iommus.begin(), platform_.spec().iommus.end(),
                                        [&](const IommuSpec& s) { return s.device.name == path->iommu; });
  if (index >= spec.params.contexts)
    throw ConfigError(client.where, "scenario.clients",
                      fmt::format("client '{}' needs context bank {} but IOMMU '{}' has {}", client.name, index,
                                  path->iommu, spec.params.contexts));
  IommuBufferMapperParams mapping;
  mapping.context = index;
  mapping.asid = index + 1;
  mapping.format = spec.format;
  mapping.port = path->iommu_port;
  mapping.stream = channel.stream_id;
  mapping.buffers = {client.params.source, client.params.destination};
  mapping.page_sizes = map_page_sizes(client, *make_page_table_format(spec.format));
  mappers_.push_back(std::make_unique<IommuBufferMapper>(platform_.iommu_power(path->iommu), mapping));
  driver.set_buffer_mapper(mappers_.back().get());

  Iommu& iommu = platform_.iommu(path->iommu);
  driver.set_translation_probe([&iommu, port = path->iommu_port, stream = channel.stream_id,
                                seen = DmaengineClient::IommuPathTimes{}](const DmaCompletion&) mutable {
    const DmaengineClient::IommuPathTimes total{iommu.translation_time(port, stream),
                                                iommu.suspended_hold_time(port, stream)};
    const DmaengineClient::IommuPathTimes job{total.translation - seen.translation,
                                              total.suspended_hold - seen.suspended_hold};
    seen = total;
    return job;
  });
}

void Scenario::attach_trace(TraceSink* sink) {
  platform_.attach_trace(sink);
  for (std::size_t i = 0; i < clients_.size(); ++i) clients_[i]->attach_trace(sink, spec_.clients[i].name);
}

void Scenario::run() {
  sc_core::sc_start(spec_.duration);
  restore_sanitizer_stack_bounds();
  // A source that could not go on (a trace file changed under the run) stopped
  // the simulation; its report would be of a cut-short run.
  for (const std::unique_ptr<JobSource>& source : sources_)
    if (const std::optional<std::string> failure = source->failure()) throw std::runtime_error(*failure);
  platform_.update_accounting();
}

}  // namespace wakesim

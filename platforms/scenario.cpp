#include "scenario.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/config_error.h"
#include "workload/periodic_source.h"
#include "workload/poisson_source.h"

namespace wakesim {

Scenario::Scenario(const sc_core::sc_module_name& name, const ScenarioSpec& spec,
                   const PlatformSpec& platform)
    : sc_core::sc_module(name), spec_(spec), streams_(spec.seed), platform_("soc", platform, ledger_) {
  enable_runtime_pm();
  SC_HAS_PROCESS(Scenario);
  SC_THREAD(power_off_unused_domains);
  std::uint32_t index = 0;
  for (const ClientSpec& client : spec_.clients) {
    map_through_iommu(client, index++);
    auto driver = std::make_unique<DmaengineClient>(client.name.c_str(), platform_.dma(client.dma),
                                                    client.channel, client.params);
    const std::string source_name = client.name + "_traffic";
    JobSink sink = driver->sink();
    if (client.workload.kind == WorkloadKind::periodic)
      sources_.push_back(std::make_unique<PeriodicSource>(
          source_name.c_str(), client.workload.periodic, sink, streams_.stream(source_name)));
    else
      sources_.push_back(std::make_unique<PoissonSource>(
          source_name.c_str(), client.workload.poisson, sink, streams_.stream(source_name)));
    clients_.push_back(std::move(driver));
  }
}

// Devices the clients do not manage (the interconnect) still run under runtime
// PM: enabled and suspended until something needs them.
void Scenario::enable_runtime_pm() {
  RpmDevice& bus = platform_.device("interconnect");
  if (!bus.enabled()) bus.enable();
  for (const IommuSpec& iommu : platform_.spec().iommus) {
    RpmDevice& device = platform_.device(iommu.device.name);
    if (!device.enabled()) device.enable();
  }
}

// genpd_power_off_unused(): at late init every domain without active devices is
// queued for power-off (domains start in their boot state, mostly ON).
void Scenario::power_off_unused_domains() {
  for (PowerDomain* domain : platform_.domains()) domain->queue_power_off_work();
}

// A client whose channel goes through an IOMMU gets its own context (bank =
// client index, ASID = index + 1) and its buffers mapped IOVA = physical, the
// way a driver maps its DMA buffers before it starts.
void Scenario::map_through_iommu(const ClientSpec& client, std::uint32_t index) {
  const DmaControllerParams& dma = platform_.dma(client.dma).params();
  const DmaChannelParams channel = dma.channel_params.empty()
                                       ? DmaChannelParams{client.channel, 0, std::nullopt}
                                       : dma.channel_params.at(client.channel);
  const Platform::IommuPath* path = platform_.iommu_path(client.dma, channel.port);
  if (!path) return;
  IommuDriver& driver = platform_.iommu_driver(path->iommu);
  const IommuSpec& spec = *std::find_if(platform_.spec().iommus.begin(), platform_.spec().iommus.end(),
                                        [&](const IommuSpec& s) { return s.device.name == path->iommu; });
  auto fail = [&](const std::string& what, int error) {
    throw ConfigError(client.where, "scenario.clients",
                      fmt::format("{} for client '{}' on IOMMU '{}' failed (error {})", what, client.name,
                                  path->iommu, error));
  };
  if (index >= spec.params.contexts) fail("a context bank", -ENOSPC);
  if (int error = driver.create_context(index, spec.format, index + 1)) fail("creating a context", error);
  if (int error = driver.attach_stream(path->iommu_port, channel.stream_id, index))
    fail("attaching the stream", error);
  constexpr std::uint64_t kPage = 4096;
  for (const DmaBufferRegion& buffer : {client.params.source, client.params.destination}) {
    const std::uint64_t start = buffer.base & ~(kPage - 1);
    const std::uint64_t end = (buffer.base + buffer.size.bytes + kPage - 1) & ~(kPage - 1);
    if (int error = driver.map(index, start, start, end - start, AccessPermissions::read_write()))
      fail(fmt::format("mapping [{:#x}, {:#x})", start, end), error);
  }
}

void Scenario::run() {
  sc_core::sc_start(spec_.duration);
  platform_.update_accounting();
}

}  // namespace wakesim

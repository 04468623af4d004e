#include "wakesim/platforms/platform.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "wakesim/core/config_error.h"
#include "wakesim/platforms/segment_routes.h"

namespace wakesim {

Platform::Platform(const sc_core::sc_module_name& name, const PlatformSpec& spec, EnergyLedger& ledger)
    : sc_core::sc_module(name), spec_(spec), ledger_(ledger), pm_("pm", spec.pm) {
  build_cpus();
  build_domains();
  build_segments();
  build_dram();
  build_bridges();
  route_to_dram();
  build_iommus();
  build_dmas();
  build_links();
}

void Platform::build_cpus() {
  if (!spec_.cpus) return;
  cpus_ = std::make_unique<CpuSystem>("cpus", *spec_.cpus, &ledger_);
  pm_.attach_cpus(cpus_.get());
}

// Domains in description order; a parent must come first (the reader checked the
// name), so a subdomain is added the moment it exists.
void Platform::build_domains() {
  for (const DomainSpec& spec : spec_.domains) {
    auto domain = std::make_unique<PowerDomain>(spec.name.c_str(), pm_, spec.params, &ledger_);
    PowerDomain* raw = domain.get();
    domains_.emplace(spec.name, std::move(domain));
    domain_order_.push_back(raw);
    if (spec.parent.empty()) continue;
    auto parent = domains_.find(spec.parent);
    if (parent == domains_.end())
      throw ConfigError(spec.where, "domains",
                        fmt::format("parent domain '{}' must be listed before '{}'", spec.parent, spec.name));
    if (const int error = parent->second->add_subdomain(*raw))
      throw ConfigError(spec.where, "domains",
                        fmt::format("'{}' cannot be a subdomain of '{}' (error {}): an irq-safe child "
                                    "needs an irq-safe parent, and an ON child needs an ON parent",
                                    spec.name, spec.parent, error));
  }
}

RpmDevice& Platform::build_device(const DeviceSpec& spec) {
  DeviceParts parts;
  parts.callbacks = std::make_unique<TimedCallbacks>(spec.callbacks);
  RpmDevice* parent = spec.parent.empty() ? nullptr : &device(spec.parent);
  parts.device = std::make_unique<RpmDevice>((spec.name + "_rpm").c_str(), pm_, parent, parts.callbacks.get());
  RpmDevice& device = *parts.device;
  parts.callbacks->attach_energy(ledger_, device.name());
  device.attach_energy(ledger_, spec.active_power, spec.suspended_power);
  if (!spec.domain.empty()) domain(spec.domain).attach(device);
  device_order_.push_back(&device);
  devices_.emplace(spec.name, std::move(parts));
  return device;
}

// Each segment is a runtime-PM device named as the segment, like the single
// `interconnect`, in its power domain.
void Platform::build_segments() {
  build_fabric_devices();
  for (const SegmentSpec& spec : spec_.segments) {
    InterconnectParams params = spec.params;
    if (!spec.device.domain.empty()) params.domain = &domain(spec.device.domain);
    Segment segment;
    segment.bus = std::make_unique<Interconnect>(spec.device.name.c_str(), params, &ledger_);
    segments_.push_back(std::move(segment));
  }
}

// The runtime-PM devices of the segments and bridges, each after its parent
// (the reader checked that their parents are among them, without a cycle).
void Platform::build_fabric_devices() {
  std::vector<const DeviceSpec*> pending;
  for (const SegmentSpec& spec : spec_.segments) pending.push_back(&spec.device);
  for (const BridgeSpec& spec : spec_.bridges) pending.push_back(&spec.device);
  while (!pending.empty()) {
    const auto ready = std::find_if(pending.begin(), pending.end(), [&](const DeviceSpec* device) {
      return device->parent.empty() || devices_.count(device->parent) != 0;
    });
    if (ready == pending.end())
      throw ConfigError(pending.front()->where, "parent", "the parents of the segments and bridges form a cycle");
    build_device(**ready);
    pending.erase(ready);
  }
}

Platform::Segment& Platform::segment(const std::string& name) { return segments_.at(segment_index(spec_, name)); }

// One channel: the DRAM straight on its segment's port, as it always was.
// Several: a ChannelInterleaver there, and a Dram of size / channels per channel.
// A system cache, if any, sits between the port and either.
void Platform::build_dram() {
  Segment& home = segment(spec_.dram.segment);
  const ChannelInterleaverParams& interleaving = spec_.dram.interleaving;
  home.targets.push_back("dram");
  if (spec_.dram.slc) {
    slc_ = std::make_unique<SystemCache>("slc", *spec_.dram.slc);
    home.bus->out.bind(slc_->in);
  }
  auto bind_memory = [&](tlm::tlm_target_socket<>& memory) {
    if (slc_)
      slc_->out.bind(memory);
    else
      home.bus->out.bind(memory);
  };
  if (interleaving.channels == 1) {
    drams_.push_back(std::make_unique<Dram>("dram", spec_.dram.params, &ledger_));
    bind_memory(drams_.front()->socket);
  } else {
    interleaver_ = std::make_unique<ChannelInterleaver>("dram", interleaving);
    DramParams channel = spec_.dram.params;
    channel.size = ByteSize{channel.size.bytes / interleaving.channels};
    for (unsigned i = 0; i < interleaving.channels; ++i) {
      drams_.push_back(std::make_unique<Dram>(fmt::format("dram_ch{}", i).c_str(), channel, &ledger_));
      interleaver_->out.bind(drams_.back()->socket);
    }
    bind_memory(interleaver_->in);
  }
  try {
    home.bus->map(home.targets.size() - 1, spec_.dram.base, spec_.dram.params.size.bytes);
  } catch (const std::exception& error) {
    throw ConfigError(spec_.dram.where, "dram", error.what());
  }
}

// A bridge is a target port of `from` and an initiator port of `to`, and a
// runtime-PM device in its domain.
void Platform::build_bridges() {
  for (const BridgeSpec& spec : spec_.bridges) {
    BridgeParams params = spec.params;
    if (!spec.device.domain.empty()) params.domain = &domain(spec.device.domain);
    params.address_offset = spec_.dram.base;
    bridges_.push_back(std::make_unique<Bridge>(spec.device.name.c_str(), params));
    Segment& from = segment(spec.from);
    from.bus->out.bind(bridges_.back()->in);
    from.targets.push_back(spec.device.name);
    Segment& to = segment(spec.to);
    bridges_.back()->out.bind(to.bus->in);
    to.initiators.push_back(spec.device.name);
  }
}

// Every other segment that reaches the DRAM maps its range to the first bridge
// that starts a shortest path there (segment_routes.h).
void Platform::route_to_dram() {
  const std::vector<std::size_t> hops = hops_to_dram(spec_);
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    if (hops[i] == 0 || hops[i] == kUnreachable) continue;
    Segment& from = segments_[i];
    for (const BridgeSpec& bridge : spec_.bridges) {
      if (bridge.from != spec_.segments[i].device.name || hops[segment_index(spec_, bridge.to)] + 1 != hops[i])
        continue;
      const auto port = std::find(from.targets.begin(), from.targets.end(), bridge.device.name);
      from.bus->map(static_cast<std::size_t>(port - from.targets.begin()), spec_.dram.base,
                    spec_.dram.params.size.bytes);
      break;
    }
  }
}

// The DRAM's backdoor at its physical base, through the interleaving if any.
std::unique_ptr<DramPhysicalMemory> Platform::make_physical_memory() const {
  if (!interleaver_) return std::make_unique<DramPhysicalMemory>(*drams_.front(), spec_.dram.base);
  std::vector<Dram*> channels;
  for (const auto& dram : drams_) channels.push_back(dram.get());
  return std::make_unique<DramPhysicalMemory>(std::move(channels), *interleaver_, spec_.dram.base);
}

// Each IOMMU forwards translated traffic and its walker's PTE reads into the
// interconnect; its driver keeps page tables in a region of the DRAM.
void Platform::build_iommus() {
  const std::uint64_t dram_end = spec_.dram.base + spec_.dram.params.size.bytes;
  for (const IommuSpec& spec : spec_.iommus) {
    if (spec.page_table_base < spec_.dram.base || spec.page_table_base + spec.page_table_size > dram_end)
      throw ConfigError(spec.device.where, "iommus",
                        fmt::format("the page tables of '{}' must lie inside the DRAM", spec.device.name));
    for (const auto& [name, other] : iommus_)
      if (spec.page_table_base < other.spec->page_table_base + other.spec->page_table_size &&
          other.spec->page_table_base < spec.page_table_base + spec.page_table_size)
        throw ConfigError(spec.device.where, "iommus",
                          fmt::format("the page tables of '{}' [{:#x}, {:#x}) overlap those of '{}'", spec.device.name,
                                      spec.page_table_base, spec.page_table_base + spec.page_table_size, name));
    RpmDevice& device = build_device(spec.device);
    IommuParts parts;
    parts.spec = &spec;
    parts.iommu = std::make_unique<Iommu>(spec.device.name.c_str(), spec.params, device, &ledger_);
    Segment& attached = segment(spec.segment);
    parts.iommu->out.bind(attached.bus->in);
    parts.iommu->walker.bind(attached.bus->in);
    attached.initiators.push_back(spec.device.name + "/out");
    attached.initiators.push_back(spec.device.name + "/walker");
    parts.memory = make_physical_memory();
    parts.allocator = std::make_unique<PageTableAllocator>(spec.page_table_base, spec.page_table_size);
    parts.driver = std::make_unique<IommuDriver>(*parts.iommu, *parts.memory, *parts.allocator, spec.driver);
    parts.power = std::make_unique<IommuPowerManager>(*parts.driver, spec.power, &ledger_);
    iommus_.emplace(spec.device.name, std::move(parts));
  }
}

void Platform::build_dmas() {
  for (const DmaSpec& spec : spec_.dmas) {
    RpmDevice& device = build_device(spec.device);
    auto dma = std::make_unique<DmaController>(spec.device.name.c_str(), spec.params, device, &ledger_);
    for (unsigned port = 0; port < spec.params.ports; ++port) {
      const std::string& through = spec.port_iommus.at(port);
      if (through.empty()) {
        Segment& attached = segment(spec.port_segments.at(port));
        dma->port[port].bind(attached.bus->in);
        attached.initiators.push_back(fmt::format("{}/port{}", spec.device.name, port));
        continue;
      }
      IommuParts& iommu = iommus_.at(through);
      if (iommu.ports_used == iommu.spec->params.ports)
        throw ConfigError(
            spec.device.where, "dma",
            fmt::format("IOMMU '{}' has no free port left ({} ports)", through, iommu.spec->params.ports));
      dma->port[port].bind(iommu.iommu->port[iommu.ports_used]);
      iommu_paths_[{spec.device.name, port}] = IommuPath{through, iommu.ports_used++};
      add_iommu_master(iommu, spec);
    }
    dmas_.emplace(spec.device.name, std::move(dma));
  }
  for (const auto& [name, parts] : iommus_)
    if (parts.ports_used != parts.spec->params.ports)
      throw ConfigError(parts.spec->device.where, "iommus",
                        fmt::format("IOMMU '{}' has {} ports but DMA paths use {}", name, parts.spec->params.ports,
                                    parts.ports_used));
}

// Once per (controller, IOMMU) pair, however many of its ports go through it.
void Platform::add_iommu_master(IommuParts& iommu, const DmaSpec& dma) {
  RpmDevice& master = device(dma.device.name);
  const std::vector<RpmDevice*>& masters = iommu.power->masters();
  if (std::find(masters.begin(), masters.end(), &master) != masters.end()) return;
  if (iommu.power->add_master(master) != 0)
    throw ConfigError(iommu.spec->device.where, "iommus",
                      fmt::format("the kernel refuses to link master '{}' to IOMMU '{}': the IOMMU "
                                  "already depends on it",
                                  dma.device.name, iommu.spec->device.name));
}

Iommu& Platform::iommu(const std::string& name) const { return *iommus_.at(name).iommu; }
IommuPowerManager& Platform::iommu_power(const std::string& name) const { return *iommus_.at(name).power; }
IommuDriver& Platform::iommu_driver(const std::string& name) const { return *iommus_.at(name).driver; }

const Platform::IommuPath* Platform::iommu_path(const std::string& dma, unsigned dma_port) const {
  auto it = iommu_paths_.find({dma, dma_port});
  return it == iommu_paths_.end() ? nullptr : &it->second;
}

void Platform::build_links() {
  for (const LinkSpec& spec : spec_.links) {
    if (!pm_.device_link_add(device(spec.consumer), device(spec.supplier), spec.flags))
      throw ConfigError(spec.where, "links",
                        fmt::format("the kernel refuses the link {} -> {}: it would form a dependency "
                                    "cycle, or its flags do not go together",
                                    spec.consumer, spec.supplier));
  }
}

RpmDevice& Platform::device(const std::string& name) const {
  auto it = devices_.find(name);
  if (it == devices_.end()) throw std::out_of_range("no device named " + name);
  return *it->second.device;
}

PowerDomain& Platform::domain(const std::string& name) const {
  auto it = domains_.find(name);
  if (it == domains_.end()) throw std::out_of_range("no power domain named " + name);
  return *it->second;
}

DmaController& Platform::dma(const std::string& name) const {
  auto it = dmas_.find(name);
  if (it == dmas_.end()) throw std::out_of_range("no DMA controller named " + name);
  return *it->second;
}

void Platform::attach_trace(TraceSink* sink) {
  for (const DomainSpec& spec : spec_.domains) domain(spec.name).attach_trace(sink, spec.name);
  for (RpmDevice* device : device_order_)
    for (const auto& [name, parts] : devices_)
      if (parts.device.get() == device) device->attach_trace(sink, name);
}

void Platform::update_accounting() {
  for (RpmDevice* device : device_order_) device->close_energy();
  for (auto& [name, parts] : devices_) parts.callbacks->close_energy();
  if (cpus_) cpus_->close_accounting();
  for (PowerDomain* domain : domain_order_) domain->update_accounting();
  for (const auto& dram : drams_) dram->update_accounting();
}

void Platform::reset_stats() {
  update_accounting();
  ledger_.reset_stats();
  pm_.reset_stats();
  for (RpmDevice* device : device_order_) device->reset_stats();
  for (PowerDomain* domain : domain_order_) domain->reset_stats();
  for (auto& [name, parts] : iommus_) {
    parts.iommu->reset_port_stats();
    parts.power->reset_stats();
  }
  if (cpus_) cpus_->reset_stats();
  for (Segment& segment : segments_) segment.bus->reset_stats();
  for (const auto& bridge : bridges_) bridge->reset_stats();
  for (const auto& dram : drams_) dram->reset_stats();
  if (interleaver_) interleaver_->reset_stats();
  if (slc_) slc_->reset_stats();
}

}  // namespace wakesim

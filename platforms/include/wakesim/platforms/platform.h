#pragma once
// Elaborates a PlatformSpec: power domains (parents first), the runtime PM core,
// the interconnect and DRAM, the DMA controllers with their runtime-PM devices,
// and the device links. Only builds and binds; behaviour lives in the models.
// Errors found while elaborating (overlapping ranges, a link the kernel would
// refuse) are ConfigErrors at the description line that caused them.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/bus/bridge.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/energy_ledger.h"
#include "wakesim/cpu/cpu_system.h"
#include "wakesim/dma/dma_controller.h"
#include "wakesim/drivers/iommu_driver.h"
#include "wakesim/drivers/iommu_power_manager.h"
#include "wakesim/drivers/page_table_allocator.h"
#include "wakesim/iommu/iommu.h"
#include "wakesim/memory/channel_interleaver.h"
#include "wakesim/memory/dram.h"
#include "wakesim/memory/dram_physical_memory.h"
#include "wakesim/memory/system_cache.h"
#include "wakesim/platforms/platform_spec.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"
#include "wakesim/power/timed_callbacks.h"

namespace wakesim {

class Platform : public sc_core::sc_module {
 public:
  Platform(const sc_core::sc_module_name& name, const PlatformSpec& spec, EnergyLedger& ledger);

  PmCore& pm() { return pm_; }
  // Null when the platform has no `cpus` section.
  CpuSystem* cpus() { return cpus_.get(); }
  // The first (or only) interconnect segment.
  Interconnect& interconnect() { return *segments_.front().bus; }
  // The segments in description order, each with the names of its ports: what
  // drives each initiator port, in port order (the order of binding):
  // "DMA/portN", "IOMMU/out", "IOMMU/walker", a bridge's name; and what each
  // target port leads to: "dram" or a bridge's name.
  struct Segment {
    std::unique_ptr<Interconnect> bus;
    std::vector<std::string> initiators;
    std::vector<std::string> targets;
  };
  const std::vector<Segment>& segments() const { return segments_; }
  const std::vector<std::unique_ptr<Bridge>>& bridges() const { return bridges_; }
  // The first segment's initiator names.
  const std::vector<std::string>& interconnect_initiators() const { return segments_.front().initiators; }
  // The first (or only) DRAM channel; dram_channels() has them all.
  Dram& dram() { return *drams_.front(); }
  const std::vector<std::unique_ptr<Dram>>& dram_channels() const { return drams_; }
  // Null with one channel (the DRAM is mapped directly).
  const ChannelInterleaver* interleaver() const { return interleaver_.get(); }
  // Null without `slc`.
  const SystemCache* system_cache() const { return slc_.get(); }
  RpmDevice& device(const std::string& name) const;
  PowerDomain& domain(const std::string& name) const;
  DmaController& dma(const std::string& name) const;
  Iommu& iommu(const std::string& name) const;
  IommuDriver& iommu_driver(const std::string& name) const;
  // The IOMMU's power binding: its masters are added at build (device_link makes
  // the links then); setting it up and mapping through it is the scenario's.
  IommuPowerManager& iommu_power(const std::string& name) const;
  // The IOMMU a DMA controller's port goes through and the IOMMU port it uses;
  // null when the port goes straight to the interconnect.
  struct IommuPath {
    std::string iommu;
    unsigned iommu_port = 0;
  };
  const IommuPath* iommu_path(const std::string& dma, unsigned dma_port) const;
  const std::vector<PowerDomain*>& domains() const { return domain_order_; }
  const std::vector<RpmDevice*>& devices() const { return device_order_; }
  const PlatformSpec& spec() const { return spec_; }

  // Flushes residency-based energy of every device, domain and the DRAM to now.
  void update_accounting();
  // Warm-up's end (gem5's resetstats): closes every time-integrated account at
  // now, discards the ledger's energy, then resets every module's statistics so
  // they restart from now.
  void reset_stats();

  // Attaches every power domain (in description order) and then every runtime-PM
  // device (in build order) to `sink`, each on a track named as in the platform
  // file; null detaches. Call after elaboration, before the simulation starts.
  void attach_trace(TraceSink* sink);

 private:
  struct DeviceParts {
    std::unique_ptr<TimedCallbacks> callbacks;
    std::unique_ptr<RpmDevice> device;
  };

  void build_cpus();
  void build_domains();
  RpmDevice& build_device(const DeviceSpec& spec);
  void build_segments();
  void build_fabric_devices();
  void build_dram();
  void build_bridges();
  void route_to_dram();
  Segment& segment(const std::string& name);
  std::unique_ptr<DramPhysicalMemory> make_physical_memory() const;
  void build_iommus();
  void build_dmas();
  void build_links();

  PlatformSpec spec_;
  EnergyLedger& ledger_;
  PmCore pm_;
  std::unique_ptr<CpuSystem> cpus_;
  std::map<std::string, std::unique_ptr<PowerDomain>> domains_;
  std::vector<PowerDomain*> domain_order_;
  std::map<std::string, DeviceParts> devices_;
  std::vector<RpmDevice*> device_order_;
  std::vector<Segment> segments_;
  std::vector<std::unique_ptr<Bridge>> bridges_;
  std::vector<std::unique_ptr<Dram>> drams_;
  std::unique_ptr<ChannelInterleaver> interleaver_;
  std::unique_ptr<SystemCache> slc_;
  std::map<std::string, std::unique_ptr<DmaController>> dmas_;
  struct IommuParts {
    const IommuSpec* spec;
    std::unique_ptr<Iommu> iommu;
    std::unique_ptr<DramPhysicalMemory> memory;
    std::unique_ptr<PageTableAllocator> allocator;
    std::unique_ptr<IommuDriver> driver;
    std::unique_ptr<IommuPowerManager> power;
    unsigned ports_used = 0;
  };
  std::map<std::string, IommuParts> iommus_;
  void add_iommu_master(IommuParts& iommu, const DmaSpec& dma);
  std::map<std::pair<std::string, unsigned>, IommuPath> iommu_paths_;
};

}  // namespace wakesim

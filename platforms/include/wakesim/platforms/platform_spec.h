#pragma once
// A platform as typed data: what platforms/*.yaml describe, after strict reading
// and before elaboration. Names refer to each other (a DMA controller's domain,
// a link's consumer); the reader checks every reference, and keeps the location
// of each element so the builder can report what it finds wrong at elaboration
// (an overlapping range, a link cycle) at the line that caused it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wakesim/bus/bridge.h"
#include "wakesim/bus/interconnect.h"
#include "wakesim/core/config_location.h"
#include "wakesim/cpu/cpu_system_params.h"
#include "wakesim/dma/dma_controller_params.h"
#include "wakesim/drivers/iommu_driver.h"
#include "wakesim/drivers/iommu_power_manager_params.h"
#include "wakesim/iommu/iommu_params.h"
#include "wakesim/iommu/page_table_format.h"
#include "wakesim/memory/channel_interleaver.h"
#include "wakesim/memory/dram.h"
#include "wakesim/memory/system_cache.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/timed_callbacks.h"

namespace wakesim {

struct DomainSpec {
  std::string name;
  std::string parent;  // empty: a top-level domain
  PowerDomainParams params;
  ConfigLocation where;
};

// A runtime-PM device: its driver callbacks and its static power by status.
struct DeviceSpec {
  std::string name;
  std::string domain;  // empty: in no PM domain
  std::string parent;  // empty: no parent device
  TimedCallbacksParams callbacks;
  Power active_power;
  Power suspended_power;
  ConfigLocation where;
};

// The DRAM: `params.size` is the whole memory, split evenly over the channels
// (each channel a Dram of size / channels), interleaved by granule.
struct MemoryRegionSpec {
  std::uint64_t base = 0;
  DramParams params;
  ConfigLocation where;
  std::string segment;  // the interconnect segment it hangs on; empty: the first
  ChannelInterleaverParams interleaving;
  std::optional<SystemCacheParams> slc;  // none: no system-level cache
};

// One interconnect segment, also a runtime-PM device named as the segment.
struct SegmentSpec {
  DeviceSpec device;
  InterconnectParams params;
};

// A bridge: a target on segment `from`, an initiator on segment `to`, carrying
// `from`'s traffic towards the DRAM; a runtime-PM device named as the bridge.
struct BridgeSpec {
  DeviceSpec device;
  std::string from;
  std::string to;
  BridgeParams params;
};

struct DmaSpec {
  DeviceSpec device;
  DmaControllerParams params;
  // Per port: the IOMMU name it goes through, or empty for the interconnect directly.
  std::vector<std::string> port_iommus;
  // Per port: the segment it (or its IOMMU) attaches to; empty: the first.
  std::vector<std::string> port_segments;
};

struct IommuSpec {
  DeviceSpec device;
  IommuParams params;
  PageTableFormatKind format = PageTableFormatKind::arm64_4k;
  // Where the IOMMU driver allocates page-table pages (physical, inside the DRAM).
  std::uint64_t page_table_base = 0;
  std::uint64_t page_table_size = 0;
  // How its runtime PM follows its masters (the DMA controllers routed through it).
  IommuPowerManagerParams power;
  IommuDriverParams driver;
  // The segment its output and walker attach to; empty: the first.
  std::string segment;
};

struct LinkSpec {
  std::string consumer;
  std::string supplier;
  std::uint32_t flags = 0;
  ConfigLocation where;
};

struct PlatformSpec {
  std::string name;
  PmCoreParams pm;
  std::optional<CpuSystemParams> cpus;  // none: no CPU side (docs/cpu.md)
  std::vector<DomainSpec> domains;
  // `interconnect` (one segment, named "interconnect") or `interconnects`; never empty.
  std::vector<SegmentSpec> segments;
  std::vector<BridgeSpec> bridges;
  MemoryRegionSpec dram;
  std::vector<DmaSpec> dmas;
  std::vector<IommuSpec> iommus;
  std::vector<LinkSpec> links;
};

}  // namespace wakesim

#pragma once
// Where each field of each parameter struct comes from: one table per struct,
// one row per field, in declaration order. A row names the file keys that set
// the field, as paths relative to the map of the component the struct is read
// from (`tlb.entries` in `platform.iommus.N`), or, for a field no key sets, what
// sets it (the builder, another struct's keys in the same map).
//
// The readers name every key they read through PARAMETER_KEY(table, "path"),
// which refuses to compile a key its table does not list; the tests count each
// struct's fields and compare them with its table's rows
// (tests/platforms/test_parameter_keys.cpp), and compare the tables with the
// key tables of scenarios/README.md. So a field added to a parameter struct fails
// the build of the tests until a row here says how a file sets it, and a key
// cannot be read without being listed here and documented there.
#include <cstddef>
#include <string_view>

namespace wakesim {

struct ParameterKey {
  std::string_view field;
  // Comma-separated paths relative to the component's map; empty: `from` says.
  std::string_view keys;
  std::string_view from = {};
};

struct ParameterTable {
  std::string_view structure;  // the C++ struct
  const ParameterKey* rows;
  std::size_t size;
};

// Does `keys` (comma separated) hold `key`?
constexpr bool key_list_holds(std::string_view keys, std::string_view key) {
  while (!keys.empty()) {
    const std::size_t comma = keys.find(',');
    if (keys.substr(0, comma) == key) return true;
    if (comma == std::string_view::npos) return false;
    keys.remove_prefix(comma + 1);
  }
  return false;
}

// The last segment of `path` ("entries" of "tlb.entries"), if `table` lists it;
// otherwise not a constant expression (PARAMETER_KEY fails to compile).
template <std::size_t N>
constexpr std::string_view checked_key(const ParameterKey (&table)[N], std::string_view path) {
  for (const ParameterKey& row : table)
    if (key_list_holds(row.keys, path)) {
      const std::size_t dot = path.rfind('.');
      return dot == std::string_view::npos ? path : path.substr(dot + 1);
    }
  throw "a key the parameter table does not list (platforms/include/wakesim/platforms/parameter_keys.h)";
}

#define PARAMETER_KEY(table, path)                                            \
  ([] {                                                                       \
    constexpr std::string_view checked = ::wakesim::checked_key(table, path); \
    return checked;                                                           \
  }())

// ---- platform: (platform files) -------------------------------------------

inline constexpr ParameterKey kPlatformSpecKeys[] = {
    {"name", "name"},
    {"pm", "runtime_pm"},
    {"cpus", "cpus"},
    {"domains", "domains"},
    {"segments", "interconnect,interconnects"},
    {"bridges", "bridges"},
    {"dram", "dram"},
    {"dmas", "dma"},
    {"iommus", "iommus"},
    {"links", "links"},
};

inline constexpr ParameterKey kPmCoreParamsKeys[] = {
    {"pm_wq_dispatch_latency", "runtime_pm.pm_wq_dispatch_latency"},
    {"pm_wq_max_active", "runtime_pm.pm_wq_max_active"},
    {"autosuspend_timer_slack", "runtime_pm.autosuspend_timer_slack"},
    {"random_seed", "", "the scenario's seed"},
};

// platform.runtime_pm.pm_wq_dispatch_latency given as a map (a LatencyDistribution;
// not a struct of fields, so no field count).
inline constexpr ParameterKey kDispatchLatencyKeys[] = {
    {"distribution", "distribution"},
    {"value", "value"},
    {"min", "min"},
    {"max", "max"},
    {"median", "median"},
    {"p99", "p99"},
};

// Built by PmCore from PmCoreParams.
inline constexpr ParameterKey kPmWorkqueueParamsKeys[] = {
    {"dispatch_latency", "", "runtime_pm.pm_wq_dispatch_latency (PmCoreParams)"},
    {"max_active", "", "runtime_pm.pm_wq_max_active (PmCoreParams)"},
};

inline constexpr ParameterKey kDomainSpecKeys[] = {
    {"name", "name"},
    {"parent", "parent"},
    {"params", "", "the keys of PowerDomainParams, in the same map"},
    {"where", "", "the reader: the element's file and line"},
};

inline constexpr ParameterKey kPowerDomainParamsKeys[] = {
    {"states", "states"},
    {"on_power", "on_power"},
    {"initially_on", "initially_on"},
    {"always_on", "always_on"},
    {"rpm_always_on", "rpm_always_on"},
    {"irq_safe", "irq_safe"},
    {"min_residency", "min_residency"},
    {"governor", "governor"},
};

inline constexpr ParameterKey kPowerDomainIdleStateKeys[] = {
    {"name", "name"},
    {"power_off_latency", "entry_latency"},
    {"power_on_latency", "exit_latency"},
    {"residency", "min_residency"},
    {"off_power", "off_power"},
    {"power_off_energy", "power_off_energy"},
    {"power_on_energy", "power_on_energy"},
};

// A runtime-PM device: a DMA controller, an IOMMU, the interconnect (which has
// no `name` key: its name is `interconnect`).
inline constexpr ParameterKey kDeviceSpecKeys[] = {
    {"name", "name"},
    {"domain", "domain"},
    {"parent", "parent"},
    {"callbacks", "runtime_pm"},
    {"active_power", "runtime_pm.active_power"},
    {"suspended_power", "runtime_pm.suspended_power"},
    {"where", "", "the reader: the element's file and line"},
};

inline constexpr ParameterKey kTimedCallbacksParamsKeys[] = {
    {"suspend_duration", "runtime_pm.suspend_latency"},     {"resume_duration", "runtime_pm.resume_latency"},
    {"suspend_energy_joules", "runtime_pm.suspend_energy"}, {"resume_energy_joules", "runtime_pm.resume_energy"},
    {"resume_phases", "runtime_pm.resume_phases"},          {"suspend_phases", "runtime_pm.suspend_phases"},
};

inline constexpr ParameterKey kCallbackPhaseKeys[] = {
    {"name", "name"},     {"duration", "duration"}, {"sleepable", "sleepable"}, {"held_power", "held_power"},
    {"energy", "energy"},
};

inline constexpr ParameterKey kInterconnectParamsKeys[] = {
    {"hop_latency", "hop_latency"},
    {"data_width_bytes", "data_width"},
    {"clock", "clock"},
    {"energy_per_byte", "energy_per_byte"},
    {"initiator_port_contention", "initiator_port_contention"},
    {"sync_on_arrival", "sync_on_arrival"},
    {"domain", "", "the builder: the power domain named by the interconnect's `domain`"},
};

inline constexpr ParameterKey kMemoryRegionSpecKeys[] = {
    {"base", "base"},
    {"params", "", "the keys of DramParams, in the same map"},
    {"where", "", "the reader: the element's file and line"},
    {"segment", "segment"},
    {"interleaving", "", "the keys of ChannelInterleaverParams, in the same map"},
    {"slc", "slc"},
};

inline constexpr ParameterKey kSystemCacheParamsKeys[] = {
    {"size", "slc.size"},           {"ways", "slc.ways"}, {"line", "slc.line"}, {"hit_latency", "slc.hit_latency"},
    {"cache_dma", "slc.cache_dma"},
};

inline constexpr ParameterKey kChannelInterleaverParamsKeys[] = {
    {"channels", "channels"},
    {"granule", "interleave"},
};

inline constexpr ParameterKey kSegmentSpecKeys[] = {
    {"device", "", "the keys of DeviceSpec, in the same map"},
    {"params", "", "the keys of InterconnectParams, in the same map"},
};

inline constexpr ParameterKey kBridgeSpecKeys[] = {
    {"device", "", "the keys of DeviceSpec, in the same map"},
    {"from", "from"},
    {"to", "to"},
    {"params", "", "the keys of BridgeParams, in the same map"},
};

inline constexpr ParameterKey kBridgeParamsKeys[] = {
    {"latency", "latency"},
    {"data_width_bytes", "data_width"},
    {"clock", "clock"},
    {"domain", "", "the builder: the power domain named by the bridge's `domain`"},
    {"address_offset", "", "the builder: the DRAM's base"},
};

inline constexpr ParameterKey kDramParamsKeys[] = {
    {"size", "size"},
    {"access_latency", "access_latency"},
    {"bandwidth", "bandwidth"},
    {"banks", "banks"},
    {"row_size", "row_size"},
    {"t_rcd", "t_rcd"},
    {"t_rp", "t_rp"},
    {"read_energy_per_bit", "read_energy_per_bit"},
    {"write_energy_per_bit", "write_energy_per_bit"},
    {"activation_energy", "activation_energy"},
    {"active_standby", "active_standby_power"},
    {"precharge_standby", "precharge_standby_power"},
    {"power_down", "power_down_power"},
    {"self_refresh", "self_refresh_power"},
    {"power_down_timeout", "power_down_timeout"},
    {"self_refresh_timeout", "self_refresh_timeout"},
    {"power_down_exit", "power_down_exit"},
    {"self_refresh_exit", "self_refresh_exit"},
};

inline constexpr ParameterKey kDmaSpecKeys[] = {
    {"device", "", "the keys of DeviceSpec, in the same map"},
    {"params", "", "the keys of DmaControllerParams, in the same map"},
    {"port_iommus", "ports"},
    {"port_segments", "ports"},
};

inline constexpr ParameterKey kDmaControllerParamsKeys[] = {
    {"channels", "channels"},
    {"ports", "ports"},
    {"channel_params", "channel_paths"},
    {"burst_size", "burst_size"},
    {"max_outstanding", "max_outstanding"},
    {"setup_latency", "setup_latency"},
    {"issue_interval", "issue_interval"},
    {"when_suspended", "when_suspended"},
    {"energy_per_byte", "energy_per_byte"},
    {"energy_per_descriptor", "energy_per_descriptor"},
    {"quantum", "quantum"},
};

// platform.dma.N.channel_paths.N
inline constexpr ParameterKey kDmaChannelParamsKeys[] = {
    {"stream_id", "stream_id"},
    {"port", "port"},
    {"setup_latency", "setup_latency"},
};

// platform.dma.N.ports.N
inline constexpr ParameterKey kDmaPortKeys[] = {
    {"iommu", "iommu"},
    {"segment", "segment"},
};

inline constexpr ParameterKey kIommuSpecKeys[] = {
    {"device", "", "the keys of DeviceSpec, in the same map"},
    {"params", "", "the keys of IommuParams, in the same map"},
    {"format", "format"},
    {"page_table_base", "page_tables.base"},
    {"page_table_size", "page_tables.size"},
    {"power", "", "the keys of IommuPowerManagerParams, in the same map"},
    {"driver", "", "the keys of IommuDriverParams, in the same map"},
    {"segment", "segment"},
};

inline constexpr ParameterKey kIommuParamsKeys[] = {
    {"ports", "ports"},
    {"contexts", "contexts"},
    {"tlb", "tlb"},
    {"walker", "", "the keys of IommuWalkerParams, in the same map"},
    {"registers", "registers"},
    {"power", "", "the keys of IommuPowerParams, in the same map"},
    {"unbound_stream", "unbound_stream"},
    {"fault_log_capacity", "fault_log_capacity"},
    {"sync_on_arrival", "sync_on_arrival"},
};

inline constexpr ParameterKey kTlbParamsKeys[] = {
    {"entries", "tlb.entries"},
    {"ways", "tlb.ways"},
    {"replacement", "tlb.replacement"},
    {"random_seed", "tlb.random_seed"},
    {"hit_latency_cycles", "tlb.hit_latency_cycles"},
    {"clock_period", "clock"},  // the IOMMU's clock, which also times the walk cache
    {"lookup_energy", "tlb.lookup_energy"},
};

inline constexpr ParameterKey kIommuWalkerParamsKeys[] = {
    {"slots", "walk_slots"},
    {"walk_cache", "walk_cache"},
    {"pte_read_energy", "pte_read_energy"},
    {"stream_id", "walker_stream_id"},
};

inline constexpr ParameterKey kWalkCacheParamsKeys[] = {
    {"entries", "walk_cache.entries"},
    {"ways", "walk_cache.ways"},
    {"lookup_latency_cycles", "walk_cache.lookup_latency_cycles"},
    {"lookup_energy", "walk_cache.lookup_energy"},
};

inline constexpr ParameterKey kIommuRegisterParamsKeys[] = {
    {"write_latency", "registers.write_latency"},
    {"sync_latency", "registers.sync_latency"},
    {"write_energy", "registers.write_energy"},
    {"context_writes", "registers.context_writes"},
    {"stream_binding_writes", "registers.stream_binding_writes"},
    {"writes_per_page_invalidation", "registers.writes_per_page_invalidation"},
    {"asid_invalidation_writes", "registers.asid_invalidation_writes"},
    {"all_invalidation_writes", "registers.all_invalidation_writes"},
    {"sync_writes", "registers.sync_writes"},
    {"context_save_reads", "registers.context_save_reads"},
};

inline constexpr ParameterKey kIommuPowerParamsKeys[] = {
    {"when_suspended", "when_suspended"},
    {"retention", "retention"},
    {"save_context", "save_context"},
};

inline constexpr ParameterKey kIommuPowerManagerParamsKeys[] = {
    {"binding", "power_binding"},
    {"use_autosuspend", "use_autosuspend"},
    {"autosuspend_delay", "autosuspend_delay"},
    {"order_link", "order_link"},
    {"energy_components", "", "the builder: the IOMMU, its device and its domain if it holds no other"},
};

inline constexpr ParameterKey kIommuDriverParamsKeys[] = {
    {"pte_write_cost", "pte_write_cost"},
};

// Built by the scenario for each client whose path goes through an IOMMU.
inline constexpr ParameterKey kIommuBufferMapperParamsKeys[] = {
    {"context", "", "the scenario: the client's index"},
    {"asid", "", "the scenario: the client's index + 1"},
    {"format", "", "the IOMMU's format"},
    {"port", "", "the builder: the IOMMU port the client's channel reaches"},
    {"stream", "", "the client's channel's stream_id"},
    {"buffers", "", "the client's source_buffer and destination_buffer"},
    {"page_sizes", "", "the scenario: the IOMMU format's page sizes up to the client's map_page_size"},
};

inline constexpr ParameterKey kLinkSpecKeys[] = {
    {"consumer", "consumer"},
    {"supplier", "supplier"},
    {"flags", "flags"},
    {"where", "", "the reader: the element's file and line"},
};

// platform.cpus
inline constexpr ParameterKey kCpuSystemParamsKeys[] = {
    {"clusters", "clusters"},
    {"placement", "placement"},
    {"costs", "costs"},
};

inline constexpr ParameterKey kCpuPlacementKeys[] = {
    {"client", "placement.client"},
    {"irq", "placement.irq"},
    {"pm_wq", "placement.pm_wq"},
    {"timer", "placement.timer"},
};

inline constexpr ParameterKey kCpuSoftwareCostsKeys[] = {
    {"irq_handler", "costs.irq_handler"},
    {"tasklet", "costs.tasklet"},
    {"timer_handler", "costs.timer_handler"},
};

// platform.cpus.clusters.N
inline constexpr ParameterKey kCpuClusterSpecKeys[] = {
    {"name", "name"},
    {"cpus", "cpus"},
    {"cpu", "", "the keys of CpuParams, in the same map"},
    {"cluster", "cluster"},
};

inline constexpr ParameterKey kCpuParamsKeys[] = {
    {"active_power", "active_power"},
    {"transition_power", "transition_power"},
    {"idle_states", "idle_states"},
    {"latency_limit", "latency_limit"},
};

inline constexpr ParameterKey kCpuClusterParamsKeys[] = {
    {"on_power", "cluster.on_power"},
    {"idle_states", "cluster.idle_states"},
};

// platform.cpus.clusters.N.idle_states.N (and cluster.idle_states.N)
inline constexpr ParameterKey kCpuIdleStateKeys[] = {
    {"name", "name"},
    {"entry_latency", "entry_latency"},
    {"exit_latency", "exit_latency"},
    {"target_residency", "target_residency"},
    {"power", "power"},
};

// ---- scenario: (scenario files) -------------------------------------------

inline constexpr ParameterKey kScenarioSpecKeys[] = {
    {"name", "name"},     {"platform_file", "platform"}, {"seed", "seed"},          {"duration", "duration"},
    {"warmup", "warmup"}, {"clients", "clients"},        {"iommu_power", "iommus"},
};

// scenario.iommus.NAME
inline constexpr ParameterKey kIommuPowerOverrideKeys[] = {
    {"iommu", "", "the map's key: the IOMMU's name"},
    {"binding", "power_binding"},
    {"use_autosuspend", "use_autosuspend"},
    {"autosuspend_delay", "autosuspend_delay"},
    {"order_link", "order_link"},
    {"where", "", "the reader: the element's file and line"},
};

// scenario.clients.N
inline constexpr ParameterKey kClientSpecKeys[] = {
    {"name", "name"},
    {"dma", "dma"},
    {"channel", "channel"},
    {"params", "", "the keys of DmaengineClientParams, in the same map"},
    {"workload", "workload"},
    {"map_page_size", "map_page_size"},
    {"where", "", "the reader: the element's file and line"},
};

inline constexpr ParameterKey kDmaengineClientParamsKeys[] = {
    {"policy", "policy"},
    {"pm_context", "pm_context"},
    {"data_prepare_time", "data_prepare_time"},
    {"use_autosuspend", "use_autosuspend"},
    {"autosuspend_delay", "autosuspend_delay"},
    {"early_resume", "early_resume"},
    {"helper_wakeup_latency", "helper_wakeup_latency"},
    {"stream_idle_gap", "stream_idle_gap"},
    {"source", "source_buffer"},
    {"destination", "destination_buffer"},
    {"oversize", "oversize"},
    {"mapping", "mapping"},
    {"unmap_delay", "unmap_delay"},
    {"cpu", "cpu"},
    {"cpu_latency_qos", "cpu_latency_qos"},
    {"cpu_resume_latency_qos", "cpu_resume_latency_qos"},
};

// scenario.clients.N.source_buffer, destination_buffer
inline constexpr ParameterKey kDmaBufferRegionKeys[] = {
    {"base", "base"},
    {"size", "size"},
};

// scenario.clients.N.workload
inline constexpr ParameterKey kWorkloadSpecKeys[] = {
    {"kind", "type"},
    {"periodic", "", "the keys of PeriodicSourceParams, in the same map"},
    {"poisson", "", "the keys of PoissonSourceParams, in the same map"},
    {"bursty", "", "the keys of BurstySourceParams, in the same map"},
    {"stream", "", "the keys of StreamSourceParams, in the same map"},
    {"addressing", "address"},
    {"trace", "file,client"},
};

inline constexpr ParameterKey kPeriodicSourceParamsKeys[] = {
    {"period", "period"},
    {"phase", "phase"},
    {"bytes", "bytes,bytes_range"},
    {"jitter", "jitter"},
    {"jitter_shape", "jitter_shape"},
    {"relative_deadline", "deadline"},
    {"deadline_from", "deadline_from"},
    {"direction", "direction"},
    {"client", "", "the scenario: the client's index"},
    {"limits", "", "the keys of JobSourceLimits, in the same map"},
};

inline constexpr ParameterKey kPoissonSourceParamsKeys[] = {
    {"rate", "rate"},
    {"mean_interarrival", "mean_interarrival"},
    {"start", "start"},
    {"bytes", "bytes,bytes_range"},
    {"relative_deadline", "deadline"},
    {"direction", "direction"},
    {"client", "", "the scenario: the client's index"},
    {"limits", "", "the keys of JobSourceLimits, in the same map"},
};

inline constexpr ParameterKey kBurstySourceParamsKeys[] = {
    {"burst_jobs", "burst_jobs"},
    {"burst_shape", "burst_shape"},
    {"spacing", "spacing"},
    {"spacing_shape", "spacing_shape"},
    {"gap", "gap"},
    {"gap_shape", "gap_shape"},
    {"start", "start"},
    {"bytes", "bytes,bytes_range"},
    {"relative_deadline", "deadline"},
    {"direction", "direction"},
    {"client", "", "the scenario: the client's index"},
    {"limits", "", "the keys of JobSourceLimits, in the same map"},
};

inline constexpr ParameterKey kStreamSourceParamsKeys[] = {
    {"outstanding", "outstanding"},
    {"start", "start"},
    {"bytes", "bytes,bytes_range"},
    {"relative_deadline", "deadline"},
    {"direction", "direction"},
    {"client", "", "the scenario: the client's index"},
    // start + duration is limits.stop_time; the keys of JobSourceLimits (same map) set the rest.
    {"limits", "duration"},
};

inline constexpr ParameterKey kJobAddressingParamsKeys[] = {
    {"pattern", "pattern"},
    {"window", "window"},
    {"stride", "stride"},
    {"align", "align"},
};

inline constexpr ParameterKey kJobSourceLimitsKeys[] = {
    {"stop_time", "stop_time"},
    {"max_jobs", "max_jobs"},
};

}  // namespace wakesim

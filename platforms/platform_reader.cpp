#include "wakesim/platforms/platform_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>

#include "wakesim/core/config_error.h"
#include "wakesim/core/spelling.h"
#include "wakesim/platforms/cpu_system_reader.h"
#include "wakesim/platforms/parameter_keys.h"
#include "wakesim/platforms/segment_routes.h"

namespace wakesim {
namespace {

sc_core::sc_time time_of(Duration duration) { return duration.to_sc_time(); }

Duration as_duration(const sc_core::sc_time& time) { return Duration{time.value()}; }

// A text key read only when present (absent: empty), so that a key a platform
// does not use stays out of its effective configuration.
std::string optional_string(const ConfigNode& node, std::string_view key) {
  return node.has(key) ? node.string(key) : std::string();
}

// Platform defaults of the memory controller's idle timeouts (see read_dram_idle_timeouts).
const sc_core::sc_time kDramPowerDownTimeout(1, sc_core::SC_US);
const sc_core::sc_time kDramSelfRefreshTimeout(1, sc_core::SC_MS);

PowerDomainIdleState read_idle_state(const ConfigNode& node) {
  PowerDomainIdleState state;
  state.name = node.string(PARAMETER_KEY(kPowerDomainIdleStateKeys, "name"));
  // The domain's states are named "on" and these (its residency in the report).
  if (state.name.empty() || state.name == "on")
    node.value("name").fail(
        fmt::format("'{}' cannot name an idle state: a state needs a name, and "
                    "\"on\" is the domain's own",
                    state.name));
  state.power_off_latency = time_of(node.duration(PARAMETER_KEY(kPowerDomainIdleStateKeys, "entry_latency")));
  state.power_on_latency = time_of(node.duration(PARAMETER_KEY(kPowerDomainIdleStateKeys, "exit_latency")));
  state.residency = time_of(node.duration_or(PARAMETER_KEY(kPowerDomainIdleStateKeys, "min_residency"), Duration{}));
  state.off_power = node.power_or(PARAMETER_KEY(kPowerDomainIdleStateKeys, "off_power"), Power{});
  state.power_off_energy = node.energy_or(PARAMETER_KEY(kPowerDomainIdleStateKeys, "power_off_energy"), Energy{});
  state.power_on_energy = node.energy_or(PARAMETER_KEY(kPowerDomainIdleStateKeys, "power_on_energy"), Energy{});
  return state;
}

DomainSpec read_domain(const ConfigNode& node) {
  DomainSpec spec;
  spec.where = node.location();
  spec.name = read_object_name(node);
  spec.parent = node.string_or(PARAMETER_KEY(kDomainSpecKeys, "parent"), "");
  PowerDomainParams& params = spec.params;
  params.on_power = node.power_or(PARAMETER_KEY(kPowerDomainParamsKeys, "on_power"), Power{});
  // Boot state: on unless stated, as firmware leaves most domains; the scenario
  // then turns unused ones off (genpd_power_off_unused at late init).
  params.initially_on = node.boolean_or(PARAMETER_KEY(kPowerDomainParamsKeys, "initially_on"), true);
  params.always_on = node.boolean_or(PARAMETER_KEY(kPowerDomainParamsKeys, "always_on"), false);
  params.rpm_always_on = node.boolean_or(PARAMETER_KEY(kPowerDomainParamsKeys, "rpm_always_on"), false);
  params.irq_safe = node.boolean_or(PARAMETER_KEY(kPowerDomainParamsKeys, "irq_safe"), false);
  params.min_residency = node.boolean_or(PARAMETER_KEY(kPowerDomainParamsKeys, "min_residency"), false);
  params.governor = node.enum_or(PARAMETER_KEY(kPowerDomainParamsKeys, "governor"), kPowerDomainGovernorNames,
                                 PowerDomainGovernor::none);
  for (const ConfigNode& state : at_most(node.sequence_or_empty(PARAMETER_KEY(kPowerDomainParamsKeys, "states")),
                                         kMaxIdleStates, "a power domain", "idle states")) {
    params.states.push_back(read_idle_state(state));
    for (std::size_t i = 0; i + 1 < params.states.size(); ++i)
      if (params.states[i].name == params.states.back().name)
        state.value("name").fail(fmt::format("a second idle state named '{}'", params.states.back().name));
  }
  // The `always_on` governor makes the domain rpm_always_on (PowerDomain).
  if ((params.always_on || params.rpm_always_on || params.governor == PowerDomainGovernor::always_on) &&
      !params.initially_on)
    node.fail("an always-on domain must be initially_on: true");
  return spec;
}

CallbackPhase read_callback_phase(const ConfigNode& node) {
  CallbackPhase phase;
  phase.name = node.string(PARAMETER_KEY(kCallbackPhaseKeys, "name"));
  phase.duration = time_of(node.duration(PARAMETER_KEY(kCallbackPhaseKeys, "duration")));
  phase.sleepable = node.boolean_or(PARAMETER_KEY(kCallbackPhaseKeys, "sleepable"), false);
  phase.held_power = node.power_or(PARAMETER_KEY(kCallbackPhaseKeys, "held_power"), Power{});
  phase.energy = node.energy_or(PARAMETER_KEY(kCallbackPhaseKeys, "energy"), Energy{});
  return phase;
}

// A callback given as `<kind>_latency` (one atomic phase) or as `<kind>_phases`,
// whose durations add up to the callback's. Its energy (`<kind>_energy`, read
// after both callbacks' times, as the effective configuration lists them) is
// added to its phases' energies.
void read_callback_time(const ConfigNode& rpm, const std::string& kind, sc_core::sc_time& duration,
                        std::vector<CallbackPhase>& phases) {
  const std::string latency_key = kind + "_latency";
  const std::string phases_key = kind + "_phases";
  if (!rpm.has(phases_key)) {
    duration = time_of(rpm.duration_or(latency_key, Duration{}));
    return;
  }
  if (rpm.has(latency_key))
    rpm.value(latency_key)
        .fail(fmt::format("give {} or {}, not both: the phases' durations add up to "
                          "the callback's",
                          latency_key, phases_key));
  duration = sc_core::SC_ZERO_TIME;
  for (const ConfigNode& node : at_most(rpm.sequence(phases_key), kMaxCallbackPhases, "a callback", "phases")) {
    phases.push_back(read_callback_phase(node));
    duration += phases.back().duration;
  }
  if (phases.empty()) rpm.value(phases_key).fail("a callback needs at least one phase");
}

double callback_energy(const ConfigNode& rpm, const std::string& kind, const std::vector<CallbackPhase>& phases) {
  double joules = rpm.energy_or(kind + "_energy", Energy{}).joules;
  for (const CallbackPhase& phase : phases) joules += phase.energy.joules;
  return joules;
}

DeviceSpec read_device(const ConfigNode& node, const std::string& name) {
  DeviceSpec spec;
  spec.where = node.location();
  spec.name = name;
  spec.domain = node.string_or("domain", "");
  spec.parent = node.string_or("parent", "");
  if (auto rpm = node.optional_child("runtime_pm")) {
    TimedCallbacksParams& c = spec.callbacks;
    read_callback_time(*rpm, "resume", c.resume_duration, c.resume_phases);
    read_callback_time(*rpm, "suspend", c.suspend_duration, c.suspend_phases);
    c.resume_energy_joules = callback_energy(*rpm, "resume", c.resume_phases);
    c.suspend_energy_joules = callback_energy(*rpm, "suspend", c.suspend_phases);
    spec.active_power = rpm->power_or("active_power", Power{});
    spec.suspended_power = rpm->power_or("suspended_power", Power{});
  }
  return spec;
}

InterconnectParams read_interconnect(const ConfigNode& node) {
  InterconnectParams params;
  params.hop_latency =
      time_of(node.duration_or(PARAMETER_KEY(kInterconnectParamsKeys, "hop_latency"), as_duration(params.hop_latency)));
  params.data_width_bytes = static_cast<unsigned>(
      node.integer_or(PARAMETER_KEY(kInterconnectParamsKeys, "data_width"), params.data_width_bytes, 1, 1024));
  params.clock = node.frequency_or(PARAMETER_KEY(kInterconnectParamsKeys, "clock"), params.clock);
  if (params.clock.hertz <= 0.0 || params.clock.hertz > 1e12)
    node.value("clock").fail("the clock must be above 0Hz and at most 1THz");
  params.energy_per_byte =
      node.energy_or(PARAMETER_KEY(kInterconnectParamsKeys, "energy_per_byte"), params.energy_per_byte);
  params.initiator_port_contention = node.boolean_or(
      PARAMETER_KEY(kInterconnectParamsKeys, "initiator_port_contention"), params.initiator_port_contention);
  if (node.has(PARAMETER_KEY(kInterconnectParamsKeys, "sync_on_arrival")))
    params.sync_on_arrival = node.boolean(PARAMETER_KEY(kInterconnectParamsKeys, "sync_on_arrival"));
  return params;
}

BridgeSpec read_bridge(const ConfigNode& node) {
  BridgeSpec spec;
  spec.device = read_device(node, read_object_name(node));
  spec.from = node.string(PARAMETER_KEY(kBridgeSpecKeys, "from"));
  spec.to = node.string(PARAMETER_KEY(kBridgeSpecKeys, "to"));
  if (spec.from == spec.to)
    node.value("to").fail(fmt::format("a bridge joins two segments, not '{}' to itself", spec.to));
  BridgeParams& p = spec.params;
  p.latency = time_of(node.duration_or(PARAMETER_KEY(kBridgeParamsKeys, "latency"), as_duration(p.latency)));
  p.data_width_bytes = static_cast<unsigned>(
      node.integer_or(PARAMETER_KEY(kBridgeParamsKeys, "data_width"), p.data_width_bytes, 1, 1024));
  p.clock = node.frequency_or(PARAMETER_KEY(kBridgeParamsKeys, "clock"), p.clock);
  if (p.clock.hertz <= 0.0 || p.clock.hertz > 1e12)
    node.value("clock").fail("the clock must be above 0Hz and at most 1THz");
  return spec;
}

// `interconnect` (one segment, the device "interconnect") or `interconnects`
// (named segments, the first the default attachment) and their `bridges`.
void read_segments(const ConfigNode& platform, PlatformSpec& spec) {
  if (platform.has("interconnects")) {
    if (platform.has("interconnect"))
      platform.value("interconnect").fail("give `interconnect` or `interconnects`, not both");
    for (const ConfigNode& node : at_most(platform.sequence(PARAMETER_KEY(kPlatformSpecKeys, "interconnects")),
                                          kMaxSegments, "a platform", "interconnect segments"))
      spec.segments.push_back(SegmentSpec{read_device(node, read_object_name(node)), read_interconnect(node)});
    if (spec.segments.empty()) platform.value("interconnects").fail("a platform needs at least one segment");
  } else {
    const ConfigNode interconnect = platform.child(PARAMETER_KEY(kPlatformSpecKeys, "interconnect"));
    spec.segments.push_back(SegmentSpec{read_device(interconnect, "interconnect"), read_interconnect(interconnect)});
  }
  for (const ConfigNode& node : at_most(platform.sequence_or_empty(PARAMETER_KEY(kPlatformSpecKeys, "bridges")),
                                        kMaxSegments, "a platform", "bridges"))
    spec.bridges.push_back(read_bridge(node));
}

// An idle timeout: a duration, or `off` (the controller never enters that state).
std::optional<sc_core::sc_time> read_idle_timeout(const ConfigNode& node, const char* key,
                                                  const sc_core::sc_time& fallback) {
  const std::optional<ConfigNode> value = node.optional_value(key);
  if (!value) return fallback;
  if (value->is_scalar() && value->as_string() == "off") return std::nullopt;
  return time_of(value->as_duration());
}

// The memory controller's automatic low-power entry (scenarios/README.md, DRAM):
// precharge power-down after kDramPowerDownTimeout of idleness and self-refresh
// after kDramSelfRefreshTimeout, unless the platform says otherwise. A DRAM that
// never leaves active standby (37 mW) would outweigh every device in the I/O path.
void read_dram_idle_timeouts(const ConfigNode& node, DramParams& p) {
  p.power_down_timeout = read_idle_timeout(node, "power_down_timeout", kDramPowerDownTimeout);
  p.self_refresh_timeout = read_idle_timeout(node, "self_refresh_timeout", kDramSelfRefreshTimeout);
  p.power_down_exit = time_of(node.duration_or("power_down_exit", as_duration(p.power_down_exit)));
  p.self_refresh_exit = time_of(node.duration_or("self_refresh_exit", as_duration(p.self_refresh_exit)));
  if (p.power_down_timeout && p.self_refresh_timeout && *p.self_refresh_timeout <= *p.power_down_timeout)
    node.value(node.has("self_refresh_timeout") ? "self_refresh_timeout" : "power_down_timeout")
        .fail(fmt::format("the self-refresh timeout ({}) must exceed the power-down timeout ({})",
                          p.self_refresh_timeout->to_string(), p.power_down_timeout->to_string()));
}

// `channels` DRAM channels, each size / channels, interleaved every `interleave`
// bytes (ChannelInterleaver): a power of two of at least 64 B, and the size a
// whole number of granules on every channel.
void read_dram_channels(const ConfigNode& node, MemoryRegionSpec& spec) {
  // Read only when given, so a platform without them has the effective
  // configuration (and report) it always had.
  spec.segment = optional_string(node, PARAMETER_KEY(kMemoryRegionSpecKeys, "segment"));
  ChannelInterleaverParams& c = spec.interleaving;
  if (node.has(PARAMETER_KEY(kChannelInterleaverParamsKeys, "channels")))
    c.channels = static_cast<unsigned>(node.integer("channels", 1, kMaxDramChannels));
  if (node.has(PARAMETER_KEY(kChannelInterleaverParamsKeys, "interleave"))) c.granule = node.size("interleave").bytes;
  if (c.granule < 64 || (c.granule & (c.granule - 1)) != 0)
    node.value("interleave")
        .fail(fmt::format("the interleave granule ({}) must be a power of two of at least 64B",
                          format(ByteSize{c.granule})));
  const std::uint64_t stripe = c.granule * c.channels;
  if (spec.params.size.bytes % stripe != 0)
    node.value("size").fail(fmt::format("{} channels interleaved every {} need a size that is a multiple of {}",
                                        c.channels, format(ByteSize{c.granule}), format(ByteSize{stripe})));
}

// The system-level cache in front of the DRAM (models/memory/include/wakesim/memory/system_cache.h).
SystemCacheParams read_slc(const ConfigNode& node) {
  SystemCacheParams p;
  p.size = node.size_or(PARAMETER_KEY(kSystemCacheParamsKeys, "slc.size"), p.size);
  p.ways = static_cast<unsigned>(node.integer_or(PARAMETER_KEY(kSystemCacheParamsKeys, "slc.ways"), p.ways, 1, 64));
  p.line = node.size_or(PARAMETER_KEY(kSystemCacheParamsKeys, "slc.line"), p.line);
  p.hit_latency =
      time_of(node.duration_or(PARAMETER_KEY(kSystemCacheParamsKeys, "slc.hit_latency"), as_duration(p.hit_latency)));
  p.cache_dma = node.boolean_or(PARAMETER_KEY(kSystemCacheParamsKeys, "slc.cache_dma"), p.cache_dma);
  if (p.line.bytes < 8 || (p.line.bytes & (p.line.bytes - 1)) != 0)
    node.value("line").fail(fmt::format("the line ({}) must be a power of two of at least 8B", format(p.line)));
  const std::uint64_t set_bytes = p.line.bytes * p.ways;
  if (p.size.bytes == 0 || p.size.bytes % set_bytes != 0)
    node.value(node.has("size") ? "size" : "ways")
        .fail(fmt::format("the size ({}) must be a whole number of sets of {} ways x {}", format(p.size), p.ways,
                          format(p.line)));
  if (p.size.bytes > kMaxSlcBytes)
    node.value("size").fail(fmt::format("a system cache holds at most {}", format(ByteSize{kMaxSlcBytes})));
  return p;
}

MemoryRegionSpec read_dram(const ConfigNode& node) {
  MemoryRegionSpec spec;
  spec.where = node.location();
  spec.base = static_cast<std::uint64_t>(node.integer_or(PARAMETER_KEY(kMemoryRegionSpecKeys, "base"), 0, 0));
  DramParams& p = spec.params;
  p.size = node.size_or(PARAMETER_KEY(kDramParamsKeys, "size"), p.size);
  if (p.size.bytes == 0) node.value("size").fail("a memory must not be empty");
  p.access_latency =
      time_of(node.duration_or(PARAMETER_KEY(kDramParamsKeys, "access_latency"), as_duration(p.access_latency)));
  p.bandwidth = node.bandwidth_or(PARAMETER_KEY(kDramParamsKeys, "bandwidth"), p.bandwidth);
  if (p.bandwidth.bytes_per_second <= 0.0) node.value("bandwidth").fail("the bandwidth must be above 0B/s");
  p.banks = static_cast<unsigned>(node.integer_or(PARAMETER_KEY(kDramParamsKeys, "banks"), p.banks, 1, 1024));
  p.row_size = node.size_or(PARAMETER_KEY(kDramParamsKeys, "row_size"), p.row_size);
  if (p.row_size.bytes == 0) node.value("row_size").fail("a row must not be empty");
  p.t_rcd = time_of(node.duration_or(PARAMETER_KEY(kDramParamsKeys, "t_rcd"), as_duration(p.t_rcd)));
  p.t_rp = time_of(node.duration_or(PARAMETER_KEY(kDramParamsKeys, "t_rp"), as_duration(p.t_rp)));
  p.read_energy_per_bit = node.energy_or(PARAMETER_KEY(kDramParamsKeys, "read_energy_per_bit"), p.read_energy_per_bit);
  p.write_energy_per_bit =
      node.energy_or(PARAMETER_KEY(kDramParamsKeys, "write_energy_per_bit"), p.write_energy_per_bit);
  p.activation_energy = node.energy_or(PARAMETER_KEY(kDramParamsKeys, "activation_energy"), p.activation_energy);
  p.active_standby = node.power_or(PARAMETER_KEY(kDramParamsKeys, "active_standby_power"), p.active_standby);
  p.precharge_standby = node.power_or(PARAMETER_KEY(kDramParamsKeys, "precharge_standby_power"), p.precharge_standby);
  p.power_down = node.power_or(PARAMETER_KEY(kDramParamsKeys, "power_down_power"), p.power_down);
  p.self_refresh = node.power_or(PARAMETER_KEY(kDramParamsKeys, "self_refresh_power"), p.self_refresh);
  read_dram_idle_timeouts(node, p);
  read_dram_channels(node, spec);
  if (auto slc = node.optional_child(PARAMETER_KEY(kMemoryRegionSpecKeys, "slc"))) spec.slc = read_slc(*slc);
  return spec;
}

// Each channel that moves data holds max_outstanding bursts in a buffer of its own.
void check_in_flight_bytes(const ConfigNode& node, const DmaControllerParams& p) {
  const std::uint64_t in_flight = std::uint64_t{p.max_outstanding} * p.burst_size.bytes;
  if (in_flight <= kMaxChannelInFlightBytes) return;
  node.value(node.has("max_outstanding") ? "max_outstanding" : "burst_size")
      .fail(fmt::format("max_outstanding {} x burst_size {} is {} in flight per channel; a channel holds at "
                        "most {}",
                        p.max_outstanding, format(p.burst_size), format(ByteSize{in_flight}),
                        format(ByteSize{kMaxChannelInFlightBytes})));
}

// An IOMMU tells its masters apart by (port, stream ID), and every port of a
// controller has an IOMMU port of its own: two channels of one port through an
// IOMMU with one stream ID would share a context. Checked as each channel is read.
void check_stream_ids(const ConfigNode& channel, const DmaSpec& spec) {
  const std::vector<DmaChannelParams>& channels = spec.params.channel_params;
  const DmaChannelParams& mine = channels.back();
  const std::string& iommu = spec.port_iommus.at(mine.port);
  if (iommu.empty()) return;
  for (std::size_t i = 0; i + 1 < channels.size(); ++i)
    if (channels[i].port == mine.port && channels[i].stream_id == mine.stream_id)
      channel.value("stream_id")
          .fail(fmt::format("channels {} and {} of '{}' both use stream ID {:#x} on port {}, which goes through "
                            "IOMMU '{}': it could not tell them apart",
                            i, channels.size() - 1, spec.device.name, mine.stream_id, mine.port, iommu));
}

DmaSpec read_dma(const ConfigNode& node) {
  DmaSpec spec;
  spec.device = read_device(node, read_object_name(node));
  DmaControllerParams& p = spec.params;
  p.channels =
      static_cast<unsigned>(node.integer_or(PARAMETER_KEY(kDmaControllerParamsKeys, "channels"), p.channels, 1, 64));
  p.burst_size = node.size_or(PARAMETER_KEY(kDmaControllerParamsKeys, "burst_size"), p.burst_size);
  if (p.burst_size.bytes == 0) node.value("burst_size").fail("a burst must not be empty");
  if (p.burst_size.bytes > kMaxBurstBytes)
    node.value("burst_size").fail(fmt::format("a burst is at most {}", format(ByteSize{kMaxBurstBytes})));
  p.max_outstanding = static_cast<unsigned>(
      node.integer_or(PARAMETER_KEY(kDmaControllerParamsKeys, "max_outstanding"), p.max_outstanding, 1, 256));
  check_in_flight_bytes(node, p);
  p.setup_latency = time_of(node.duration_or(PARAMETER_KEY(kDmaControllerParamsKeys, "setup_latency"), Duration{}));
  p.issue_interval = time_of(node.duration_or(PARAMETER_KEY(kDmaControllerParamsKeys, "issue_interval"), Duration{}));
  p.when_suspended = node.enum_or(PARAMETER_KEY(kDmaControllerParamsKeys, "when_suspended"), kDmaWhenSuspendedNames,
                                  DmaWhenSuspended::stall);
  p.energy_per_byte = node.energy_or(PARAMETER_KEY(kDmaControllerParamsKeys, "energy_per_byte"), Energy{});
  p.energy_per_descriptor = node.energy_or(PARAMETER_KEY(kDmaControllerParamsKeys, "energy_per_descriptor"), Energy{});
  if (node.has(PARAMETER_KEY(kDmaControllerParamsKeys, "quantum")))
    p.quantum = time_of(node.duration(PARAMETER_KEY(kDmaControllerParamsKeys, "quantum")));

  const std::vector<ConfigNode> ports = node.sequence_or_empty(PARAMETER_KEY(kDmaControllerParamsKeys, "ports"));
  for (const ConfigNode& port : at_most(ports, kMaxDmaPorts, "a DMA controller", "ports")) {
    spec.port_iommus.push_back(port.string_or(PARAMETER_KEY(kDmaPortKeys, "iommu"), ""));
    spec.port_segments.push_back(optional_string(port, PARAMETER_KEY(kDmaPortKeys, "segment")));
    if (!spec.port_iommus.back().empty() && !spec.port_segments.back().empty())
      port.value("segment").fail(
          fmt::format("a port through IOMMU '{}' reaches the interconnect where the IOMMU "
                      "attaches: give the segment on the IOMMU",
                      spec.port_iommus.back()));
  }
  if (spec.port_iommus.empty()) {
    spec.port_iommus.push_back("");
    spec.port_segments.push_back("");
  }
  p.ports = static_cast<unsigned>(spec.port_iommus.size());
  for (const ConfigNode& channel : node.sequence_or_empty(PARAMETER_KEY(kDmaControllerParamsKeys, "channel_paths"))) {
    DmaChannelParams c;
    c.stream_id = static_cast<std::uint32_t>(channel.integer("stream_id", 0, 0xffffffff));
    c.port = static_cast<unsigned>(channel.integer("port", 0, p.ports - 1));
    if (channel.has(PARAMETER_KEY(kDmaChannelParamsKeys, "setup_latency")))
      c.setup_latency = time_of(channel.duration("setup_latency"));
    p.channel_params.push_back(c);
    check_stream_ids(channel, spec);
  }
  if (!p.channel_params.empty() && p.channel_params.size() != p.channels)
    node.value("channel_paths")
        .fail(fmt::format("lists {} channels but the controller has {}", p.channel_params.size(), p.channels));
  return spec;
}

// "[0x80000000, 0x90000000)", or "[0x..., 0x... + 0x...)" when the end does not fit.
std::string range_text(std::uint64_t base, std::uint64_t size) {
  if (size > std::numeric_limits<std::uint64_t>::max() - base)
    return fmt::format("[{:#x}, {:#x} + {:#x})", base, base, size);
  return fmt::format("[{:#x}, {:#x})", base, base + size);
}

// The driver allocates a context's root table from the region at its first map,
// and every table must be addressable by the format's table pointers: a region
// that cannot hold one root table (aligned to its size), or that reaches past
// the format's physical addresses, would leave every mapping failing.
void check_page_table_region(const ConfigNode& tables, const IommuSpec& spec) {
  const std::unique_ptr<PageTableFormat> table_format = make_page_table_format(spec.format);
  const std::uint64_t base = spec.page_table_base;
  const std::uint64_t size = spec.page_table_size;
  if (size > std::numeric_limits<std::uint64_t>::max() - base) return;  // check_ranges() refuses it
  const unsigned bits = table_format->output_bits();
  if (bits < 64 && (base >> bits != 0 || size > (std::uint64_t{1} << bits) - base))
    tables.value("base").fail(
        fmt::format("the page-table region {} reaches past the {}-bit physical addresses of "
                    "format '{}'",
                    range_text(base, size), bits, to_string(spec.format)));
  const std::uint64_t root = table_format->table_bytes(0);
  const std::uint64_t misalignment = base % root;
  const std::uint64_t skipped = misalignment == 0 ? 0 : root - misalignment;
  if (size >= skipped && size - skipped >= root) return;
  tables.value("size").fail(
      fmt::format("the page-table region {} cannot hold a root table of format '{}' ({}, "
                  "aligned to its size)",
                  range_text(base, size), to_string(spec.format), format(ByteSize{root})));
}

// A clock period from a frequency, rounded to whole picoseconds (as the
// Interconnect's clock).
sc_core::sc_time read_clock_period(const ConfigNode& node, const char* key) {
  const ConfigNode value = node.value(key);
  const Frequency clock = value.as_frequency();
  if (!(clock.hertz > 0.0) || clock.hertz > 1e12) value.fail("the clock must be above 0Hz and at most 1THz");
  return sc_core::sc_time::from_value(static_cast<sc_dt::uint64>(std::llround(1e12 / clock.hertz)));
}

// The keys below are read only when present, so a file without them keeps its
// effective configuration (and its report) as it was before they existed.
void read_tlb(const ConfigNode& node, TlbParams& tlb) {
  if (node.has(PARAMETER_KEY(kTlbParamsKeys, "clock"))) tlb.clock_period = read_clock_period(node, "clock");
  const std::optional<ConfigNode> child = node.optional_child("tlb");
  if (!child) return;
  const ConfigNode& t = *child;
  tlb.entries = static_cast<std::uint32_t>(
      t.integer_or(PARAMETER_KEY(kTlbParamsKeys, "tlb.entries"), tlb.entries, 1, kMaxTlbEntries));
  tlb.ways =
      static_cast<std::uint32_t>(t.integer_or(PARAMETER_KEY(kTlbParamsKeys, "tlb.ways"), tlb.ways, 0, kMaxTlbEntries));
  tlb.replacement =
      t.enum_or(PARAMETER_KEY(kTlbParamsKeys, "tlb.replacement"), kReplacementPolicyNames, ReplacementPolicy::lru);
  if (t.has(PARAMETER_KEY(kTlbParamsKeys, "tlb.random_seed")))
    tlb.random_seed = static_cast<std::uint64_t>(t.integer("random_seed", 0));
  tlb.hit_latency_cycles = static_cast<std::uint32_t>(
      t.integer_or(PARAMETER_KEY(kTlbParamsKeys, "tlb.hit_latency_cycles"), tlb.hit_latency_cycles, 0, 1000));
  tlb.lookup_energy = t.energy_or(PARAMETER_KEY(kTlbParamsKeys, "tlb.lookup_energy"), tlb.lookup_energy);
  if (tlb.ways != 0 && tlb.entries % tlb.ways != 0)
    t.value("ways").fail("the entries must divide into sets of this many ways");
}

void read_walk_cache(const ConfigNode& node, WalkCacheParams& cache) {
  const std::optional<ConfigNode> child = node.optional_child(PARAMETER_KEY(kIommuWalkerParamsKeys, "walk_cache"));
  if (!child) return;
  const ConfigNode& c = *child;
  if (c.has(PARAMETER_KEY(kWalkCacheParamsKeys, "walk_cache.entries")))
    cache.entries = static_cast<std::uint32_t>(c.integer("entries", 0, kMaxWalkCacheEntries));
  if (c.has(PARAMETER_KEY(kWalkCacheParamsKeys, "walk_cache.ways")))
    cache.ways = static_cast<std::uint32_t>(c.integer("ways", 0, kMaxWalkCacheEntries));
  if (c.has(PARAMETER_KEY(kWalkCacheParamsKeys, "walk_cache.lookup_latency_cycles")))
    cache.lookup_latency_cycles = static_cast<std::uint32_t>(c.integer("lookup_latency_cycles", 0, 1000));
  if (c.has(PARAMETER_KEY(kWalkCacheParamsKeys, "walk_cache.lookup_energy")))
    cache.lookup_energy = c.energy("lookup_energy");
  if (cache.ways != 0 && cache.entries % cache.ways != 0)
    c.value(c.has("ways") ? "ways" : "entries")
        .fail(fmt::format("the {} entries must divide into sets of {} ways (0: fully associative)", cache.entries,
                          cache.ways));
}

void read_walker(const ConfigNode& node, IommuWalkerParams& walker) {
  walker.slots =
      static_cast<unsigned>(node.integer_or(PARAMETER_KEY(kIommuWalkerParamsKeys, "walk_slots"), walker.slots, 1, 256));
  read_walk_cache(node, walker.walk_cache);
  walker.pte_read_energy =
      node.energy_or(PARAMETER_KEY(kIommuWalkerParamsKeys, "pte_read_energy"), walker.pte_read_energy);
  if (node.has(PARAMETER_KEY(kIommuWalkerParamsKeys, "walker_stream_id")))
    walker.stream_id = static_cast<std::uint32_t>(node.integer("walker_stream_id", 0, 0xffffffff));
}

// A register count: at most kMaxRegisterAccesses per operation.
void read_register_count(const ConfigNode& node, const char* key, unsigned& count) {
  if (node.has(key)) count = static_cast<unsigned>(node.integer(key, 0, kMaxRegisterAccesses));
}

void read_registers(const ConfigNode& node, IommuRegisterParams& r) {
  const std::optional<ConfigNode> child = node.optional_child(PARAMETER_KEY(kIommuParamsKeys, "registers"));
  if (!child) return;
  const ConfigNode& c = *child;
  if (c.has(PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.write_latency")))
    r.write_latency = time_of(c.duration("write_latency"));
  if (c.has(PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.sync_latency")))
    r.sync_latency = time_of(c.duration("sync_latency"));
  if (c.has(PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.write_energy")))
    r.write_energy = c.energy("write_energy");
  read_register_count(c, PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.context_writes").data(), r.context_writes);
  read_register_count(c, PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.stream_binding_writes").data(),
                      r.stream_binding_writes);
  read_register_count(c, PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.writes_per_page_invalidation").data(),
                      r.writes_per_page_invalidation);
  read_register_count(c, PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.asid_invalidation_writes").data(),
                      r.asid_invalidation_writes);
  read_register_count(c, PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.all_invalidation_writes").data(),
                      r.all_invalidation_writes);
  read_register_count(c, PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.sync_writes").data(), r.sync_writes);
  read_register_count(c, PARAMETER_KEY(kIommuRegisterParamsKeys, "registers.context_save_reads").data(),
                      r.context_save_reads);
}

void read_iommu_power(const ConfigNode& node, IommuPowerParams& power) {
  power.when_suspended = node.enum_or(PARAMETER_KEY(kIommuPowerParamsKeys, "when_suspended"), kIommuWhenSuspendedNames,
                                      IommuWhenSuspended::bypass);
  power.retention = node.boolean_or(PARAMETER_KEY(kIommuPowerParamsKeys, "retention"), false);
  if (node.has(PARAMETER_KEY(kIommuPowerParamsKeys, "save_context"))) power.save_context = node.boolean("save_context");
}

IommuSpec read_iommu(const ConfigNode& node) {
  IommuSpec spec;
  spec.device = read_device(node, read_object_name(node));
  IommuParams& p = spec.params;
  spec.format =
      node.enum_or(PARAMETER_KEY(kIommuSpecKeys, "format"), kPageTableFormatKindNames, PageTableFormatKind::arm64_4k);
  p.ports = static_cast<unsigned>(node.integer_or(PARAMETER_KEY(kIommuParamsKeys, "ports"), 1, 1, 64));
  p.contexts = static_cast<unsigned>(node.integer_or(PARAMETER_KEY(kIommuParamsKeys, "contexts"), p.contexts, 1, 128));
  read_tlb(node, p.tlb);
  read_walker(node, p.walker);
  read_registers(node, p.registers);
  read_iommu_power(node, p.power);
  if (node.has(PARAMETER_KEY(kIommuParamsKeys, "unbound_stream")))
    p.unbound_stream = node.enum_value("unbound_stream", kIommuUnboundStreamNames);
  if (node.has(PARAMETER_KEY(kIommuParamsKeys, "fault_log_capacity")))
    p.fault_log_capacity = static_cast<std::size_t>(node.integer("fault_log_capacity", 1, kMaxFaultLogCapacity));
  if (node.has(PARAMETER_KEY(kIommuParamsKeys, "sync_on_arrival"))) p.sync_on_arrival = node.boolean("sync_on_arrival");
  if (node.has(PARAMETER_KEY(kIommuDriverParamsKeys, "pte_write_cost")))
    spec.driver.pte_write_cost = time_of(node.duration("pte_write_cost"));
  spec.power = read_iommu_power_binding(node);
  spec.segment = optional_string(node, PARAMETER_KEY(kIommuSpecKeys, "segment"));
  const ConfigNode tables = node.child("page_tables");
  spec.page_table_base =
      static_cast<std::uint64_t>(tables.integer(PARAMETER_KEY(kIommuSpecKeys, "page_tables.base"), 0));
  spec.page_table_size = tables.size(PARAMETER_KEY(kIommuSpecKeys, "page_tables.size")).bytes;
  if (spec.page_table_size == 0) tables.value("size").fail("the page-table region must not be empty");
  check_page_table_region(tables, spec);
  return spec;
}

std::uint32_t read_link_flags(const ConfigNode& node) {
  static const std::vector<std::pair<std::string, std::uint32_t>> kFlags = {
      {"stateless", kDlStateless},
      {"pm_runtime", kDlPmRuntime},
      {"rpm_active", kDlRpmActive},
      {"autoremove_consumer", kDlAutoremoveConsumer},
      {"autoremove_supplier", kDlAutoremoveSupplier},
      {"autoprobe_consumer", kDlAutoprobeConsumer},
      {"sync_state_only", kDlSyncStateOnly}};
  std::vector<std::string> names;
  for (const auto& [name, bit] : kFlags) names.push_back(name);
  std::uint32_t flags = 0;
  for (const ConfigNode& flag : node.sequence_or_empty("flags")) {
    const std::string name = flag.as_choice(names);
    flags |= std::find_if(kFlags.begin(), kFlags.end(), [&](const auto& entry) { return entry.first == name; })->second;
  }
  return flags;
}

LinkSpec read_link(const ConfigNode& node) {
  LinkSpec spec;
  spec.where = node.location();
  spec.consumer = node.string(PARAMETER_KEY(kLinkSpecKeys, "consumer"));
  spec.supplier = node.string(PARAMETER_KEY(kLinkSpecKeys, "supplier"));
  spec.flags = read_link_flags(node);
  return spec;
}

// Every name a description uses must be defined once, and every reference must
// name something of the right kind.
void check_names(const ConfigNode& platform, const PlatformSpec& spec) {
  std::set<std::string> domains;
  for (const DomainSpec& domain : spec.domains)
    if (!domains.insert(domain.name).second)
      throw ConfigError(domain.where, "domains", fmt::format("domain '{}' is defined twice", domain.name));
  auto known_domain = [&](const std::string& name) { return name.empty() || domains.count(name); };
  auto dangling = [](const ConfigLocation& where, const std::string& what, const std::string& name,
                     const std::set<std::string>& candidates) {
    std::string message = fmt::format("{} '{}' is not defined", what, name);
    std::vector<std::string> list(candidates.begin(), candidates.end());
    if (auto near = closest_match(name, list)) message += fmt::format("; did you mean '{}'?", *near);
    throw ConfigError(where, "", message);
  };
  for (const DomainSpec& domain : spec.domains)
    if (!known_domain(domain.parent)) dangling(domain.where, "parent domain", domain.parent, domains);

  std::set<std::string> devices;
  std::set<std::string> segments;
  for (const SegmentSpec& segment : spec.segments) {
    segments.insert(segment.device.name);
    if (!devices.insert(segment.device.name).second)
      throw ConfigError(segment.device.where, "", fmt::format("segment '{}' is defined twice", segment.device.name));
  }
  for (const BridgeSpec& bridge : spec.bridges)
    if (!devices.insert(bridge.device.name).second)
      throw ConfigError(bridge.device.where, "", fmt::format("device '{}' is defined twice", bridge.device.name));
  auto check_segment = [&](const ConfigLocation& where, const std::string& name) {
    if (!name.empty() && !segments.count(name)) dangling(where, "segment", name, segments);
  };
  for (const BridgeSpec& bridge : spec.bridges) {
    check_segment(bridge.device.where, bridge.from);
    check_segment(bridge.device.where, bridge.to);
  }
  check_segment(spec.dram.where, spec.dram.segment);
  std::set<std::string> iommus;
  for (const IommuSpec& iommu : spec.iommus) {
    iommus.insert(iommu.device.name);
    if (!devices.insert(iommu.device.name).second)
      throw ConfigError(iommu.device.where, "", fmt::format("device '{}' is defined twice", iommu.device.name));
  }
  for (const DmaSpec& dma : spec.dmas)
    if (!devices.insert(dma.device.name).second)
      throw ConfigError(dma.device.where, "", fmt::format("device '{}' is defined twice", dma.device.name));
  auto check_device = [&](const DeviceSpec& device) {
    if (!known_domain(device.domain)) dangling(device.where, "domain", device.domain, domains);
    if (!device.parent.empty() && !devices.count(device.parent))
      dangling(device.where, "parent device", device.parent, devices);
  };
  // Segments and bridges are made before the other devices, parents first: a
  // parent of one of them must be another of them, and their parents form no cycle.
  std::map<std::string, std::string> fabric_parent;
  for (const SegmentSpec& segment : spec.segments) fabric_parent[segment.device.name] = segment.device.parent;
  for (const BridgeSpec& bridge : spec.bridges) fabric_parent[bridge.device.name] = bridge.device.parent;
  auto check_fabric_device = [&](const DeviceSpec& device) {
    check_device(device);
    if (device.parent.empty()) return;
    if (!fabric_parent.count(device.parent))
      throw ConfigError(device.where, "parent",
                        fmt::format("the parent of '{}' must be an interconnect segment or a bridge, not '{}'",
                                    device.name, device.parent));
    std::string at = device.parent;
    for (std::size_t steps = 0; !at.empty(); at = fabric_parent.at(at))
      if (at == device.name || ++steps > fabric_parent.size())
        throw ConfigError(device.where, "parent", fmt::format("'{}' is its own ancestor", device.name));
  };
  for (const SegmentSpec& segment : spec.segments) check_fabric_device(segment.device);
  for (const BridgeSpec& bridge : spec.bridges) check_fabric_device(bridge.device);
  // The IOMMUs are made after the segments and bridges, and the DMA controllers
  // after the IOMMUs, each list in file order: a parent must be made before its
  // child (device_add() needs the parent), so it must come earlier in that order.
  std::map<std::string, std::size_t> made_at;
  for (const SegmentSpec& segment : spec.segments) made_at[segment.device.name] = 0;
  for (const BridgeSpec& bridge : spec.bridges) made_at[bridge.device.name] = 0;
  for (const IommuSpec& iommu : spec.iommus) made_at.emplace(iommu.device.name, made_at.size() + 1);
  for (const DmaSpec& dma : spec.dmas) made_at.emplace(dma.device.name, made_at.size() + 1);
  auto check_made_after_parent = [&](const DeviceSpec& device) {
    if (device.parent.empty() || !made_at.count(device.parent)) return;
    if (device.parent == device.name)
      throw ConfigError(device.where, "parent", fmt::format("'{}' is its own parent", device.name));
    if (made_at.at(device.parent) >= made_at.at(device.name))
      throw ConfigError(device.where, "parent",
                        fmt::format("the parent of '{}', '{}', is made after it: a parent must be an "
                                    "interconnect segment, a bridge, or a device listed before it "
                                    "(IOMMUs come before DMA controllers)",
                                    device.name, device.parent));
  };
  for (const DmaSpec& dma : spec.dmas) {
    check_device(dma.device);
    check_made_after_parent(dma.device);
    for (const std::string& segment : dma.port_segments) check_segment(dma.device.where, segment);
    for (const std::string& iommu : dma.port_iommus)
      if (!iommu.empty() && !iommus.count(iommu)) dangling(dma.device.where, "IOMMU", iommu, iommus);
  }
  for (const IommuSpec& iommu : spec.iommus) {
    check_device(iommu.device);
    check_made_after_parent(iommu.device);
    check_segment(iommu.device.where, iommu.segment);
  }
  for (const LinkSpec& link : spec.links) {
    if (!devices.count(link.consumer)) dangling(link.where, "consumer", link.consumer, devices);
    if (!devices.count(link.supplier)) dangling(link.where, "supplier", link.supplier, devices);
  }
  (void)platform;
}

// Bridges form no cycle (each route to the DRAM is then a path), and every
// segment a master attaches to reaches the DRAM's segment through bridges.
void check_topology(const PlatformSpec& spec) {
  const std::vector<std::size_t> hops = hops_to_dram(spec);
  // A cycle: some bridge's `to` reaches its `from` again. Depth-first from every
  // bridge's `to`, in description order, so the error names the first bridge
  // that closes one.
  for (const BridgeSpec& bridge : spec.bridges) {
    std::vector<std::string> stack = {bridge.to};
    std::set<std::string> seen;
    while (!stack.empty()) {
      const std::string at = stack.back();
      stack.pop_back();
      if (at == bridge.from)
        throw ConfigError(bridge.device.where, "platform.bridges",
                          fmt::format("bridge '{}' ({} -> {}) closes a cycle of bridges: routes must be acyclic",
                                      bridge.device.name, bridge.from, bridge.to));
      if (!seen.insert(at).second) continue;
      for (const BridgeSpec& next : spec.bridges)
        if (next.from == at) stack.push_back(next.to);
    }
  }
  auto reachable = [&](const ConfigLocation& where, const std::string& what, const std::string& segment) {
    const std::size_t index = segment_index(spec, segment);
    if (hops[index] == kUnreachable)
      throw ConfigError(where, "",
                        fmt::format("{} attaches to segment '{}', from which no bridge leads to the DRAM's segment "
                                    "'{}'",
                                    what, spec.segments[index].device.name,
                                    spec.segments[segment_index(spec, spec.dram.segment)].device.name));
  };
  for (const DmaSpec& dma : spec.dmas)
    for (std::size_t port = 0; port < dma.port_segments.size(); ++port)
      if (dma.port_iommus[port].empty())
        reachable(dma.device.where, fmt::format("port {} of '{}'", port, dma.device.name), dma.port_segments[port]);
  for (const IommuSpec& iommu : spec.iommus)
    reachable(iommu.device.where, fmt::format("IOMMU '{}'", iommu.device.name), iommu.segment);
}

// [base, base + size) inside [outer_base, outer_base + outer_size), without overflow.
bool inside(std::uint64_t base, std::uint64_t size, std::uint64_t outer_base, std::uint64_t outer_size) {
  if (base < outer_base) return false;
  const std::uint64_t offset = base - outer_base;
  return offset < outer_size && size <= outer_size - offset;
}

bool overlap(std::uint64_t a_base, std::uint64_t a_size, std::uint64_t b_base, std::uint64_t b_size) {
  return a_base < b_base ? b_base - a_base < a_size : a_base - b_base < b_size;
}

// The address ranges the builder maps: the DRAM inside the 64-bit address space,
// and each IOMMU's page tables inside the DRAM and apart from every other's. The
// builder checks the same at elaboration; here `validate` sees them too, and the
// arithmetic cannot wrap around 2^64.
void check_ranges(const PlatformSpec& spec) {
  const std::uint64_t dram_base = spec.dram.base;
  const std::uint64_t dram_size = spec.dram.params.size.bytes;
  if (dram_size > std::numeric_limits<std::uint64_t>::max() - dram_base)
    throw ConfigError(
        spec.dram.where, "platform.dram",
        fmt::format("the DRAM {} runs past the end of the 64-bit address space", range_text(dram_base, dram_size)));
  for (std::size_t i = 0; i < spec.iommus.size(); ++i) {
    const IommuSpec& iommu = spec.iommus[i];
    const std::string key = fmt::format("platform.iommus.{}.page_tables", i);
    if (!inside(iommu.page_table_base, iommu.page_table_size, dram_base, dram_size))
      throw ConfigError(
          iommu.device.where, key,
          fmt::format("the page tables of '{}' must lie inside the DRAM: {} is not inside {}", iommu.device.name,
                      range_text(iommu.page_table_base, iommu.page_table_size), range_text(dram_base, dram_size)));
    for (std::size_t j = 0; j < i; ++j) {
      const IommuSpec& other = spec.iommus[j];
      if (overlap(iommu.page_table_base, iommu.page_table_size, other.page_table_base, other.page_table_size))
        throw ConfigError(iommu.device.where, key,
                          fmt::format("the page tables of '{}' {} overlap those of '{}' {}", iommu.device.name,
                                      range_text(iommu.page_table_base, iommu.page_table_size), other.device.name,
                                      range_text(other.page_table_base, other.page_table_size)));
    }
  }
}

}  // namespace

std::string read_object_name(const ConfigNode& node) {
  std::string name = node.string("name");
  const bool illegal = name.empty() || std::any_of(name.begin(), name.end(), [](char c) {
                         return c == '.' || std::isspace(static_cast<unsigned char>(c));
                       });
  if (illegal)
    node.value("name").fail(
        fmt::format("'{}' cannot name a model: a name must be non-empty, without '.' or "
                    "spaces (it is a SystemC object name and a segment of key paths)",
                    name));
  return name;
}

std::vector<ConfigNode> at_most(std::vector<ConfigNode> elements, std::size_t most, const char* owner,
                                const char* things) {
  if (elements.size() > most) elements[most].fail(fmt::format("{} has at most {} {}", owner, most, things));
  return elements;
}

IommuPowerManagerParams read_iommu_power_binding(const ConfigNode& node) {
  IommuPowerManagerParams power;
  power.binding = node.enum_or(PARAMETER_KEY(kIommuPowerManagerParamsKeys, "power_binding"), kIommuPowerBindingNames,
                               IommuPowerBinding::device_link);
  if (node.has(PARAMETER_KEY(kIommuPowerManagerParamsKeys, "use_autosuspend")))
    power.use_autosuspend = node.boolean("use_autosuspend");
  power.autosuspend_delay = time_of(node.duration_or(PARAMETER_KEY(kIommuPowerManagerParamsKeys, "autosuspend_delay"),
                                                     as_duration(power.autosuspend_delay)));
  power.order_link = node.boolean_or(PARAMETER_KEY(kIommuPowerManagerParamsKeys, "order_link"), false);
  return power;
}

// A pm_wq dispatch latency: a plain time (fixed), or a map naming a distribution
// with its parameters (models/core/include/wakesim/core/latency_distribution.h).
LatencyDistribution read_dispatch_latency(const ConfigNode& node) {
  if (!node.is_map()) return time_of(node.as_duration());
  const LatencyDistribution::Kind kind =
      node.enum_value(PARAMETER_KEY(kDispatchLatencyKeys, "distribution"), kLatencyDistributionKindNames);
  if (kind == LatencyDistribution::Kind::fixed)
    return LatencyDistribution::fixed(time_of(node.duration(PARAMETER_KEY(kDispatchLatencyKeys, "value"))));
  if (kind == LatencyDistribution::Kind::uniform) {
    const Duration min = node.duration(PARAMETER_KEY(kDispatchLatencyKeys, "min"));
    const ConfigNode max_node = node.value(PARAMETER_KEY(kDispatchLatencyKeys, "max"));
    const Duration max = max_node.as_duration();
    if (max.picoseconds < min.picoseconds)
      max_node.fail(fmt::format("max ({}) must be at least min ({})", format(max), format(min)));
    return LatencyDistribution::uniform(time_of(min), time_of(max));
  }
  const ConfigNode median_node = node.value(PARAMETER_KEY(kDispatchLatencyKeys, "median"));
  const Duration median = median_node.as_duration();
  if (median.picoseconds == 0) median_node.fail("a lognormal median must be above 0s");
  const ConfigNode p99_node = node.value(PARAMETER_KEY(kDispatchLatencyKeys, "p99"));
  const Duration p99 = p99_node.as_duration();
  if (p99.picoseconds < median.picoseconds)
    p99_node.fail(fmt::format("p99 ({}) must be at least the median ({})", format(p99), format(median)));
  return LatencyDistribution::lognormal(time_of(median), time_of(p99));
}

// platform.runtime_pm. A platform's autosuspend timer fires at the end of its
// slack range unless told otherwise: an idle CPU is woken at the hrtimer's hard
// expiry (see AutosuspendTimerSlack).
PmCoreParams read_runtime_pm(const std::optional<ConfigNode>& pm) {
  PmCoreParams params;
  params.autosuspend_timer_slack = AutosuspendTimerSlack::range_end;
  if (!pm) return params;
  if (auto latency = pm->optional_value("pm_wq_dispatch_latency"))
    params.pm_wq_dispatch_latency = read_dispatch_latency(*latency);
  else  // through duration_or, so the effective configuration shows the default
    params.pm_wq_dispatch_latency =
        time_of(pm->duration_or("pm_wq_dispatch_latency", as_duration(params.pm_wq_dispatch_latency.first())));
  params.pm_wq_max_active = static_cast<unsigned>(
      pm->integer_or("pm_wq_max_active", params.pm_wq_max_active, 1, PmWorkqueueParams::kMaxActiveLimit));
  params.autosuspend_timer_slack =
      pm->enum_or("autosuspend_timer_slack", kAutosuspendTimerSlackNames, params.autosuspend_timer_slack);
  return params;
}

PlatformSpec read_platform(const ConfigNode& platform) {
  PlatformSpec spec;
  spec.name = platform.string("name");
  spec.pm = read_runtime_pm(platform.optional_child("runtime_pm"));
  // `cpus: null` (--set platform.cpus=null) takes a platform's CPU side away.
  if (auto cpus = platform.optional_value("cpus"); cpus && !cpus->is_null())
    spec.cpus = read_cpu_system(platform.child("cpus"));
  for (const ConfigNode& domain :
       at_most(platform.sequence_or_empty("domains"), kMaxDomains, "a platform", "power domains"))
    spec.domains.push_back(read_domain(domain));
  read_segments(platform, spec);
  spec.dram = read_dram(platform.child("dram"));
  for (const ConfigNode& dma :
       at_most(platform.sequence_or_empty("dma"), kMaxDmaControllers, "a platform", "DMA controllers"))
    spec.dmas.push_back(read_dma(dma));
  for (const ConfigNode& iommu : at_most(platform.sequence_or_empty("iommus"), kMaxIommus, "a platform", "IOMMUs"))
    spec.iommus.push_back(read_iommu(iommu));
  for (const ConfigNode& link : at_most(platform.sequence_or_empty("links"), kMaxLinks, "a platform", "device links"))
    spec.links.push_back(read_link(link));
  check_names(platform, spec);
  check_topology(spec);
  check_ranges(spec);
  return spec;
}

}  // namespace wakesim

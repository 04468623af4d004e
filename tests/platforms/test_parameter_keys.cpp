// Every field of every parameter struct is settable from a file or says what
// sets it (platforms/include/wakesim/platforms/parameter_keys.h), every key the readers know is in the
// tables of scenarios/README.md, and every key of those tables is read.
// GCC 12 with -fsanitize=address,undefined warns "may be used uninitialized"
// inside std::regex (libstdc++'s std::function states), a false positive that
// -Werror would turn into a failed sanitizer build.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/aggregate_field_count.h"
#include "wakesim/core/config_document.h"
#include "wakesim/core/config_error.h"
#include "wakesim/drivers/iommu_buffer_mapper.h"
#include "wakesim/platforms/parameter_keys.h"
#include "wakesim/platforms/platform_reader.h"
#include "wakesim/platforms/scenario_reader.h"
#include "wakesim/power/pm_workqueue.h"

using namespace wakesim;

namespace {

// ---- the guard: one row per field -------------------------------------------

#define WAKESIM_EVERY_FIELD_HAS_A_ROW(Struct, table)                                                               \
  static_assert(test::aggregate_field_count<Struct>() == std::size(table), #Struct                                 \
                " and " #table " differ in length: " #Struct                                                       \
                " gained (or lost) a field. Add its "                                                              \
                "row to " #table                                                                                   \
                " in platforms/include/wakesim/platforms/parameter_keys.h: the file key that sets it (read it in " \
                "platforms/*_reader.cpp through PARAMETER_KEY and add it to the tables of "                        \
                "scenarios/README.md) or what else sets it");                                                      \
  const ParameterTable k##Struct##Table{#Struct, table, std::size(table)};                                         \
  static_assert(true)

WAKESIM_EVERY_FIELD_HAS_A_ROW(PlatformSpec, kPlatformSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(PmCoreParams, kPmCoreParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(PmWorkqueueParams, kPmWorkqueueParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DomainSpec, kDomainSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(PowerDomainParams, kPowerDomainParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(PowerDomainIdleState, kPowerDomainIdleStateKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DeviceSpec, kDeviceSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(TimedCallbacksParams, kTimedCallbacksParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CallbackPhase, kCallbackPhaseKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(InterconnectParams, kInterconnectParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(MemoryRegionSpec, kMemoryRegionSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DramParams, kDramParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(ChannelInterleaverParams, kChannelInterleaverParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(SystemCacheParams, kSystemCacheParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(SegmentSpec, kSegmentSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(BridgeSpec, kBridgeSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(BridgeParams, kBridgeParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DmaSpec, kDmaSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DmaControllerParams, kDmaControllerParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DmaChannelParams, kDmaChannelParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuSpec, kIommuSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuParams, kIommuParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(TlbParams, kTlbParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuWalkerParams, kIommuWalkerParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(WalkCacheParams, kWalkCacheParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuRegisterParams, kIommuRegisterParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuPowerParams, kIommuPowerParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuPowerManagerParams, kIommuPowerManagerParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuDriverParams, kIommuDriverParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuBufferMapperParams, kIommuBufferMapperParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(LinkSpec, kLinkSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CpuSystemParams, kCpuSystemParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CpuPlacement, kCpuPlacementKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CpuSoftwareCosts, kCpuSoftwareCostsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CpuClusterSpec, kCpuClusterSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CpuParams, kCpuParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CpuClusterParams, kCpuClusterParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(CpuIdleState, kCpuIdleStateKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(ScenarioSpec, kScenarioSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(IommuPowerOverride, kIommuPowerOverrideKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(ClientSpec, kClientSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DmaengineClientParams, kDmaengineClientParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(DmaBufferRegion, kDmaBufferRegionKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(WorkloadSpec, kWorkloadSpecKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(PeriodicSourceParams, kPeriodicSourceParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(PoissonSourceParams, kPoissonSourceParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(BurstySourceParams, kBurstySourceParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(StreamSourceParams, kStreamSourceParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(JobAddressingParams, kJobAddressingParamsKeys);
WAKESIM_EVERY_FIELD_HAS_A_ROW(JobSourceLimits, kJobSourceLimitsKeys);

const std::vector<const ParameterTable*> kTables = {
    &kPlatformSpecTable,
    &kPmCoreParamsTable,
    &kPmWorkqueueParamsTable,
    &kDomainSpecTable,
    &kPowerDomainParamsTable,
    &kPowerDomainIdleStateTable,
    &kDeviceSpecTable,
    &kTimedCallbacksParamsTable,
    &kCallbackPhaseTable,
    &kInterconnectParamsTable,
    &kMemoryRegionSpecTable,
    &kDramParamsTable,
    &kChannelInterleaverParamsTable,
    &kSystemCacheParamsTable,
    &kSegmentSpecTable,
    &kBridgeSpecTable,
    &kBridgeParamsTable,
    &kDmaSpecTable,
    &kDmaControllerParamsTable,
    &kDmaChannelParamsTable,
    &kIommuSpecTable,
    &kIommuParamsTable,
    &kTlbParamsTable,
    &kIommuWalkerParamsTable,
    &kWalkCacheParamsTable,
    &kIommuRegisterParamsTable,
    &kIommuPowerParamsTable,
    &kIommuPowerManagerParamsTable,
    &kIommuDriverParamsTable,
    &kIommuBufferMapperParamsTable,
    &kLinkSpecTable,
    &kCpuSystemParamsTable,
    &kCpuPlacementTable,
    &kCpuSoftwareCostsTable,
    &kCpuClusterSpecTable,
    &kCpuParamsTable,
    &kCpuClusterParamsTable,
    &kCpuIdleStateTable,
    &kScenarioSpecTable,
    &kIommuPowerOverrideTable,
    &kClientSpecTable,
    &kDmaengineClientParamsTable,
    &kDmaBufferRegionTable,
    &kWorkloadSpecTable,
    &kPeriodicSourceParamsTable,
    &kPoissonSourceParamsTable,
    &kBurstySourceParamsTable,
    &kStreamSourceParamsTable,
    &kJobAddressingParamsTable,
    &kJobSourceLimitsTable,
};

// ---- the README's component tables -------------------------------------------

std::vector<std::string> split_keys(const std::string& keys) {
  std::vector<std::string> out;
  std::stringstream in(keys);
  for (std::string key; std::getline(in, key, ',');) out.push_back(key);
  return out;
}

struct ReadmeRow {
  std::string key;
  std::string default_text;
};

// Component path (`platform.iommus.N`) -> its rows; a heading naming several
// paths gives each the same rows.
std::map<std::string, std::vector<ReadmeRow>> readme_tables() {
  std::ifstream in(std::filesystem::path(WAKESIM_SOURCE_DIR) / "scenarios" / "README.md");
  REQUIRE(in);
  std::map<std::string, std::vector<ReadmeRow>> tables;
  std::vector<std::string> current;
  const std::regex path_in_heading("`((scenario|platform)[^`]*)`");
  const std::regex row("^\\| (`[^|]*`) \\| [^|]* \\| ([^|]*) \\|");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#", 0) == 0) {
      current.clear();
      for (std::sregex_iterator it(line.begin(), line.end(), path_in_heading), end; it != end; ++it) {
        std::string path = (*it)[1];
        if (!path.empty() && path.back() == ':') path.pop_back();
        current.push_back(path);
      }
      continue;
    }
    std::smatch match;
    if (current.empty() || !std::regex_search(line, match, row)) continue;
    const std::string cell = match[1];
    const std::regex key_in_cell("`([^`]+)`");
    for (std::sregex_iterator it(cell.begin(), cell.end(), key_in_cell), end; it != end; ++it)
      for (const std::string& path : current) tables[path].push_back({(*it)[1], match[2]});
  }
  return tables;
}

// Which key tables a README component's keys come from: `first` takes each key's
// first segment (the map `tlb` of `tlb.entries`), `prefix` the keys under it.
struct Source {
  std::string component;
  const ParameterKey* rows;
  std::size_t size;
  std::string prefix;  // empty: first segments
  std::string except;
};

template <std::size_t N>
Source from(std::string component, const ParameterKey (&table)[N], std::string prefix = "", std::string except = "") {
  return Source{std::move(component), table, N, std::move(prefix), std::move(except)};
}

const std::vector<Source>& sources() {
  static const std::vector<Source> all = {
      from("scenario", kScenarioSpecKeys),
      from("scenario.iommus.NAME", kIommuPowerOverrideKeys),
      from("scenario.clients.N", kClientSpecKeys),
      from("scenario.clients.N", kDmaengineClientParamsKeys),
      from("scenario.clients.N.source_buffer", kDmaBufferRegionKeys),
      from("scenario.clients.N.workload", kWorkloadSpecKeys),
      from("scenario.clients.N.workload", kPeriodicSourceParamsKeys),
      from("scenario.clients.N.workload", kPoissonSourceParamsKeys),
      from("scenario.clients.N.workload", kBurstySourceParamsKeys),
      from("scenario.clients.N.workload", kStreamSourceParamsKeys),
      from("scenario.clients.N.workload", kJobSourceLimitsKeys),
      from("scenario.clients.N.workload.address", kJobAddressingParamsKeys),
      from("platform", kPlatformSpecKeys),
      from("platform", kPmCoreParamsKeys),
      from("platform.runtime_pm", kPmCoreParamsKeys, "runtime_pm."),
      from("platform.runtime_pm.pm_wq_dispatch_latency", kDispatchLatencyKeys),
      from("platform.domains.N", kDomainSpecKeys),
      from("platform.domains.N", kPowerDomainParamsKeys),
      from("platform.domains.N.states.N", kPowerDomainIdleStateKeys),
      from("platform.interconnect", kDeviceSpecKeys, "", "name"),
      from("platform.interconnect", kInterconnectParamsKeys),
      from("platform.dram", kMemoryRegionSpecKeys),
      from("platform.dram", kDramParamsKeys),
      from("platform.dram", kChannelInterleaverParamsKeys),
      from("platform.dram.slc", kSystemCacheParamsKeys, "slc."),
      from("platform.interconnects.N", kDeviceSpecKeys),
      from("platform.interconnects.N", kInterconnectParamsKeys),
      from("platform.bridges.N", kBridgeSpecKeys),
      from("platform.bridges.N", kDeviceSpecKeys),
      from("platform.bridges.N", kBridgeParamsKeys),
      from("platform.dma.N", kDmaSpecKeys),
      from("platform.dma.N", kDeviceSpecKeys),
      from("platform.dma.N", kDmaControllerParamsKeys),
      from("platform.dma.N.ports.N", kDmaPortKeys),
      from("platform.dma.N.channel_paths.N", kDmaChannelParamsKeys),
      from("platform.dma.N.runtime_pm", kDeviceSpecKeys, "runtime_pm."),
      from("platform.dma.N.runtime_pm", kTimedCallbacksParamsKeys, "runtime_pm."),
      from("platform.dma.N.runtime_pm.resume_phases.N", kCallbackPhaseKeys),
      from("platform.iommus.N", kIommuSpecKeys),
      from("platform.iommus.N", kDeviceSpecKeys),
      from("platform.iommus.N", kIommuParamsKeys),
      from("platform.iommus.N", kTlbParamsKeys),
      from("platform.iommus.N", kIommuWalkerParamsKeys),
      from("platform.iommus.N", kIommuRegisterParamsKeys),
      from("platform.iommus.N", kIommuPowerParamsKeys),
      from("platform.iommus.N", kIommuPowerManagerParamsKeys),
      from("platform.iommus.N", kIommuDriverParamsKeys),
      from("platform.iommus.N.tlb", kTlbParamsKeys, "tlb."),
      from("platform.iommus.N.walk_cache", kWalkCacheParamsKeys, "walk_cache."),
      from("platform.iommus.N.registers", kIommuRegisterParamsKeys, "registers."),
      from("platform.iommus.N.page_tables", kIommuSpecKeys, "page_tables."),
      from("platform.links.N", kLinkSpecKeys),
      from("platform.cpus", kCpuSystemParamsKeys),
      from("platform.cpus.placement", kCpuPlacementKeys, "placement."),
      from("platform.cpus.costs", kCpuSoftwareCostsKeys, "costs."),
      from("platform.cpus.clusters.N", kCpuClusterSpecKeys),
      from("platform.cpus.clusters.N", kCpuParamsKeys),
      from("platform.cpus.clusters.N", kCpuClusterParamsKeys),
      from("platform.cpus.clusters.N.cluster", kCpuClusterParamsKeys, "cluster."),
      from("platform.cpus.clusters.N.idle_states.N", kCpuIdleStateKeys),
  };
  return all;
}

// Component -> the keys the reader knows there, from the key tables.
std::map<std::string, std::set<std::string>> reader_keys() {
  std::map<std::string, std::set<std::string>> keys;
  for (const Source& source : sources()) {
    std::set<std::string>& mine = keys[source.component];
    for (std::size_t i = 0; i < source.size; ++i)
      for (const std::string& key : split_keys(std::string(source.rows[i].keys))) {
        if (source.prefix.empty()) {
          const std::string first = key.substr(0, key.find('.'));
          if (first != source.except) mine.insert(first);
        } else if (key.rfind(source.prefix, 0) == 0) {
          mine.insert(key.substr(source.prefix.size()));
        }
      }
  }
  return keys;
}

// "platform.iommus.0.tlb.entries" -> "platform.iommus.N.tlb.entries";
// scenario.iommus.<name> -> scenario.iommus.NAME.
std::string generic_path(const std::string& path) {
  std::vector<std::string> segments = split_keys(std::regex_replace(path, std::regex("\\."), ","));
  std::string out;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::string segment = segments[i];
    if (!segment.empty() && std::all_of(segment.begin(), segment.end(), ::isdigit)) segment = "N";
    if (i == 2 && segments[0] == "scenario" && segments[1] == "iommus") segment = "NAME";
    out += (out.empty() ? "" : ".") + segment;
  }
  return out;
}

// The README component a full key path falls in (the longest heading path that
// is a proper prefix) and the key within it.
std::pair<std::string, std::string> split_component(const std::string& generic,
                                                    const std::map<std::string, std::vector<ReadmeRow>>& tables) {
  std::string best;
  for (const auto& [component, rows] : tables)
    if (generic.size() > component.size() && generic.rfind(component + ".", 0) == 0 && component.size() > best.size())
      best = component;
  return {best, best.empty() ? generic : generic.substr(best.size() + 1)};
}

struct Loaded {
  ConfigDocument scenario_doc;
  ConfigDocument platform_doc;
};

// As `wakesim run` loads a scenario (app/run_command.cpp), with `overrides`.
Loaded load(const std::string& file, const std::vector<std::string>& overrides) {
  ConfigDocument scenario_doc = ConfigDocument::load_file(file);
  for (const std::string& o : overrides)
    if (o.rfind("platform.", 0) != 0) scenario_doc.apply_override(o);
  const ScenarioSpec scenario =
      read_scenario(scenario_doc.root().child("scenario"), std::filesystem::path(file).parent_path().string());
  scenario_doc.finish();
  ConfigDocument platform_doc = ConfigDocument::load_file(scenario.platform_file);
  for (const std::string& o : overrides)
    if (o.rfind("platform.", 0) == 0) platform_doc.apply_override(o);
  PlatformSpec platform = read_platform(platform_doc.root().child("platform"));
  platform_doc.finish();
  apply_scenario_choices(scenario, platform);
  check_scenario_against(scenario, platform);
  return Loaded{std::move(scenario_doc), std::move(platform_doc)};
}

std::vector<std::string> seed_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(WAKESIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    std::string first_key;
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#') {
        first_key = line;
        break;
      }
    if (first_key.rfind("scenario:", 0) == 0) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::set<std::string> effective_paths(const Loaded& loaded) {
  std::set<std::string> paths;
  for (const auto& [path, value] : loaded.scenario_doc.effective().values()) paths.insert(path);
  for (const auto& [path, value] : loaded.platform_doc.effective().values()) paths.insert(path);
  return paths;
}

bool read_in(const std::set<std::string>& paths, const std::string& generic) {
  if (paths.count(generic)) return true;  // a value
  const auto after = paths.lower_bound(generic + ".");
  return after != paths.end() && after->rfind(generic + ".", 0) == 0;  // a map or a list
}

// The README component of an alias heading (the runtime PM of every device,
// both buffers, both phase lists, cluster idle states): the path whose keys the
// sources above give.
std::string canonical_component(const std::string& component) {
  std::string canonical = std::regex_replace(
      component, std::regex("^platform\\.(iommus\\.N|interconnect|interconnects\\.N|bridges\\.N)\\.runtime_pm"),
      "platform.dma.N.runtime_pm");
  canonical = std::regex_replace(canonical, std::regex("suspend_phases"), "resume_phases");
  canonical = std::regex_replace(canonical, std::regex("destination_buffer"), "source_buffer");
  return std::regex_replace(canonical, std::regex("cluster\\.idle_states"), "idle_states");
}

}  // namespace

TEST_CASE("every row of every table names its field once and a key or what sets it", "[platforms][parameter_keys]") {
  for (const ParameterTable* table : kTables) {
    INFO(table->structure);
    std::set<std::string_view> fields;
    for (std::size_t i = 0; i < table->size; ++i) {
      const ParameterKey& row = table->rows[i];
      INFO(row.field);
      CHECK(fields.insert(row.field).second);
      CHECK(row.keys.empty() != row.from.empty());
    }
  }
}

TEST_CASE("the README tables list exactly the keys the readers know, component by component",
          "[platforms][parameter_keys][docs]") {
  const auto tables = readme_tables();
  const auto known = reader_keys();
  for (const auto& [component, keys] : known) {
    INFO("component " << component << " (a heading of scenarios/README.md with its path in backquotes)");
    REQUIRE(tables.count(component) == 1);
    std::set<std::string> documented;
    for (const ReadmeRow& row : tables.at(component)) documented.insert(row.key);
    for (const std::string& key : keys) {
      INFO("the reader knows '" << key << "': add a row for it to the table of " << component);
      CHECK(documented.count(key) == 1);
    }
  }
  for (const auto& [component, rows] : tables) {
    // Several headings name alias paths (the runtime PM of every device); their
    // keys are those of the first path.
    const std::string canonical = canonical_component(component);
    INFO("README component " << component);
    REQUIRE(known.count(canonical) == 1);
    for (const ReadmeRow& row : rows) {
      INFO("the README documents '"
           << row.key << "', which no table of platforms/include/wakesim/platforms/parameter_keys.h lists");
      CHECK(known.at(canonical).count(row.key) == 1);
    }
  }
}

TEST_CASE("every key the readers read from the seed scenarios and platforms is a documented key",
          "[platforms][parameter_keys][docs]") {
  const auto tables = readme_tables();
  const std::vector<std::string> files = seed_scenarios();
  REQUIRE(files.size() >= 7);
  for (const std::string& file : files) {
    const Loaded loaded = load(file, {});
    for (const std::string& path : effective_paths(loaded)) {
      const auto [component, key] = split_component(generic_path(path), tables);
      INFO(file << ": read " << path << ", in README component '" << component << "'");
      REQUIRE(!component.empty());
      bool documented = false;
      for (const ReadmeRow& row : tables.at(component)) documented = documented || row.key == key;
      CHECK(documented);
    }
  }
}

TEST_CASE("every README key with a value as its default is accepted and read at that value",
          "[platforms][parameter_keys][docs]") {
  const std::string dir = std::string(WAKESIM_SOURCE_DIR) + "/scenarios/";
  // Components present in this base: a client behind the SysMMU, CPUs, domains.
  const std::string base = dir + "sysmmu_follows_master.yaml";
  const std::string poisson = "scenario.clients.0.workload={type: poisson, mean_interarrival: 10ms, bytes: 4KiB}";
  const std::string bursty = "scenario.clients.0.workload={type: bursty, burst_jobs: 2, gap: 10ms, bytes: 4KiB}";
  const std::string trace = "scenario.clients.0.workload={type: trace, file: ../tests/data/scenarios/trace_jobs.csv}";
  const std::string link = "platform.links=[{consumer: pl330, supplier: sysmmu_pl330}]";
  const std::string dispatch = "platform.runtime_pm.pm_wq_dispatch_latency=";
  // What a key needs set with it.
  const std::map<std::string, std::vector<std::string>> needs = {
      {"scenario.clients.N.workload.deadline_from", {"scenario.clients.0.workload.deadline=5ms"}},
      {"scenario.clients.N.workload.rate", {"scenario.clients.0.workload={type: poisson, bytes: 4KiB}"}},
      {"scenario.clients.N.workload.start", {poisson}},
      {"scenario.clients.N.workload.burst_shape", {bursty}},
      {"scenario.clients.N.workload.spacing", {bursty}},
      {"scenario.clients.N.workload.spacing_shape", {bursty}},
      {"scenario.clients.N.workload.gap_shape", {bursty}},
      {"scenario.clients.N.workload.file", {trace}},
      {"scenario.clients.N.workload.client", {trace}},
      {"scenario.clients.N.workload.duration",
       {"scenario.clients.0.workload={type: stream, outstanding: 2, bytes: 4KiB}"}},
      {"scenario.clients.N.workload.address.stride",
       {"scenario.clients.0.workload.address={pattern: strided, stride: 1KiB}"}},
      {"platform.links", {}},
      {"scenario.clients.N.workload.bytes_range", {"scenario.clients.0.workload={type: periodic, period: 30ms}"}},
      {"platform.links.N.consumer", {link}},
      {"platform.links.N.supplier", {link}},
      {"platform.links.N.flags", {link}},
      {"platform.runtime_pm.pm_wq_dispatch_latency.distribution", {dispatch + "{distribution: fixed, value: 1us}"}},
      {"platform.runtime_pm.pm_wq_dispatch_latency.value", {dispatch + "{distribution: fixed, value: 1us}"}},
      {"platform.runtime_pm.pm_wq_dispatch_latency.min", {dispatch + "{distribution: uniform, min: 1us, max: 40us}"}},
      {"platform.runtime_pm.pm_wq_dispatch_latency.max", {dispatch + "{distribution: uniform, min: 1us, max: 40us}"}},
      {"platform.runtime_pm.pm_wq_dispatch_latency.median",
       {dispatch + "{distribution: lognormal, median: 1us, p99: 200us}"}},
      {"platform.runtime_pm.pm_wq_dispatch_latency.p99",
       {dispatch + "{distribution: lognormal, median: 20us, p99: 30us}"}},
  };
  // Values for keys whose default is not a value.
  const std::map<std::string, std::string> samples = {
      {"scenario.clients.N.pm_context", "process"},
      {"scenario.clients.N.cpu", "0"},
      {"scenario.clients.N.workload.bytes_range", "{min: 1KiB, max: 4KiB}"},
      {"scenario.clients.N.cpu_latency_qos", "1ms"},
      {"scenario.clients.N.cpu_resume_latency_qos", "1ms"},
      {"scenario.clients.N.workload.rate", "100Hz"},
      {"scenario.clients.N.workload.stop_time", "1s"},
      {"scenario.clients.N.workload.max_jobs", "1000"},
      {"scenario.clients.N.workload.deadline", "5ms"},
      {"scenario.clients.N.workload.deadline_from", "release"},
      {"scenario.clients.N.workload.file", "../tests/data/scenarios/trace_jobs.csv"},
      {"scenario.clients.N.workload.client", "0"},
      {"scenario.clients.N.workload.duration", "10ms"},
      {"scenario.clients.N.workload.address.stride", "4KiB"},
      {"scenario.iommus.NAME.power_binding", "device_link"},
      {"scenario.iommus.NAME.use_autosuspend", "true"},
      {"scenario.iommus.NAME.autosuspend_delay", "20ms"},
      {"scenario.iommus.NAME.order_link", "false"},
      {"platform.dma.N.quantum", "0s"},
      {"platform.dma.N.channel_paths.N.setup_latency", "1us"},
      {"platform.iommus.N.walker_stream_id", "0xfffffff0"},
      {"platform.cpus.clusters.N.transition_power", "10mW"},
      {"platform.links", "[{consumer: pl330, supplier: sysmmu_pl330}]"},
      {"platform.links.N.consumer", "pl330"},
      {"platform.links.N.supplier", "sysmmu_pl330"},
      {"platform.links.N.flags", "[stateless]"},
      {"platform.runtime_pm.pm_wq_dispatch_latency.distribution", "fixed"},
      {"platform.iommus.N.walk_cache", "{entries: 64}"},
      {"platform.iommus.N.registers", "{write_latency: 100ns}"},
      {"platform.interconnect.runtime_pm", "{resume_latency: 0s}"},
      {"platform.runtime_pm.pm_wq_dispatch_latency.value", "20us"},
      {"platform.runtime_pm.pm_wq_dispatch_latency.min", "10us"},
      {"platform.runtime_pm.pm_wq_dispatch_latency.max", "20us"},
      {"platform.runtime_pm.pm_wq_dispatch_latency.median", "10us"},
      {"platform.runtime_pm.pm_wq_dispatch_latency.p99", "100us"},
      {"platform.interconnects", "[{name: mem}, {name: periph}]"},
      {"platform.interconnects.N.name", "mem"},
      {"platform.interconnects.N.domain", "top"},
      {"platform.interconnects.N.parent", "periph"},
      {"platform.interconnects.N.runtime_pm", "{resume_latency: 0s}"},
      {"platform.bridges", "[{name: br0, from: periph, to: mem}]"},
      {"platform.bridges.N.name", "br0"},
      {"platform.bridges.N.from", "periph"},
      {"platform.bridges.N.to", "mem"},
      {"platform.bridges.N.domain", "top"},
      {"platform.bridges.N.parent", "mem"},
      {"platform.bridges.N.runtime_pm", "{resume_latency: 0s}"},
      {"platform.dram.segment", "interconnect"},
      {"platform.dma.N.ports.N.segment", "periph"},
      {"platform.iommus.N.segment", "interconnect"},
      {"platform.dram.slc", "{size: 1MiB}"},
  };
  // Keys of a component the base has no element of.
  const std::map<std::string, std::string> bases = {
      {"platform.dma.N.channel_paths.N.setup_latency", dir + "multi_path_dma.yaml"},
  };
  // Keys of segments and bridges: a test scenario has them (no seed scenario does).
  const std::string segmented = std::string(WAKESIM_SOURCE_DIR) + "/tests/data/scenarios/segmented.yaml";
  auto base_of = [&](const std::string& generic) {
    if (bases.count(generic)) return bases.at(generic);
    const bool topology = generic.rfind("platform.interconnects", 0) == 0 ||
                          generic.rfind("platform.bridges", 0) == 0 || generic == "platform.dma.N.ports.N.segment";
    return topology ? segmented : base;
  };
  const auto tables = readme_tables();
  std::set<std::string> in_seeds;
  for (const std::string& file : seed_scenarios())
    for (const std::string& path : effective_paths(load(file, {}))) in_seeds.insert(generic_path(path));
  std::size_t tried = 0;
  for (const auto& [component, rows] : tables) {
    if (canonical_component(component) != component) continue;  // an alias: its keys are the canonical's
    for (const ReadmeRow& row : rows) {
      const std::string generic = component + "." + row.key;
      std::string value = row.default_text;
      value.erase(0, value.find_first_not_of(' '));
      value.erase(value.find_last_not_of(' ') + 1);
      const bool sampled = samples.count(generic) == 1;
      if (sampled) value = samples.at(generic);
      const bool literal = sampled || (!value.empty() && value.find(' ') == std::string::npos && value != "required" &&
                                       value != "none" && value != "below");
      if (!literal) {
        // Required keys, lists and maps: the seed files give them.
        INFO(generic << " has no value as its default: a seed scenario must read it, or give it a sample here");
        CHECK(read_in(in_seeds, generic));
        continue;
      }
      if (!sampled && read_in(in_seeds, generic)) continue;  // read already, at some value
      std::string path = std::regex_replace(generic, std::regex("\\.N(\\.|$)"), ".0$1");
      path = std::regex_replace(path, std::regex("\\.N(\\.|$)"), ".0$1");
      path = std::regex_replace(path, std::regex("NAME"), "sysmmu_pl330");
      std::vector<std::string> overrides;
      if (needs.count(generic)) overrides = needs.at(generic);
      overrides.push_back(path + "=" + value);
      INFO("--set " << overrides.back());
      const Loaded loaded = load(base_of(generic), overrides);
      CHECK(read_in(effective_paths(loaded), path));
      ++tried;
    }
  }
  CHECK(tried >= 30);
}

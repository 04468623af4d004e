#include "wakesim/platforms/cpu_system_reader.h"

#include <fmt/format.h>

#include "wakesim/platforms/parameter_keys.h"
#include "wakesim/platforms/platform_reader.h"

namespace wakesim {
namespace {

sc_core::sc_time time_of(Duration duration) { return duration.to_sc_time(); }
Duration as_duration(const sc_core::sc_time& time) { return Duration{time.value()}; }

CpuIdleState read_cpu_idle_state(const ConfigNode& node) {
  CpuIdleState state;
  state.name = read_object_name(node);
  state.entry_latency = time_of(node.duration(PARAMETER_KEY(kCpuIdleStateKeys, "entry_latency")));
  state.exit_latency = time_of(node.duration(PARAMETER_KEY(kCpuIdleStateKeys, "exit_latency")));
  state.target_residency = time_of(node.duration(PARAMETER_KEY(kCpuIdleStateKeys, "target_residency")));
  state.power = node.power(PARAMETER_KEY(kCpuIdleStateKeys, "power"));
  return state;
}

// Shallowest first, as the governor walks them: each state must take at least as
// long to leave and to be worth entering as the one before.
std::vector<CpuIdleState> read_cpu_idle_states(const ConfigNode& node, bool need_one) {
  std::vector<CpuIdleState> states;
  const std::vector<ConfigNode> nodes =
      at_most(need_one ? node.sequence("idle_states") : node.sequence_or_empty("idle_states"), kMaxIdleStates,
              "a CPU or a cluster", "idle states");
  if (need_one && nodes.empty()) node.value("idle_states").fail("a CPU needs at least one idle state (WFI)");
  for (const ConfigNode& element : nodes) {
    states.push_back(read_cpu_idle_state(element));
    if (states.size() < 2) continue;
    const CpuIdleState& before = states[states.size() - 2];
    const CpuIdleState& state = states.back();
    if (state.target_residency < before.target_residency || state.exit_latency < before.exit_latency)
      element.fail(
          fmt::format("idle states go shallowest first: '{}' must not have a shorter "
                      "target_residency or exit_latency than '{}' before it",
                      state.name, before.name));
    for (std::size_t i = 0; i + 1 < states.size(); ++i)
      if (states[i].name == state.name)
        element.value("name").fail(fmt::format("a second idle state named '{}'", state.name));
  }
  return states;
}

CpuClusterSpec read_cluster(const ConfigNode& node) {
  CpuClusterSpec spec;
  spec.name = read_object_name(node);
  spec.cpus = static_cast<unsigned>(node.integer(PARAMETER_KEY(kCpuClusterSpecKeys, "cpus"), 1, 64));
  spec.cpu.active_power = node.power(PARAMETER_KEY(kCpuParamsKeys, "active_power"));
  if (node.has(PARAMETER_KEY(kCpuParamsKeys, "transition_power")))
    spec.cpu.transition_power = node.power(PARAMETER_KEY(kCpuParamsKeys, "transition_power"));
  spec.cpu.idle_states = read_cpu_idle_states(node, /*need_one=*/true);
  if (node.has(PARAMETER_KEY(kCpuParamsKeys, "latency_limit")))
    spec.cpu.latency_limit = time_of(node.duration(PARAMETER_KEY(kCpuParamsKeys, "latency_limit")));
  if (auto cluster = node.optional_child(PARAMETER_KEY(kCpuClusterSpecKeys, "cluster"))) {
    spec.cluster.on_power = cluster->power_or("on_power", Power{});
    spec.cluster.idle_states = read_cpu_idle_states(*cluster, /*need_one=*/false);
  }
  return spec;
}

unsigned read_cpu_number(const ConfigNode& node, const char* key, unsigned count) {
  return static_cast<unsigned>(node.integer_or(key, 0, 0, static_cast<std::int64_t>(count) - 1));
}

}  // namespace

CpuSystemParams read_cpu_system(const ConfigNode& cpus) {
  CpuSystemParams params;
  unsigned count = 0;
  for (const ConfigNode& cluster : cpus.sequence("clusters")) {
    params.clusters.push_back(read_cluster(cluster));
    count += params.clusters.back().cpus;
    if (count > kMaxCpus)
      cluster.value("cpus").fail(
          fmt::format("the clusters so far have {} CPUs; a platform has at most {}", count, kMaxCpus));
    for (std::size_t i = 0; i + 1 < params.clusters.size(); ++i)
      if (params.clusters[i].name == params.clusters.back().name)
        cluster.value("name").fail(fmt::format("a second cluster named '{}'", params.clusters.back().name));
  }
  if (params.clusters.empty()) cpus.value("clusters").fail("a CPU system needs at least one cluster");
  if (auto placement = cpus.optional_child("placement")) {
    CpuPlacement& p = params.placement;
    p.client = read_cpu_number(*placement, "client", count);
    p.irq = read_cpu_number(*placement, "irq", count);
    p.pm_wq = read_cpu_number(*placement, "pm_wq", count);
    p.timer = read_cpu_number(*placement, "timer", count);
  }
  CpuSoftwareCosts& c = params.costs;
  if (auto costs = cpus.optional_child("costs")) {
    c.irq_handler = time_of(costs->duration_or("irq_handler", as_duration(c.irq_handler)));
    c.tasklet = time_of(costs->duration_or("tasklet", as_duration(c.tasklet)));
    c.timer_handler = time_of(costs->duration_or("timer_handler", as_duration(c.timer_handler)));
  }
  return params;
}

}  // namespace wakesim

#include "scenario.h"

#include "workload/periodic_source.h"
#include "workload/poisson_source.h"

namespace wakesim {

Scenario::Scenario(const sc_core::sc_module_name& name, const ScenarioSpec& spec,
                   const PlatformSpec& platform)
    : sc_core::sc_module(name), spec_(spec), streams_(spec.seed), platform_("soc", platform, ledger_) {
  enable_runtime_pm();
  SC_HAS_PROCESS(Scenario);
  SC_THREAD(power_off_unused_domains);
  for (const ClientSpec& client : spec_.clients) {
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
}

// genpd_power_off_unused(): at late init every domain without active devices is
// queued for power-off (domains start in their boot state, mostly ON).
void Scenario::power_off_unused_domains() {
  for (PowerDomain* domain : platform_.domains()) domain->queue_power_off_work();
}

void Scenario::run() {
  sc_core::sc_start(spec_.duration);
  platform_.update_accounting();
}

}  // namespace wakesim

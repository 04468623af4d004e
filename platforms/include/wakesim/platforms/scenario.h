#pragma once
// Elaborates a scenario on its platform: one dmaengine client per scenario
// client on its DMA channel, fed by its traffic source, with one random stream
// per source named after it (so adding a client changes no other's draws).
#include <memory>
#include <vector>

#include <systemc>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/core/random_streams.h"
#include "wakesim/drivers/dmaengine_client.h"
#include "wakesim/drivers/iommu_buffer_mapper.h"
#include "wakesim/platforms/platform.h"
#include "wakesim/platforms/scenario_spec.h"
#include "wakesim/workload/job_source.h"

namespace wakesim {

class Scenario : public sc_core::sc_module {
 public:
  Scenario(const sc_core::sc_module_name& name, const ScenarioSpec& spec, const PlatformSpec& platform);

  // Simulates for the scenario's duration and flushes residency energy.
  void run();

  // Reports power domains, devices (Platform::attach_trace) and each client's
  // jobs (on a track named after the client) to `sink`; before run().
  void attach_trace(TraceSink* sink);

  const ScenarioSpec& spec() const { return spec_; }
  Platform& platform() { return platform_; }
  EnergyLedger& ledger() { return ledger_; }
  // The time the statistics cover: duration - warmup.
  sc_core::sc_time measured_duration() const { return spec_.duration - spec_.warmup; }
  const std::vector<std::unique_ptr<DmaengineClient>>& clients() const { return clients_; }

 private:
  void enable_runtime_pm();
  bool has_client(const std::string& dma) const;
  void boot();
  void end_warmup();
  void connect_iommu(const ClientSpec& client, std::uint32_t index, DmaengineClient& driver);
  std::unique_ptr<JobSource> make_source(const ClientSpec& client, DmaengineClient& driver);

  ScenarioSpec spec_;
  EnergyLedger ledger_;
  RandomStreams streams_;
  Platform platform_;
  std::vector<std::unique_ptr<IommuBufferMapper>> mappers_;
  std::vector<std::unique_ptr<DmaengineClient>> clients_;
  std::vector<std::unique_ptr<JobSource>> sources_;
};

}  // namespace wakesim

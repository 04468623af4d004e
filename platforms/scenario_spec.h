#pragma once
// A scenario as typed data: which platform, which clients use which DMA
// channels under which resume policy, and the traffic each one sees.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config_location.h"
#include "drivers/dmaengine_client_params.h"
#include "workload/periodic_source.h"
#include "workload/poisson_source.h"

namespace wakesim {

enum class WorkloadKind { periodic, poisson };

struct WorkloadSpec {
  WorkloadKind kind = WorkloadKind::periodic;
  PeriodicSourceParams periodic;
  PoissonSourceParams poisson;
};

struct ClientSpec {
  std::string name;
  std::string dma;
  unsigned channel = 0;
  DmaengineClientParams params;
  WorkloadSpec workload;
  ConfigLocation where;
};

struct ScenarioSpec {
  std::string name;
  std::string platform_file;  // resolved against the scenario file's directory
  std::uint64_t seed = 1;
  sc_core::sc_time duration;
  std::vector<ClientSpec> clients;
};

}  // namespace wakesim

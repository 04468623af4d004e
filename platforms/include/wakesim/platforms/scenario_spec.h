#pragma once
// A scenario as typed data: which platform, which clients use which DMA
// channels under which resume policy, and the traffic each one sees.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wakesim/core/config_location.h"
#include "wakesim/core/enum_names.h"
#include "wakesim/drivers/dmaengine_client_params.h"
#include "wakesim/drivers/iommu_power_manager_params.h"
#include "wakesim/workload/bursty_source.h"
#include "wakesim/workload/job_addressing.h"
#include "wakesim/workload/job_trace_selection.h"
#include "wakesim/workload/periodic_source.h"
#include "wakesim/workload/poisson_source.h"
#include "wakesim/workload/stream_source.h"

namespace wakesim {

enum class WorkloadKind { periodic, poisson, bursty, trace, stream };

// The names of scenario files' workload `type`.
inline constexpr auto kWorkloadKindNames = make_enum_names<WorkloadKind>({{WorkloadKind::periodic, "periodic"},
                                                                          {WorkloadKind::poisson, "poisson"},
                                                                          {WorkloadKind::bursty, "bursty"},
                                                                          {WorkloadKind::trace, "trace"},
                                                                          {WorkloadKind::stream, "stream"}});

struct WorkloadSpec {
  WorkloadKind kind = WorkloadKind::periodic;
  PeriodicSourceParams periodic;
  PoissonSourceParams poisson;
  BurstySourceParams bursty;
  StreamSourceParams stream;
  // Where generated jobs start in the buffers (workload.address); a trace's rows
  // carry their own offsets.
  JobAddressingParams addressing;
  JobTraceSelection trace;  // this client's rows of its trace file, streamed when replayed
};

struct ClientSpec {
  std::string name;
  std::string dma;
  unsigned channel = 0;
  DmaengineClientParams params;
  WorkloadSpec workload;
  // Through an IOMMU: the largest page its buffers are mapped with (a page size
  // of the IOMMU's format); none: the largest the format has (scenarios/README.md).
  std::optional<std::uint64_t> map_page_size;
  ConfigLocation where;
};

// The scenario's choice of an IOMMU's power binding, replacing the platform's.
// scenario.iommus.NAME: the keys the scenario names, each over the platform's
// value; a key left out keeps the platform's value (merge, never replace).
struct IommuPowerOverride {
  std::string iommu;
  std::optional<IommuPowerBinding> binding;
  std::optional<bool> use_autosuspend;
  std::optional<sc_core::sc_time> autosuspend_delay;
  std::optional<bool> order_link;
  ConfigLocation where;

  void apply_to(IommuPowerManagerParams& power) const {
    if (binding) power.binding = *binding;
    if (use_autosuspend) power.use_autosuspend = *use_autosuspend;
    if (autosuspend_delay) power.autosuspend_delay = *autosuspend_delay;
    if (order_link) power.order_link = *order_link;
  }
};

struct ScenarioSpec {
  std::string name;
  std::string platform_file;  // resolved against the scenario file's directory
  std::uint64_t seed = 1;
  sc_core::sc_time duration;
  // Statistics cover (warmup, duration]: every one is reset at warmup.
  sc_core::sc_time warmup = sc_core::SC_ZERO_TIME;
  std::vector<ClientSpec> clients;
  std::vector<IommuPowerOverride> iommu_power;
};

}  // namespace wakesim

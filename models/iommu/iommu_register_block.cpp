#include "wakesim/iommu/iommu_register_block.h"

namespace wakesim {

IommuRegisterBlock::IommuRegisterBlock(const IommuRegisterParams& params, EnergyLedger& ledger,
                                       const std::string& component)
    : params_(params),
      write_account_(ledger.register_dynamic(component, "event:register_write", params.write_energy)) {}

IommuRegisterCost IommuRegisterBlock::writes(std::uint64_t count) {
  IommuRegisterCost cost;
  cost.writes = count;
  cost.time = sc_core::sc_time::from_value(params_.write_latency.value() * count);
  write_account_.count(count);
  total_writes_ += count;
  total_time_ += cost.time;
  return cost;
}

IommuRegisterCost IommuRegisterBlock::writes_and_sync(std::uint64_t count) {
  IommuRegisterCost cost = writes(count + params_.sync_writes);
  cost.time += params_.sync_latency;
  total_time_ += params_.sync_latency;
  return cost;
}

}  // namespace wakesim

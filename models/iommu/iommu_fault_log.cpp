#include "wakesim/iommu/iommu_fault_log.h"

#include <stdexcept>
#include <string>

namespace wakesim {

IommuFaultLog::IommuFaultLog(std::size_t capacity) : ring_(capacity) {
  if (capacity == 0) throw std::invalid_argument("IommuFaultLog: capacity must be at least 1");
}

void IommuFaultLog::record(const IommuFault& fault) {
  ring_[next_] = fault;
  next_ = (next_ + 1) % ring_.size();
  if (size_ < ring_.size()) ++size_;
  ++total_;
  ++by_kind_[static_cast<std::size_t>(fault.kind)];
}

const IommuFault& IommuFaultLog::at(std::size_t i) const {
  if (i >= size_) {
    throw std::out_of_range("IommuFaultLog::at: record " + std::to_string(i) + " of " + std::to_string(size_));
  }
  const std::size_t oldest = (next_ + ring_.size() - size_) % ring_.size();
  return ring_[(oldest + i) % ring_.size()];
}

}  // namespace wakesim

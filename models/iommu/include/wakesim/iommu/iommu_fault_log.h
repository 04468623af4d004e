#pragma once
// The IOMMU's fault records in a bounded ring: the newest `capacity` faults are
// kept, older ones are overwritten (and counted as lost), and a total counts
// every fault ever recorded. Storage is allocated once; record() allocates
// nothing.
#include <array>
#include <cstdint>
#include <vector>

#include "wakesim/iommu/iommu_fault.h"

namespace wakesim {

class IommuFaultLog {
 public:
  // Throws std::invalid_argument for a zero capacity.
  explicit IommuFaultLog(std::size_t capacity);

  void record(const IommuFault& fault);

  std::size_t capacity() const { return ring_.size(); }
  std::size_t size() const { return size_; }  // records held (at most capacity)
  // Record i of those held, oldest first. Throws std::out_of_range.
  const IommuFault& at(std::size_t i) const;
  const IommuFault& newest() const { return at(size_ - 1); }
  std::uint64_t total() const { return total_; }
  std::uint64_t lost() const { return total_ - size_; }  // overwritten
  std::uint64_t count(IommuFaultKind kind) const { return by_kind_[static_cast<std::size_t>(kind)]; }

 private:
  std::vector<IommuFault> ring_;
  std::size_t next_ = 0;  // where the next record goes
  std::size_t size_ = 0;
  std::uint64_t total_ = 0;
  std::array<std::uint64_t, kIommuFaultKinds> by_kind_{};
};

}  // namespace wakesim

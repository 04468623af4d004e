#pragma once
// One translation context of the IOMMU (an SMMU context bank, a SysMMU's page
// table base): which page-table format, where its root table is, and the ASID
// its TLB and walk-cache entries are tagged with. A context without a format is
// not in use.
#include <cstdint>

#include "wakesim/iommu/page_table_format.h"

namespace wakesim {

struct IommuContext {
  const PageTableFormat* format = nullptr;  // owned by the driver; null: not in use
  std::uint64_t root = 0;                   // the page-table base register
  std::uint32_t asid = 0;

  bool in_use() const { return format != nullptr; }
};

}  // namespace wakesim

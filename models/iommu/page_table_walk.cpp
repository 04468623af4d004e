#include "wakesim/iommu/page_table_walk.h"

#include <stdexcept>

namespace wakesim {

PageTableWalk::PageTableWalk(const PageTableFormat& format, std::uint64_t iova, unsigned level, std::uint64_t table)
    : format_(&format), iova_(iova), level_(level), table_(table) {
  if (!format.in_input_range(iova)) {
    status_ = Status::fault;
    out_of_range_ = true;
  }
}

PageTableWalk PageTableWalk::from_level(const PageTableFormat& format, std::uint64_t iova, unsigned level,
                                        std::uint64_t table) {
  if (level >= format.levels()) {
    throw std::invalid_argument("PageTableWalk::from_level: no level " + std::to_string(level) + " in " +
                                format.name());
  }
  return PageTableWalk(format, iova, level, table);
}

const DecodedPte& PageTableWalk::advance(std::uint64_t pte) {
  if (done()) throw std::logic_error("PageTableWalk::advance: the walk is over");
  Step& step = steps_[reads_++];
  step.level = level_;
  step.pte_address = pte_address();
  step.pte = pte;
  step.decoded = format_->decode(level_, pte);
  switch (step.decoded.kind) {
    case PteKind::invalid: status_ = Status::fault; break;
    case PteKind::leaf:
      leaf_ = step.decoded;
      status_ = Status::translated;
      break;
    case PteKind::table:
      // Formats never decode a table at the last level; treat one as a fault anyway.
      if (level_ + 1 >= format_->levels()) {
        status_ = Status::fault;
      } else {
        ++level_;
        table_ = step.decoded.address;
      }
      break;
  }
  return step.decoded;
}

}  // namespace wakesim

#include "wakesim/dma/dma_descriptor.h"

namespace wakesim {

void DmaDescriptor::reset(DmaKind kind) {
  kind_ = kind;
  state_ = State::prepared;
  segments_.clear();
  total_bytes_ = 0;
  src_fixed_ = false;
  dst_fixed_ = false;
  src_peripheral_ = false;
  dst_peripheral_ = false;
  cookie_ = 0;
  callback_ = nullptr;
  submitted_ = sc_core::SC_ZERO_TIME;
  issued_ = sc_core::SC_ZERO_TIME;
  found_suspended_ = false;
}

void DmaDescriptor::add_segment(const DmaSegment& segment) {
  segments_.push_back(segment);
  total_bytes_ += segment.len;
}

}  // namespace wakesim

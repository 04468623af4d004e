#pragma once
// One prepared DMA transfer (the dmaengine's dma_async_tx_descriptor): a list of
// (src, dst, len) segments and how they are walked.
// - memcpy: one segment; one completion.
// - scatter-gather: several segments, each of any length and alignment, moved in
//   order; one completion for the whole list.
// - cyclic: a ring buffer cut into equal periods, each period a segment whose
//   device side is one fixed address (a FIFO); a completion per period, and the
//   ring restarts after the last period until the channel is terminated.
// - slave scatter-gather (dmaengine_prep_slave_sg): memory segments moved to or
//   from the peripheral on the channel's request lines; the peripheral side is its
//   FIFO inside the controller's reach, so only the memory side crosses the bus
//   (a mem_to_dev job only reads memory, a dev_to_mem job only writes it).
// Descriptors belong to the channel that prepared them and are recycled after
// their completion (or termination): a pointer is valid from prep_*() until then,
// as in dmaengine.
#include <cstdint>
#include <vector>

#include <systemc>

#include "wakesim/dma/dma_completion.h"

namespace wakesim {

class DmaChannel;

struct DmaSegment {
  std::uint64_t src = 0;
  std::uint64_t dst = 0;
  std::uint64_t len = 0;
};

// Cyclic transfers move between memory and a device FIFO (DMA_MEM_TO_DEV,
// DMA_DEV_TO_MEM).
enum class DmaDirection { mem_to_dev, dev_to_mem };

class DmaDescriptor {
 public:
  DmaKind kind() const { return kind_; }
  const std::vector<DmaSegment>& segments() const { return segments_; }
  // Bytes of one pass over every segment (a whole ring for a cyclic descriptor).
  std::uint64_t total_bytes() const { return total_bytes_; }
  // The source (destination) address stays put from burst to burst: a device FIFO.
  bool src_fixed() const { return src_fixed_; }
  bool dst_fixed() const { return dst_fixed_; }
  // The source (destination) is the peripheral on the request lines: no bus access.
  bool src_peripheral() const { return src_peripheral_; }
  bool dst_peripheral() const { return dst_peripheral_; }
  // 0 until submitted.
  DmaCookie cookie() const { return cookie_; }
  // The client's completion callback for this descriptor (the dmaengine's
  // desc->callback); when unset the channel's default callback is used.
  void set_callback(DmaCallback callback) { callback_ = std::move(callback); }
  const DmaCallback& callback() const { return callback_; }

 private:
  friend class DmaChannel;
  enum class State { free, prepared, submitted, issued, active };

  void reset(DmaKind kind);
  void add_segment(const DmaSegment& segment);

  const DmaChannel* owner_ = nullptr;
  DmaKind kind_ = DmaKind::memcpy;
  State state_ = State::free;
  std::vector<DmaSegment> segments_;  // keeps its capacity when recycled
  std::uint64_t total_bytes_ = 0;
  bool src_fixed_ = false;
  bool dst_fixed_ = false;
  bool src_peripheral_ = false;
  bool dst_peripheral_ = false;
  DmaCookie cookie_ = 0;
  DmaCallback callback_;
  sc_core::sc_time submitted_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time issued_ = sc_core::SC_ZERO_TIME;
  bool found_suspended_ = false;  // counted once in issued_while_suspended
};

}  // namespace wakesim

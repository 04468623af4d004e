#pragma once
// One channel of a DMA controller, driven through the dmaengine API:
// prep_*() -> submit() (returns a cookie) -> issue_pending() (starts the queue);
// terminate_all(); tx_status(). Call them at a synchronized time (the caller's
// own quantum keeper synced first): the doorbell is hardware whose power state
// can change (docs/architecture.md, 'Timing model').
//
// The channel's SC_THREAD runs the issued descriptors in order. For each
// descriptor (each period of a cyclic one) it
//  1. syncs its quantum keeper and checks that the controller is ACTIVE; if not,
//     it stalls until it is or fails the descriptor (DmaWhenSuspended);
//  2. pays the setup latency (descriptor fetch, programming);
//  3. moves the data in bursts of at most burst_size bytes that never cross a
//     segment boundary: each burst is a read then a write through the channel's
//     initiator socket, with up to max_outstanding bursts in flight. Reads and
//     writes are issued in time order through one reused payload per in-flight
//     slot; the data stays in a slot buffer between them (allocated at the
//     channel's first transfer, so an idle channel holds none). Burst i
//     is read at max(read of burst i-1 + issue_interval, write done of burst
//     i - max_outstanding); its write is issued when its read is done (and not
//     before the write of burst i-1, writes being in order);
//  4. syncs to the last write's completion and raises the completion interrupt:
//     the callback runs in this thread, at that time, in atomic context.
// A TLM error response ends the descriptor with DmaError::bus: nothing more is
// issued, bursts already read but not yet written are dropped, and the interrupt
// comes at the failing response (or the last write in flight, if later); bytes
// counts the bursts written before it. Fail mode ends it the same way with
// DmaError::controller_suspended.
//
// Between bursts the channel runs ahead of SystemC time (loosely timed). Before
// each read or write it looks at the controller's status without syncing: if the
// controller is not ACTIVE it syncs and stalls or fails as in step 1. So a
// controller suspended under a running descriptor (a driver that dropped its
// reference too early) stops the data exactly at quantum 0 and within one
// quantum otherwise. A descriptor that starts never moves data while the
// controller is not ACTIVE at its start.
//
// terminate_all() at time T drops every queued descriptor at once (no
// callbacks) and aborts the running one: the channel notices at its next burst
// or sync point (the same time at quantum 0, within a quantum otherwise, and
// always before raising a completion after T), stops issuing, and raises no
// interrupt for it. Bursts it issued before noticing count as moved.
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>

#include "wakesim/dma/dma_channel_stats.h"
#include "wakesim/dma/dma_completion.h"
#include "wakesim/dma/dma_controller_params.h"
#include "wakesim/dma/dma_descriptor.h"
#include "wakesim/dma/dma_quantum_keeper.h"

namespace wakesim {

class DmaController;

// dma_async_is_tx_complete(): a cookie is complete once the channel is done
// with it (completed ok or in error, or terminated); cookies complete in order.
enum class DmaTxStatus { in_progress, complete };

class DmaChannel : public sc_core::sc_module {
 public:
  DmaChannel(const sc_core::sc_module_name& name, DmaController& controller, unsigned index,
             const DmaChannelParams& params);
  ~DmaChannel() override;

  // --- dmaengine API -------------------------------------------------------------
  // Return null for an empty transfer (len 0, no segment, a zero-length segment),
  // and for a cyclic buffer that is not a whole number (>= 1) of periods.
  DmaDescriptor* prep_memcpy(std::uint64_t dst, std::uint64_t src, std::uint64_t len);
  DmaDescriptor* prep_sg(const std::vector<DmaSegment>& segments);
  // dmaengine_prep_slave_sg: `memory` segments (address and len; the other field
  // is ignored) to (mem_to_dev) or from (dev_to_mem) the channel's peripheral.
  DmaDescriptor* prep_slave_sg(const std::vector<DmaSegment>& memory, DmaDirection direction);
  DmaDescriptor* prep_cyclic(std::uint64_t buffer, std::uint64_t buffer_len, std::uint64_t period_len,
                             std::uint64_t device_address, DmaDirection direction);
  // A cookie > 0; -EINVAL for a null descriptor or one not freshly prepared on
  // this channel.
  DmaCookie submit(DmaDescriptor* descriptor);
  // Moves every submitted descriptor to the issued queue and starts the channel.
  void issue_pending();
  // dmaengine_terminate_all(); returns 0.
  int terminate_all();
  DmaTxStatus tx_status(DmaCookie cookie) const;
  // Used for descriptors without a callback of their own.
  void set_callback(DmaCallback callback) { callback_ = std::move(callback); }

  // --- state ----------------------------------------------------------------------
  unsigned index() const { return index_; }
  std::uint32_t stream_id() const { return params_.stream_id; }
  unsigned port() const { return params_.port; }
  // True while a descriptor runs or any is submitted or issued.
  bool busy() const { return active_ != nullptr || !submitted_.empty() || !issued_.empty(); }
  DmaCookie last_cookie() const { return last_cookie_; }
  const DmaChannelStats& stats() const { return stats_; }

 private:
  // One in-flight burst: its payload, data buffer and times.
  struct Slot {
    std::uint64_t dst = 0;
    unsigned len = 0;
    sc_core::sc_time read_done = sc_core::SC_ZERO_TIME;
    sc_core::sc_time done = sc_core::SC_ZERO_TIME;  // write completion
  };
  // Walks a descriptor's segments [first, last) burst by burst.
  struct Cursor {
    std::size_t segment = 0;
    std::size_t last = 0;
    std::uint64_t offset = 0;
  };
  struct Burst {
    std::uint64_t src = 0;
    std::uint64_t dst = 0;
    unsigned len = 0;
  };
  // The result of one unit: a memcpy/scatter-gather descriptor or one period.
  struct Outcome {
    std::uint64_t bytes = 0;
    DmaStatus status = DmaStatus::ok;
    DmaError error = DmaError::none;
    tlm::tlm_response_status response = tlm::TLM_OK_RESPONSE;
    sc_core::sc_time dequeued = sc_core::SC_ZERO_TIME;
    sc_core::sc_time started = sc_core::SC_ZERO_TIME;
    sc_core::sc_time finished = sc_core::SC_ZERO_TIME;
    sc_core::sc_time stalled = sc_core::SC_ZERO_TIME;
    bool terminated = false;
  };

  void run();
  DmaDescriptor* take_next();
  void execute(DmaDescriptor& descriptor);
  void execute_cyclic(DmaDescriptor& descriptor);
  Outcome run_unit(DmaDescriptor& descriptor, std::size_t first, std::size_t last);
  bool start_unit(DmaDescriptor& descriptor, Outcome& outcome);
  void allocate_buffers();
  void move_bursts(DmaDescriptor& descriptor, Cursor cursor, Outcome& outcome);
  bool next_burst(const DmaDescriptor& descriptor, Cursor& cursor, Burst& burst) const;
  bool do_read(DmaDescriptor& descriptor, unsigned slot, const Burst& burst, sc_core::sc_time& at, Outcome& outcome);
  bool do_write(DmaDescriptor& descriptor, unsigned slot, sc_core::sc_time& at, Outcome& outcome);
  bool transport(tlm::tlm_generic_payload& payload, sc_core::sc_time at, sc_core::sc_time& done, Outcome& outcome);
  bool reach(DmaDescriptor& descriptor, sc_core::sc_time& at, Outcome& outcome);
  bool handle_unpowered(DmaDescriptor& descriptor, Outcome& outcome);
  void sync_to(const sc_core::sc_time& at);
  void finish_unit(DmaDescriptor& descriptor, Outcome& outcome, std::uint64_t period);
  void deliver(DmaDescriptor& descriptor, const Outcome& outcome, std::uint64_t period);
  void count_completion(const DmaDescriptor& descriptor, const DmaCompletion& completion);
  void recycle(DmaDescriptor* descriptor);
  DmaDescriptor* allocate(DmaKind kind);

  DmaController& controller_;
  unsigned index_;
  DmaChannelParams params_;
  unsigned burst_size_;
  unsigned max_outstanding_;
  sc_core::sc_time setup_latency_;
  DmaQuantumKeeper qk_;

  std::vector<std::unique_ptr<DmaDescriptor>> descriptors_;  // every descriptor ever made
  std::vector<DmaDescriptor*> free_;
  std::deque<DmaDescriptor*> submitted_;
  std::deque<DmaDescriptor*> issued_;
  DmaDescriptor* active_ = nullptr;
  DmaCookie last_cookie_ = 0;
  DmaCookie completed_cookie_ = 0;
  DmaCallback callback_;
  bool terminate_requested_ = false;

  std::vector<Slot> slots_;
  std::vector<unsigned char> buffers_;  // max_outstanding x burst_size, from the first transfer
  std::unique_ptr<tlm::tlm_generic_payload[]> payloads_;

  sc_core::sc_event work_event_;
  sc_core::sc_event terminate_event_;
  DmaChannelStats stats_;
};

}  // namespace wakesim

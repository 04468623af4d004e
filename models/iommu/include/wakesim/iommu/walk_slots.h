#pragma once
// The IOMMU's limit on concurrent page-table walks (MMU-500: 8 per TBU, a 9th
// miss stalls; docs/parameters.md, 'IOMMU structure') as a counting semaphore in simulated time,
// first come first served.
//
// acquire() is called by the thread whose transaction missed, synced to the
// time of the miss; it returns a free slot at once or blocks that thread until
// one is released and every earlier waiter has been served. Waiters are served
// in the order they called acquire(), which is simulated-time order because
// callers are synced (ties at one instant: the order their threads ran).
// release() at the walk's end time frees the slot for the next waiter, who
// starts at that same time (one delta later).
//
// The slot index names per-slot resources (the walker's reusable payload). No
// allocation after construction.
#include <cstdint>
#include <vector>

#include <systemc>

namespace wakesim {

class WalkSlots {
 public:
  // Throws std::invalid_argument for zero slots.
  explicit WalkSlots(unsigned slots);

  // Must be called from a SystemC thread.
  unsigned acquire();
  void release(unsigned slot);

  unsigned capacity() const { return capacity_; }
  unsigned in_use() const { return capacity_ - static_cast<unsigned>(free_.size()); }
  // Callers blocked in acquire() right now.
  std::uint64_t waiting() const { return next_ticket_ - admitted_; }

 private:
  unsigned capacity_;
  std::vector<unsigned> free_;  // a stack of free slot indices, reserved to capacity_
  std::uint64_t next_ticket_ = 0;
  std::uint64_t admitted_ = 0;
  sc_core::sc_event changed_;
};

}  // namespace wakesim

#include "wakesim/iommu/walk_slots.h"

#include <stdexcept>

namespace wakesim {

WalkSlots::WalkSlots(unsigned slots) : capacity_(slots) {
  if (slots == 0) throw std::invalid_argument("WalkSlots: at least one walk slot is needed");
  free_.reserve(slots);
  for (unsigned i = slots; i-- > 0;) free_.push_back(i);  // slot 0 is handed out first
}

unsigned WalkSlots::acquire() {
  const std::uint64_t ticket = next_ticket_++;
  while (ticket != admitted_ || free_.empty()) sc_core::wait(changed_);
  ++admitted_;
  const unsigned slot = free_.back();
  free_.pop_back();
  // The next waiter in line may find a slot too.
  if (waiting() > 0 && !free_.empty()) changed_.notify(sc_core::SC_ZERO_TIME);
  return slot;
}

void WalkSlots::release(unsigned slot) {
  if (slot >= capacity_ || free_.size() >= capacity_) {
    throw std::logic_error("WalkSlots::release: slot " + std::to_string(slot) + " is not held");
  }
  free_.push_back(slot);
  if (waiting() > 0) changed_.notify(sc_core::SC_ZERO_TIME);
}

}  // namespace wakesim

#pragma once
// The quantum keeper of a DMA channel: tlm_quantumkeeper with an optional quantum
// of its own instead of the global one (tlm_global_quantum). The override lets
// several independent systems with different quanta run side by side in one
// simulation (the quantum-invariance checks of docs/architecture.md, 'Timing model'); models normally
// leave it unset.
#include <optional>

#include <tlm_utils/tlm_quantumkeeper.h>
#include <systemc>

namespace wakesim {

class DmaQuantumKeeper : public tlm_utils::tlm_quantumkeeper {
 public:
  explicit DmaQuantumKeeper(std::optional<sc_core::sc_time> quantum = std::nullopt) : quantum_(quantum) {}

  // need_sync() for a caller that already holds the current time `now`
  // (need_sync() asks the kernel for it again).
  bool need_sync_from(const sc_core::sc_time& now) const { return now + m_local_time >= m_next_sync_point; }

 protected:
  // Time to the next quantum boundary, as tlm_global_quantum computes it.
  sc_core::sc_time compute_local_quantum() override {
    if (!quantum_) return tlm_quantumkeeper::compute_local_quantum();
    const sc_dt::uint64 quantum = quantum_->value();
    if (quantum == 0) return sc_core::SC_ZERO_TIME;
    const sc_dt::uint64 now = sc_core::sc_time_stamp().value();
    return sc_core::sc_time::from_value(quantum - now % quantum);
  }

 private:
  std::optional<sc_core::sc_time> quantum_;
};

}  // namespace wakesim

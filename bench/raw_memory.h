#pragma once
// The raw chain's memory: a byte array behind a target socket that copies the
// payload's data and answers after a fixed latency. No power, no statistics, no
// timing model beyond the constant: the ceiling of what a TLM target can cost.
#include <cstdint>
#include <cstring>
#include <vector>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

namespace wakesim::bench {

class RawMemory : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<RawMemory> socket;

  RawMemory(const sc_core::sc_module_name& name, std::uint64_t size, sc_core::sc_time latency)
      : sc_core::sc_module(name), socket("socket"), bytes_(size), latency_(latency) {
    socket.register_b_transport(this, &RawMemory::b_transport);
  }

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    const std::uint64_t address = tx.get_address();
    const unsigned length = tx.get_data_length();
    if (address + length > bytes_.size()) {
      tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (tx.is_read())
      std::memcpy(tx.get_data_ptr(), &bytes_[address], length);
    else
      std::memcpy(&bytes_[address], tx.get_data_ptr(), length);
    delay += latency_;
    tx.set_response_status(tlm::TLM_OK_RESPONSE);
  }

  std::vector<std::uint8_t> bytes_;
  sc_core::sc_time latency_;
};

}  // namespace wakesim::bench

#pragma once
// A TLM target for tests: answers every transaction OK after a fixed latency,
// and records what it saw (count, the last address and length, the arrival time).
// Reads return `fill`; writes are dropped.
#include <cstdint>
#include <cstring>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

namespace wakesim::test {

class RecordingTarget : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<RecordingTarget> socket;

  explicit RecordingTarget(const sc_core::sc_module_name& name, sc_core::sc_time latency = sc_core::SC_ZERO_TIME)
      : sc_core::sc_module(name), socket("socket"), latency_(latency) {
    socket.register_b_transport(this, &RecordingTarget::b_transport);
    socket.register_transport_dbg(this, &RecordingTarget::transport_dbg);
  }

  std::uint64_t transactions = 0;
  std::uint64_t debug_transactions = 0;
  std::uint64_t last_address = 0;
  unsigned last_length = 0;
  sc_core::sc_time last_arrival;  // sc_time_stamp() + delay as it arrived
  unsigned char fill = 0xa5;

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    ++transactions;
    last_address = tx.get_address();
    last_length = tx.get_data_length();
    last_arrival = sc_core::sc_time_stamp() + delay;
    if (tx.is_read()) std::memset(tx.get_data_ptr(), fill, tx.get_data_length());
    delay += latency_;
    tx.set_response_status(tlm::TLM_OK_RESPONSE);
  }
  unsigned int transport_dbg(tlm::tlm_generic_payload& tx) {
    ++debug_transactions;
    last_address = tx.get_address();
    if (tx.is_read()) std::memset(tx.get_data_ptr(), fill, tx.get_data_length());
    return tx.get_data_length();
  }

  sc_core::sc_time latency_;
};

}  // namespace wakesim::test

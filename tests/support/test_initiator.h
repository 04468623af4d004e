#pragma once
// A loosely-timed test initiator: blocking transactions at the local time of its
// tlm_quantumkeeper. After each transaction the local time becomes the returned
// delay (the transaction's completion) and the keeper syncs once the quantum is
// used up, as a DMA channel or page walker does. Set the global quantum
// (tlm::tlm_global_quantum) before simulation starts; the keeper is reset when
// its first transaction runs.
#include <cstdint>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <systemc>
#include <tlm>

namespace wakesim::test {

class TestInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<TestInitiator> socket;
  tlm_utils::tlm_quantumkeeper keeper;

  explicit TestInitiator(const sc_core::sc_module_name& name) : sc_core::sc_module(name), socket("socket") {}

  tlm::tlm_response_status read(std::uint64_t address, void* data, unsigned length) {
    return access(tlm::TLM_READ_COMMAND, address, data, length);
  }
  tlm::tlm_response_status write(std::uint64_t address, const void* data, unsigned length) {
    return access(tlm::TLM_WRITE_COMMAND, address, const_cast<void*>(data), length);
  }
  tlm::tlm_response_status access(tlm::tlm_command command, std::uint64_t address, void* data, unsigned length) {
    payload_.set_command(command);
    payload_.set_address(address);
    payload_.set_data_ptr(static_cast<unsigned char*>(data));
    payload_.set_data_length(length);
    payload_.set_streaming_width(length);
    payload_.set_byte_enable_ptr(nullptr);
    payload_.set_byte_enable_length(0);
    payload_.set_dmi_allowed(false);
    payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    return transport(payload_);
  }
  // Any payload, timed by the keeper.
  tlm::tlm_response_status transport(tlm::tlm_generic_payload& payload) {
    if (!started_) {
      keeper.reset();
      started_ = true;
    }
    sc_core::sc_time delay = keeper.get_local_time();
    socket->b_transport(payload, delay);
    keeper.set(delay);
    if (keeper.need_sync()) keeper.sync();
    return payload.get_response_status();
  }
  // Brings SystemC time up to the local time.
  void sync() {
    if (started_) keeper.sync();
  }
  // The local time: when the last transaction completed.
  sc_core::sc_time now() const { return keeper.get_current_time(); }
  // The address the last payload carried when it came back.
  std::uint64_t last_address() const { return payload_.get_address(); }

 private:
  tlm::tlm_generic_payload payload_;
  bool started_ = false;
};

}  // namespace wakesim::test

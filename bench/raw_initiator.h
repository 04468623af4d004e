#pragma once
// The raw chain's initiator: copies like a DMA channel (each burst one read,
// then one write of the same bytes) through its socket, with a
// tlm_quantumkeeper and nothing else: no descriptors, no power checks, no
// statistics. Stops after `transactions`.
#include <array>
#include <cstdint>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <systemc>
#include <tlm>

namespace wakesim::bench {

class RawInitiator : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<RawInitiator> socket;

  struct Params {
    std::uint64_t source = 0;  // copies [source, source + span) to [destination, ...)
    std::uint64_t destination = 0;
    std::uint64_t span = 0;
    unsigned burst = 64;
    std::uint64_t transactions = 0;
  };

  RawInitiator(const sc_core::sc_module_name& name, const Params& params)
      : sc_core::sc_module(name), socket("socket"), params_(params) {
    SC_HAS_PROCESS(RawInitiator);
    SC_THREAD(run);
  }

  std::uint64_t transactions() const { return done_; }
  std::uint64_t errors() const { return errors_; }

 private:
  void run() {
    tlm_utils::tlm_quantumkeeper keeper;
    keeper.reset();
    tlm::tlm_generic_payload tx;
    tx.set_data_ptr(data_.data());
    tx.set_data_length(params_.burst);
    tx.set_streaming_width(params_.burst);
    tx.set_byte_enable_ptr(nullptr);
    tx.set_dmi_allowed(false);
    std::uint64_t offset = 0;
    while (done_ < params_.transactions) {
      transport(tx, tlm::TLM_READ_COMMAND, params_.source + offset, keeper);
      transport(tx, tlm::TLM_WRITE_COMMAND, params_.destination + offset, keeper);
      offset = (offset + params_.burst) % params_.span;
    }
    keeper.sync();
  }

  void transport(tlm::tlm_generic_payload& tx, tlm::tlm_command command, std::uint64_t address,
                 tlm_utils::tlm_quantumkeeper& keeper) {
    tx.set_command(command);
    tx.set_address(address);
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = keeper.get_local_time();
    socket->b_transport(tx, delay);
    keeper.set(delay);
    if (keeper.need_sync()) keeper.sync();
    errors_ += tx.is_response_error();
    ++done_;
  }

  Params params_;
  std::array<std::uint8_t, 256> data_{};
  std::uint64_t done_ = 0;
  std::uint64_t errors_ = 0;
};

}  // namespace wakesim::bench

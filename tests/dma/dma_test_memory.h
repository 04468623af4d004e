#pragma once
// A simple memory target for the DMA tests: a byte array at [base, base + size),
// a fixed latency per access, optionally a data port with a reservation timeline
// (an access occupies it for ceil(len / bytes_per_cycle) cycles), an error window
// answered with TLM_ADDRESS_ERROR_RESPONSE, and a record of what arrived.
//
// Timing of one access arriving at t (= now + annotated delay):
//   start = the earliest free port slot at or after t (t itself without a port);
//   done  = start + occupancy + latency; the annotated delay becomes done - now.
#include <cstdint>
#include <cstring>
#include <vector>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/bus/reservation_timeline.h"
#include "wakesim/bus/stream_id_extension.h"

namespace wakesim::test {

struct DmaTestMemoryParams {
  std::uint64_t base = 0;
  std::uint64_t size = 0x10000;
  sc_core::sc_time latency = sc_core::SC_ZERO_TIME;
  // Port occupancy: 0 bytes per cycle = no port (accesses never queue).
  std::uint64_t bytes_per_cycle = 0;
  sc_core::sc_time cycle = sc_core::SC_ZERO_TIME;
  // Accesses touching [error_base, error_base + error_size) fail.
  std::uint64_t error_base = 0;
  std::uint64_t error_size = 0;
  // Wait in b_transport until the access's arrival time before booking the port,
  // so accesses are arbitrated in time order whatever the initiators' quanta
  // (as the Interconnect's sync_on_arrival does).
  bool sync_on_arrival = false;
};

class DmaTestMemory : public sc_core::sc_module {
 public:
  struct Access {
    tlm::tlm_command command;
    std::uint64_t address;
    unsigned length;
    sc_core::sc_time arrival;
    sc_core::sc_time done;
    std::uint32_t stream_id;
    std::uint32_t channel;
  };

  tlm_utils::simple_target_socket<DmaTestMemory> socket;

  DmaTestMemory(const sc_core::sc_module_name& name, const DmaTestMemoryParams& params)
      : sc_core::sc_module(name), socket("socket"), params_(params), data_(params.size, 0) {
    socket.register_b_transport(this, &DmaTestMemory::b_transport);
  }

  unsigned char* at(std::uint64_t address) { return &data_.at(address - params_.base); }
  std::uint8_t byte(std::uint64_t address) const { return data_.at(address - params_.base); }
  const std::vector<Access>& log() const { return log_; }
  std::uint64_t busy_ps() const { return timeline_.busy_ps(); }
  void keep_log(bool keep) { keep_log_ = keep; }
  std::uint64_t accesses() const { return accesses_; }
  sc_core::sc_time first_arrival() const { return first_arrival_; }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
    if (params_.sync_on_arrival) {
      sc_core::wait(delay);
      delay = sc_core::SC_ZERO_TIME;
    }
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    const sc_core::sc_time arrival = now + delay;
    const std::uint64_t length = payload.get_data_length();
    const std::uint64_t start_ps = book(arrival, length);
    const sc_core::sc_time done = sc_core::sc_time::from_value(start_ps) + occupancy(length) + params_.latency;
    delay = done - now;
    if (accesses_++ == 0) first_arrival_ = arrival;
    record(payload, arrival, done);
    if (!in_range(payload.get_address(), length)) {
      payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    unsigned char* memory = at(payload.get_address());
    if (payload.is_read())
      std::memcpy(payload.get_data_ptr(), memory, length);
    else
      std::memcpy(memory, payload.get_data_ptr(), length);
    payload.set_response_status(tlm::TLM_OK_RESPONSE);
  }

  sc_core::sc_time occupancy(std::uint64_t length) const {
    if (params_.bytes_per_cycle == 0) return sc_core::SC_ZERO_TIME;
    const std::uint64_t cycles = (length + params_.bytes_per_cycle - 1) / params_.bytes_per_cycle;
    return sc_core::sc_time::from_value(params_.cycle.value() * cycles);
  }

  std::uint64_t book(const sc_core::sc_time& arrival, std::uint64_t length) {
    const std::uint64_t busy = occupancy(length).value();
    if (busy == 0) return arrival.value();
    return timeline_.reserve(arrival.value(), busy, sc_core::sc_time_stamp().value());
  }

  bool in_range(std::uint64_t address, std::uint64_t length) const {
    if (address < params_.base || address + length > params_.base + params_.size) return false;
    const bool hits_error = params_.error_size > 0 && address < params_.error_base + params_.error_size &&
                            address + length > params_.error_base;
    return !hits_error;
  }

  void record(tlm::tlm_generic_payload& payload, sc_core::sc_time arrival, sc_core::sc_time done) {
    if (!keep_log_) return;
    StreamIdExtension* id = nullptr;
    payload.get_extension(id);
    log_.push_back(Access{payload.get_command(), payload.get_address(), payload.get_data_length(), arrival, done,
                          id ? id->stream_id() : 0xffffffffu, id ? id->channel() : StreamIdExtension::kNoChannel});
  }

  DmaTestMemoryParams params_;
  std::vector<unsigned char> data_;
  ReservationTimeline timeline_;
  std::vector<Access> log_;
  bool keep_log_ = true;
  std::uint64_t accesses_ = 0;
  sc_core::sc_time first_arrival_ = sc_core::SC_ZERO_TIME;
};

}  // namespace wakesim::test

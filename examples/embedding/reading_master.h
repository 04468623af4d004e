#pragma once
// The embedding project's own bus master: an SC_THREAD that resumes the IOMMU
// through its runtime-PM device, as a driver's pm_runtime_get_sync() would,
// then reads three words through it and records how long each took.
#include <cstdint>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <wakesim/bus/stream_id_extension.h>
#include <wakesim/power/rpm_device.h>
#include <systemc>
#include <tlm>

class ReadingMaster : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<ReadingMaster> socket{"socket"};

  // `addresses` are IOVAs; the reads carry stream ID `stream`.
  ReadingMaster(const sc_core::sc_module_name& name, wakesim::RpmDevice& iommu_device,
                std::vector<std::uint64_t> addresses, std::uint32_t stream)
      : sc_core::sc_module(name), iommu_device_(iommu_device), addresses_(std::move(addresses)), stream_(stream) {
    SC_HAS_PROCESS(ReadingMaster);
    SC_THREAD(run);
  }

  sc_core::sc_time resume_time;              // pm_runtime_get_sync() of the IOMMU
  std::vector<sc_core::sc_time> read_times;  // each read, from issue to response
  std::vector<tlm::tlm_response_status> responses;

 private:
  void run() {
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    iommu_device_.get_sync();
    resume_time = sc_core::sc_time_stamp() - start;
    for (const std::uint64_t address : addresses_) read(address);
    iommu_device_.put();
  }

  void read(std::uint64_t address) {
    std::uint32_t word = 0;
    tlm::tlm_generic_payload payload;
    wakesim::StreamIdExtension stream(stream_, 0);
    payload.set_extension(&stream);
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_address(address);
    payload.set_data_ptr(reinterpret_cast<unsigned char*>(&word));
    payload.set_data_length(sizeof word);
    payload.set_streaming_width(sizeof word);
    payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(payload, delay);
    wait(delay);  // no quantum keeper: every read completes before the next
    payload.clear_extension(&stream);
    read_times.push_back(sc_core::sc_time_stamp() - start);
    responses.push_back(payload.get_response_status());
  }

  wakesim::RpmDevice& iommu_device_;
  std::vector<std::uint64_t> addresses_;
  std::uint32_t stream_;
};

#pragma once
// The embedding project's own memory: a byte array behind two TLM-2.0 target
// sockets (data from the IOMMU's `out`, page-table reads from its `walker`),
// each access `latency` long. It also lets the IOMMU driver write page tables
// into it, as wakesim::PhysicalMemory.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <tlm_utils/simple_target_socket.h>
#include <wakesim/memory/physical_memory.h>
#include <systemc>
#include <tlm>

class ArrayMemory : public sc_core::sc_module, public wakesim::PhysicalMemory {
 public:
  tlm_utils::simple_target_socket<ArrayMemory> data{"data"};
  tlm_utils::simple_target_socket<ArrayMemory> tables{"tables"};

  ArrayMemory(const sc_core::sc_module_name& name, std::size_t bytes, sc_core::sc_time latency)
      : sc_core::sc_module(name), bytes_(bytes, 0), latency_(latency) {
    data.register_b_transport(this, &ArrayMemory::b_transport);
    tables.register_b_transport(this, &ArrayMemory::b_transport);
  }

  std::uint64_t accesses() const { return accesses_; }

  std::uint32_t read32(std::uint64_t address) override { return static_cast<std::uint32_t>(load(address, 4)); }
  std::uint64_t read64(std::uint64_t address) override { return load(address, 8); }
  void write32(std::uint64_t address, std::uint32_t value) override { store(address, 4, value); }
  void write64(std::uint64_t address, std::uint64_t value) override { store(address, 8, value); }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
    const std::uint64_t address = payload.get_address();
    const unsigned length = payload.get_data_length();
    if (address + length > bytes_.size()) {
      payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
      return;
    }
    if (payload.is_read()) std::memcpy(payload.get_data_ptr(), &bytes_[address], length);
    if (payload.is_write()) std::memcpy(&bytes_[address], payload.get_data_ptr(), length);
    ++accesses_;
    delay += latency_;
    payload.set_response_status(tlm::TLM_OK_RESPONSE);
  }

  std::uint64_t load(std::uint64_t address, unsigned size) const {
    check(address, size);
    std::uint64_t value = 0;
    for (unsigned i = 0; i < size; ++i) value |= std::uint64_t{bytes_[address + i]} << (8 * i);
    return value;
  }
  void store(std::uint64_t address, unsigned size, std::uint64_t value) {
    check(address, size);
    for (unsigned i = 0; i < size; ++i) bytes_[address + i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
  void check(std::uint64_t address, unsigned size) const {
    if (address % size != 0 || address + size > bytes_.size())
      throw std::out_of_range("ArrayMemory: bad page-table word address");
  }

  std::vector<std::uint8_t> bytes_;
  sc_core::sc_time latency_;
  std::uint64_t accesses_ = 0;
};

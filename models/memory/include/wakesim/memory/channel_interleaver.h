#pragma once
// Address interleaving over several memory channels (docs/architecture.md,
// 'Layers'): a loosely-timed TLM-2.0 target that sends each granule of the
// address space to one channel, round robin, as a memory controller with
// several DRAM channels does.
//
// Address a (relative to the memory's base, as the interconnect hands it over)
// lies in granule g = a / granule, on channel g % channels, at channel offset
// (g / channels) * granule + a % granule. So a sequential stream of
// N x granule bytes from a granule boundary puts exactly N / channels granules
// on each channel (N a multiple of channels).
//
// A transaction that crosses granule boundaries is split at them: each piece
// goes to its channel with the same arrival time (the channels work in
// parallel), the payload's address, data pointer and length are set for each
// piece and restored after, and the returned delay is the latest piece's. A
// split transaction must be plain (no byte enables, no streaming):
// otherwise TLM_BURST_ERROR_RESPONSE and nothing moves. The first piece's error
// ends the transaction with that error.
//
// Statistics per channel: transactions (pieces) and bytes completed OK.
// transport_dbg() splits the same way, with no timing. No allocation on the
// hot path.
#include <cstdint>
#include <vector>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

namespace wakesim {

struct ChannelInterleaverParams {
  unsigned channels = 1;
  // A power of two, at least 64 B (a cache line: a burst never splits).
  std::uint64_t granule = 4096;
};

class ChannelInterleaver : public sc_core::sc_module {
 public:
  struct ChannelStats {
    std::uint64_t transactions = 0;
    std::uint64_t bytes = 0;
  };

  tlm_utils::simple_target_socket<ChannelInterleaver> in;
  // Bind one target per channel, channel 0 first.
  tlm_utils::multi_passthrough_initiator_socket<ChannelInterleaver> out;

  // Throws std::invalid_argument for no channel or a granule that is not a
  // power of two of at least 64 B. end_of_elaboration() throws
  // std::invalid_argument unless exactly `channels` targets are bound.
  ChannelInterleaver(const sc_core::sc_module_name& name, const ChannelInterleaverParams& params);

  struct Location {
    unsigned channel;
    std::uint64_t offset;
  };
  Location locate(std::uint64_t address) const {
    const std::uint64_t granule = address >> shift_;
    return Location{static_cast<unsigned>(granule % params_.channels),
                    ((granule / params_.channels) << shift_) | (address & (params_.granule - 1))};
  }
  // The memory address whose channel and channel offset are given (locate's inverse).
  std::uint64_t address_of(unsigned channel, std::uint64_t offset) const {
    const std::uint64_t granule = (offset >> shift_) * params_.channels + channel;
    return (granule << shift_) | (offset & (params_.granule - 1));
  }

  const ChannelInterleaverParams& params() const { return params_; }
  const ChannelStats& channel_stats(unsigned channel) const { return stats_.at(channel); }
  void reset_stats();

 private:
  static ChannelInterleaverParams validated(const std::string& name, const ChannelInterleaverParams& params);
  void end_of_elaboration() override;
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& tx);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  void split(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  std::uint64_t piece_length(std::uint64_t address, std::uint64_t remaining) const {
    const std::uint64_t to_boundary = params_.granule - (address & (params_.granule - 1));
    return remaining < to_boundary ? remaining : to_boundary;
  }

  ChannelInterleaverParams params_;
  unsigned shift_;
  std::vector<ChannelStats> stats_;  // sized at construction
};

}  // namespace wakesim

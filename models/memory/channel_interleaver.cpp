#include "wakesim/memory/channel_interleaver.h"

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace wakesim {

ChannelInterleaverParams ChannelInterleaver::validated(const std::string& name,
                                                       const ChannelInterleaverParams& params) {
  if (params.channels == 0) throw std::invalid_argument(name + ": at least one channel is needed");
  if (params.granule < 64 || (params.granule & (params.granule - 1)) != 0)
    throw std::invalid_argument(
        fmt::format("{}: the interleave granule ({} B) must be a power of two of at least 64 B", name, params.granule));
  return params;
}

ChannelInterleaver::ChannelInterleaver(const sc_core::sc_module_name& name, const ChannelInterleaverParams& params)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      params_(validated(this->name(), params)),
      shift_(0),
      stats_(params_.channels) {
  while ((std::uint64_t{1} << shift_) < params_.granule) ++shift_;
  in.register_b_transport(this, &ChannelInterleaver::b_transport);
  in.register_transport_dbg(this, &ChannelInterleaver::transport_dbg);
  in.register_get_direct_mem_ptr(this, &ChannelInterleaver::get_direct_mem_ptr);
}

void ChannelInterleaver::end_of_elaboration() {
  if (static_cast<std::size_t>(out.size()) != params_.channels)
    throw std::invalid_argument(
        fmt::format("{}: {} channels but {} targets bound", name(), params_.channels, out.size()));
}

void ChannelInterleaver::reset_stats() {
  for (ChannelStats& stats : stats_) stats = ChannelStats{};
}

void ChannelInterleaver::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const std::uint64_t address = tx.get_address();
  const std::uint64_t length = tx.get_data_length();
  if (piece_length(address, length) >= length) {  // the common case: one granule
    const Location at = locate(address);
    tx.set_address(at.offset);
    out[static_cast<int>(at.channel)]->b_transport(tx, delay);
    tx.set_address(address);
    ChannelStats& stats = stats_[at.channel];
    ++stats.transactions;
    if (tx.is_response_ok()) stats.bytes += length;
    return;
  }
  if (tx.get_byte_enable_ptr() != nullptr || tx.get_streaming_width() < length) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  split(tx, delay);
}

// Pieces in address order, each from the same arrival; the latest completion wins.
void ChannelInterleaver::split(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const std::uint64_t address = tx.get_address();
  const std::uint64_t length = tx.get_data_length();
  unsigned char* const data = tx.get_data_ptr();
  const unsigned int streaming_width = tx.get_streaming_width();
  const sc_core::sc_time arrival = delay;
  sc_core::sc_time latest = delay;
  tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
  for (std::uint64_t done = 0; done < length && status == tlm::TLM_OK_RESPONSE;) {
    const std::uint64_t piece = piece_length(address + done, length - done);
    const Location at = locate(address + done);
    tx.set_address(at.offset);
    tx.set_data_ptr(data + done);
    tx.set_data_length(static_cast<unsigned int>(piece));
    tx.set_streaming_width(static_cast<unsigned int>(piece));
    tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time piece_delay = arrival;
    out[static_cast<int>(at.channel)]->b_transport(tx, piece_delay);
    if (piece_delay > latest) latest = piece_delay;
    status = tx.get_response_status();
    ChannelStats& stats = stats_[at.channel];
    ++stats.transactions;
    if (status == tlm::TLM_OK_RESPONSE) stats.bytes += piece;
    done += piece;
  }
  tx.set_address(address);
  tx.set_data_ptr(data);
  tx.set_data_length(static_cast<unsigned int>(length));
  tx.set_streaming_width(streaming_width);
  tx.set_response_status(status);
  delay = latest;
}

unsigned int ChannelInterleaver::transport_dbg(tlm::tlm_generic_payload& tx) {
  const std::uint64_t address = tx.get_address();
  const std::uint64_t length = tx.get_data_length();
  unsigned char* const data = tx.get_data_ptr();
  unsigned int moved = 0;
  for (std::uint64_t done = 0; done < length;) {
    const std::uint64_t piece = piece_length(address + done, length - done);
    const Location at = locate(address + done);
    tx.set_address(at.offset);
    tx.set_data_ptr(data + done);
    tx.set_data_length(static_cast<unsigned int>(piece));
    const unsigned int got = out[static_cast<int>(at.channel)]->transport_dbg(tx);
    moved += got;
    done += piece;
    if (got < piece) break;
  }
  tx.set_address(address);
  tx.set_data_ptr(data);
  tx.set_data_length(static_cast<unsigned int>(length));
  return moved;
}

bool ChannelInterleaver::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) {
  return false;  // every access is timed and counted
}

}  // namespace wakesim

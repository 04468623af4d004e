#include "wakesim/memory/system_cache.h"

#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "wakesim/bus/stream_id_extension.h"

namespace wakesim {

SystemCacheParams SystemCache::validated(const std::string& name, const SystemCacheParams& params) {
  const std::uint64_t line = params.line.bytes;
  if (line < 8 || (line & (line - 1)) != 0)
    throw std::invalid_argument(fmt::format("{}: the line ({} B) must be a power of two of at least 8 B", name, line));
  if (params.ways == 0) throw std::invalid_argument(name + ": at least one way is needed");
  const std::uint64_t set_bytes = line * params.ways;
  if (params.size.bytes == 0 || params.size.bytes % set_bytes != 0)
    throw std::invalid_argument(fmt::format("{}: the size ({} B) must be a whole number of sets of {} ways x {} B",
                                            name, params.size.bytes, params.ways, line));
  if (params.size.bytes / line > UINT32_MAX)  // the tag store counts its ways in 32 bits
    throw std::invalid_argument(
        fmt::format("{}: the size ({} B) holds more than 2^32 lines of {} B", name, params.size.bytes, line));
  return params;
}

SystemCache::SystemCache(const sc_core::sc_module_name& name, const SystemCacheParams& params)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      params_(validated(this->name(), params)),
      sets_(params_.size.bytes / (params_.line.bytes * params_.ways)),
      tags_(this->name(), static_cast<std::uint32_t>(params_.size.bytes / params_.line.bytes), params_.ways,
            ReplacementPolicy::lru) {
  while ((std::uint64_t{1} << line_shift_) < params_.line.bytes) ++line_shift_;
  in.register_b_transport(this, &SystemCache::b_transport);
  in.register_transport_dbg(this, &SystemCache::transport_dbg);
  in.register_get_direct_mem_ptr(this, &SystemCache::get_direct_mem_ptr);
}

// A page-table walk: the walker's StreamIdExtension names no DMA channel.
bool SystemCache::cacheable(tlm::tlm_generic_payload& tx) const {
  if (!tx.is_read() || tx.get_byte_enable_ptr() != nullptr || tx.get_streaming_width() < tx.get_data_length())
    return false;
  if (params_.cache_dma) return true;
  const StreamIdExtension* who = nullptr;
  tx.get_extension(who);
  return who != nullptr && who->channel() == StreamIdExtension::kNoChannel;
}

SystemCache::TagStore::Way* SystemCache::find(std::uint64_t line) {
  return tags_.find_in_set(set_of(line), [line](std::uint64_t tag) { return tag == line; });
}

const SystemCache::TagStore::Way* SystemCache::find(std::uint64_t line) const {
  return tags_.find_in_set(set_of(line), [line](std::uint64_t tag) { return tag == line; });
}

bool SystemCache::holds(std::uint64_t address) const { return find(address >> line_shift_) != nullptr; }

bool SystemCache::all_present(std::uint64_t first_line, std::uint64_t last_line) const {
  for (std::uint64_t line = first_line; line <= last_line; ++line)
    if (find(line) == nullptr) return false;
  return true;
}

// Allocates `line` in its set's invalid or least recently used way.
void SystemCache::fill(std::uint64_t line) {
  if (tags_.place(tags_.victim(set_of(line)), line)) ++stats_.evictions;
  ++stats_.fills;
}

void SystemCache::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  if (!cacheable(tx)) {
    ++stats_.bypassed;
    out->b_transport(tx, delay);
    return;
  }
  const std::uint64_t address = tx.get_address();
  const std::uint64_t length = tx.get_data_length() == 0 ? 1 : tx.get_data_length();
  const std::uint64_t first = address >> line_shift_;
  const std::uint64_t last = (address + length - 1) >> line_shift_;
  delay += params_.hit_latency;
  if (all_present(first, last)) {
    ++stats_.hits;
    for (std::uint64_t line = first; line <= last; ++line) tags_.touch(*find(line));
    const unsigned int moved = out->transport_dbg(tx);
    tx.set_response_status(moved == tx.get_data_length() ? tlm::TLM_OK_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  ++stats_.misses;
  out->b_transport(tx, delay);
  if (!tx.is_response_ok()) return;
  for (std::uint64_t line = first; line <= last; ++line) {
    if (TagStore::Way* way = find(line))
      tags_.touch(*way);
    else
      fill(line);
  }
}

unsigned int SystemCache::transport_dbg(tlm::tlm_generic_payload& tx) { return out->transport_dbg(tx); }

bool SystemCache::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) {
  return false;  // every access is timed and counted
}

}  // namespace wakesim

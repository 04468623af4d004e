#include "wakesim/iommu/iommu_walker.h"

#include "wakesim/bus/stream_id_extension.h"
#include "wakesim/core/sim_time.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::sc_time_stamp;
using sc_core::SC_ZERO_TIME;

namespace {

constexpr unsigned kPteBufferBytes = 8;

}  // namespace

IommuWalker::IommuWalker(const IommuWalkerParams& params, sc_time clock_period, tlm::tlm_initiator_socket<>& socket,
                         EnergyLedger& ledger, const std::string& component)
    : params_(params),
      clock_period_(clock_period),
      socket_(socket),
      slots_(params.slots),
      cache_(params.walk_cache, &ledger, component),
      pte_account_(ledger.register_dynamic(component, "event:pte_read", params.pte_read_energy)),
      payloads_(new tlm::tlm_generic_payload[params.slots]),
      buffers_(new unsigned char[static_cast<std::size_t>(params.slots) * kPteBufferBytes]()) {
  for (unsigned i = 0; i < params.slots; ++i) {
    tlm::tlm_generic_payload& payload = payloads_[i];
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_data_ptr(&buffers_[static_cast<std::size_t>(i) * kPteBufferBytes]);
    payload.set_byte_enable_ptr(nullptr);
    payload.set_byte_enable_length(0);
    // Owned by the payload, which deletes it.
    payload.set_extension(new StreamIdExtension(params.stream_id, StreamIdExtension::kNoChannel));
  }
}

sc_time IommuWalker::walk_cache_latency() const {
  if (!cache_.enabled()) return SC_ZERO_TIME;
  return sc_time::from_value(clock_period_.value() * cache_.lookup_latency_cycles());
}

IommuWalkResult IommuWalker::walk(unsigned slot, const IommuWalkRequest& request) {
  ++stats_.walks;
  IommuWalkResult result;
  sc_time at = sc_time_stamp();
  PageTableWalk walk = start(request, at, result);
  while (!walk.done()) {
    std::uint64_t pte = 0;
    ++result.reads;
    if (!read_pte(slot, walk.pte_address(), walk.pte_bytes(), at, pte)) {
      result.aborted = true;
      result.pte_response = payloads_[slot].get_response_status();
      break;
    }
    walk.advance(pte);
  }
  fill_cache(request, walk);
  result.end_level = walk.level();
  if (walk.translated()) {
    result.translated = true;
    result.translation = TlbTranslation{walk.page_base(), walk.page_size(), walk.perms()};
    ++stats_.translated;
  } else if (result.aborted) {
    ++stats_.aborts;
  } else {
    ++stats_.faults;
  }
  wait_until(at);
  return result;
}

// The walk-cache lookup, and the walk from the root or from the cached table.
PageTableWalk IommuWalker::start(const IommuWalkRequest& request, sc_time& at, IommuWalkResult& result) {
  const PageTableFormat& format = *request.format;
  if (!cache_.enabled()) return PageTableWalk(format, request.root, request.iova);
  at += walk_cache_latency();
  const std::optional<WalkCacheHit> hit = cache_.lookup(request.context, request.asid, format, request.iova);
  if (!hit) return PageTableWalk(format, request.root, request.iova);
  result.start_level = hit->level;
  return PageTableWalk::from_level(format, request.iova, hit->level, hit->table);
}

bool IommuWalker::read_pte(unsigned slot, std::uint64_t address, unsigned bytes, sc_time& at, std::uint64_t& value) {
  tlm::tlm_generic_payload& payload = payloads_[slot];
  payload.set_address(address);
  payload.set_data_length(bytes);
  payload.set_streaming_width(bytes);
  payload.set_dmi_allowed(false);
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const sc_time now = sc_time_stamp();
  sc_time delay = at > now ? at - now : SC_ZERO_TIME;
  socket_->b_transport(payload, delay);
  at = sc_time_stamp() + delay;
  ++stats_.pte_reads;
  pte_account_.count();
  if (payload.is_response_error()) return false;
  const unsigned char* data = payload.get_data_ptr();
  value = 0;
  for (unsigned i = 0; i < bytes; ++i) value |= std::uint64_t{data[i]} << (8 * i);  // little-endian
  return true;
}

void IommuWalker::fill_cache(const IommuWalkRequest& request, const PageTableWalk& walk) {
  const PageTableFormat& format = *request.format;
  for (unsigned i = 0; i < walk.reads(); ++i) {
    const PageTableWalk::Step& step = walk.step(i);
    if (step.decoded.kind != PteKind::table || step.level + 1 >= format.levels()) continue;
    cache_.insert(request.context, request.asid, format, step.level + 1, request.iova, step.decoded.address);
  }
}

}  // namespace wakesim

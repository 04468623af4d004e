#include "wakesim/iommu/iommu.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "wakesim/bus/stream_id_extension.h"
#include "wakesim/core/pending_activity.h"
#include "wakesim/core/sim_time.h"
#include "wakesim/cpu/cpu_execution.h"
#include "wakesim/power/pm_core.h"
#include "wakesim/power/power_domain.h"
#include "wakesim/power/rpm_device.h"

namespace wakesim {

using sc_core::sc_time;
using sc_core::SC_ZERO_TIME;

namespace {

// Bytes the transaction touches in the address space (a streaming transaction
// stays within its streaming width).
std::uint64_t footprint(const tlm::tlm_generic_payload& tx) {
  const unsigned width = tx.get_streaming_width();
  return width != 0 && width < tx.get_data_length() ? width : tx.get_data_length();
}

bool plain(const tlm::tlm_generic_payload& tx) {
  return tx.get_byte_enable_ptr() == nullptr && tx.get_streaming_width() >= tx.get_data_length();
}

}  // namespace

const IommuParams& Iommu::checked(const IommuParams& params) {
  if (params.ports == 0) throw std::invalid_argument("Iommu: at least one port is needed");
  if (params.contexts == 0) throw std::invalid_argument("Iommu: at least one context is needed");
  return params;
}

Iommu::Iommu(const sc_core::sc_module_name& name, const IommuParams& params, RpmDevice& device, EnergyLedger* ledger)
    : sc_core::sc_module(name),
      port("port", checked(params).ports),
      out("out"),
      walker("walker"),
      params_(params),
      device_(device),
      chained_callbacks_(device.driver_callbacks()),
      own_ledger_(ledger ? nullptr : std::make_unique<EnergyLedger>()),
      ledger_(ledger ? *ledger : *own_ledger_),
      tlb_(params.tlb, &ledger_, this->name()),
      page_walker_(params.walker, params.tlb.clock_period, walker, ledger_, this->name()),
      registers_(params.registers, ledger_, this->name()),
      fault_log_(params.fault_log_capacity),
      contexts_(params.contexts),
      bindings_(params.ports),
      gated_(params.ports, 0),
      port_stats_(params.ports),
      translation_times_(params.ports),
      suspended_holds_(params.ports),
      routes_(params.ports) {
  for (unsigned i = 0; i < params.ports; ++i) {
    port[i].register_b_transport(this, &Iommu::b_transport, static_cast<int>(i));
    port[i].register_transport_dbg(this, &Iommu::transport_dbg, static_cast<int>(i));
    port[i].register_get_direct_mem_ptr(this, &Iommu::get_direct_mem_ptr, static_cast<int>(i));
  }
  if (chained_callbacks_ == this) chained_callbacks_ = nullptr;
  device.set_driver_callbacks(this);
}

// ---------------------------------------------------------------------------
// Contexts and stream bindings
// ---------------------------------------------------------------------------

unsigned Iommu::contexts_in_use() const {
  return static_cast<unsigned>(
      std::count_if(contexts_.begin(), contexts_.end(), [](const IommuContext& c) { return c.in_use(); }));
}

std::size_t Iommu::stream_bindings() const {
  std::size_t count = 0;
  for (const auto& port_bindings : bindings_) count += port_bindings.size();
  return count;
}

// The context of the stream's own binding, else of the port's wildcard
// binding; -1 when neither exists.
int Iommu::binding_of(unsigned port_index, std::uint32_t stream) const {
  int wildcard = -1;
  for (const StreamBinding& binding : bindings_[port_index]) {
    if (binding.stream == stream) return static_cast<int>(binding.context);
    if (binding.stream == kAnyStream) wildcard = static_cast<int>(binding.context);
  }
  return wildcard;
}

int Iommu::context_in_use(int binding) const {
  return binding >= 0 && contexts_[static_cast<unsigned>(binding)].in_use() ? binding : -1;
}

int Iommu::context_of(unsigned port_index, std::uint32_t stream) const {
  return context_in_use(binding_of(port_index, stream));
}

const Iommu::PortRoute& Iommu::route_of(unsigned port_index, std::uint32_t stream) {
  PortRoute& route = routes_[port_index];
  if (route.epoch == bindings_epoch_ && route.stream == stream) return route;
  route.epoch = bindings_epoch_;
  route.stream = stream;
  route.binding = binding_of(port_index, stream);
  // A stream bound through the wildcard adds to the wildcard's entry.
  route.translation_total = translation_time_slot(port_index, stream);
  if (!route.translation_total) route.translation_total = translation_time_slot(port_index, kAnyStream);
  return route;
}

bool Iommu::registers_powered() const { return device_.status() == RpmStatus::active; }

IommuRegisterCost Iommu::program_cost(std::uint64_t writes, bool sync) {
  if (!registers_powered()) {
    ++stats_.programs_while_suspended;
    programmed_while_suspended_ = true;
    return IommuRegisterCost{};
  }
  return sync ? registers_.writes_and_sync(writes) : registers_.writes(writes);
}

IommuRegisterCost Iommu::invalidation_cost(std::uint64_t writes) {
  if (!registers_powered()) {
    ++stats_.invalidations_while_suspended;
    return IommuRegisterCost{};
  }
  return registers_.writes_and_sync(writes);
}

void Iommu::drop_context_entries(unsigned index) {
  tlb_.invalidate_stream(index);
  page_walker_.walk_cache().invalidate_context(index);
}

IommuRegisterCost Iommu::program_context(unsigned index, const IommuContext& context) {
  IommuContext& bank = contexts_.at(index);
  if (!context.in_use()) {
    throw std::invalid_argument("Iommu::program_context: a context needs a page-table format");
  }
  bank = context;
  drop_context_entries(index);
  ++stats_.context_programs;
  const IommuRegisterParams& r = params_.registers;
  return program_cost(r.context_writes + r.asid_invalidation_writes, true);
}

IommuRegisterCost Iommu::clear_context(unsigned index) {
  contexts_.at(index) = IommuContext{};
  drop_context_entries(index);
  ++stats_.context_programs;
  const IommuRegisterParams& r = params_.registers;
  return program_cost(r.context_writes + r.asid_invalidation_writes, true);
}

IommuRegisterCost Iommu::bind_stream(unsigned port_index, std::uint32_t stream, unsigned context) {
  std::vector<StreamBinding>& port_bindings = bindings_.at(port_index);
  if (context >= contexts_.size()) {
    throw std::out_of_range("Iommu::bind_stream: no context " + std::to_string(context));
  }
  const auto same = std::find_if(port_bindings.begin(), port_bindings.end(),
                                 [&](const StreamBinding& b) { return b.stream == stream; });
  if (same != port_bindings.end()) {
    same->context = context;
  } else {
    port_bindings.push_back(StreamBinding{stream, context});
  }
  if (!translation_time_slot(port_index, stream))
    translation_times_[port_index].push_back(StreamTranslation{stream, SC_ZERO_TIME});
  ++bindings_epoch_;
  ++stats_.stream_bindings;
  return program_cost(params_.registers.stream_binding_writes, false);
}

sc_time* Iommu::translation_time_slot(unsigned port_index, std::uint32_t stream) {
  for (StreamTranslation& entry : translation_times_[port_index])
    if (entry.stream == stream) return &entry.time;
  return nullptr;
}

sc_time Iommu::translation_time(unsigned port_index, std::uint32_t stream) const {
  for (const StreamTranslation& entry : translation_times_.at(port_index))
    if (entry.stream == stream) return entry.time;
  return SC_ZERO_TIME;
}

IommuRegisterCost Iommu::unbind_stream(unsigned port_index, std::uint32_t stream) {
  std::vector<StreamBinding>& port_bindings = bindings_.at(port_index);
  port_bindings.erase(std::remove_if(port_bindings.begin(), port_bindings.end(),
                                     [&](const StreamBinding& b) { return b.stream == stream; }),
                      port_bindings.end());
  ++bindings_epoch_;
  ++stats_.stream_bindings;
  return program_cost(params_.registers.stream_binding_writes, false);
}

// ---------------------------------------------------------------------------
// Invalidation
// ---------------------------------------------------------------------------

std::uint64_t Iommu::invalidate_entries(unsigned context, std::uint32_t asid, const IovaRange& range) {
  tlb_.invalidate_range(context, asid, range.iova, range.size);
  page_walker_.walk_cache().invalidate_range(context, asid, range.iova, range.size);
  const std::uint64_t page = std::max<std::uint64_t>(range.page_size, 1);
  return (range.size + page - 1) / page * params_.registers.writes_per_page_invalidation;
}

IommuRegisterCost Iommu::invalidate_ranges(unsigned context, const std::vector<IovaRange>& ranges) {
  const std::uint32_t asid = contexts_.at(context).asid;
  std::uint64_t writes = 0;
  for (const IovaRange& range : ranges) writes += invalidate_entries(context, asid, range);
  ++stats_.range_invalidations;
  return invalidation_cost(writes);
}

IommuRegisterCost Iommu::invalidate_range(unsigned context, const IovaRange& range) {
  const std::uint64_t writes = invalidate_entries(context, contexts_.at(context).asid, range);
  ++stats_.range_invalidations;
  return invalidation_cost(writes);
}

IommuRegisterCost Iommu::invalidate_asid(std::uint32_t asid) {
  tlb_.invalidate_asid(asid);
  page_walker_.walk_cache().invalidate_asid(asid);
  ++stats_.asid_invalidations;
  return invalidation_cost(params_.registers.asid_invalidation_writes);
}

IommuRegisterCost Iommu::invalidate_all() {
  tlb_.invalidate_all();
  page_walker_.walk_cache().invalidate_all();
  ++stats_.all_invalidations;
  return invalidation_cost(params_.registers.all_invalidation_writes);
}

// ---------------------------------------------------------------------------
// Power
// ---------------------------------------------------------------------------

bool Iommu::translating(unsigned port_index) const {
  return device_.status() == RpmStatus::active && gated_[port_index] == 0;
}

void Iommu::set_port_gated(unsigned port_index, bool gated) {
  gated_.at(port_index) = gated ? 1 : 0;
  if (!gated) gate_opened_.notify(SC_ZERO_TIME);
}

int Iommu::runtime_suspend(RpmDevice& device) {
  if (params_.power.save_context) {
    const IommuRegisterCost cost =
        registers_.writes(std::uint64_t{contexts_in_use()} * params_.registers.context_save_reads);
    ++stats_.context_saves;
    stats_.save_time += cost.time;
    run_callback_code(cost.time);
  }
  if (chained_callbacks_ != nullptr) {
    const int ret = chained_callbacks_->runtime_suspend(device);
    if (ret != 0) return ret;
  }
  const PowerDomain* domain = PowerDomain::of(device_);
  domain_offs_at_suspend_ = domain ? domain->power_off_count() : 0;
  suspend_recorded_ = true;
  return 0;
}

bool Iommu::domain_went_off() const {
  const PowerDomain* domain = PowerDomain::of(device_);
  return suspend_recorded_ && domain != nullptr && domain->power_off_count() != domain_offs_at_suspend_;
}

int Iommu::runtime_resume(RpmDevice& device) {
  if (chained_callbacks_ != nullptr) {
    const int ret = chained_callbacks_->runtime_resume(device);
    if (ret != 0) return ret;
  }
  ++stats_.resumes;
  const bool lost = domain_went_off();
  if (lost) {
    tlb_.clear();
    page_walker_.walk_cache().clear();
    ++stats_.power_losses;
  }
  const bool retained = params_.power.retention && suspend_recorded_ && !lost && !programmed_while_suspended_;
  if (retained) {
    ++stats_.retained_resumes;
    return 0;
  }
  restore_contexts();
  return 0;
}

// __sysmmu_enable / arm_smmu_device_reset: every context and stream binding is
// written again, then the whole TLB is invalidated, and the resume waits for it.
void Iommu::restore_contexts() {
  const IommuRegisterParams& r = params_.registers;
  IommuRegisterCost cost = registers_.writes(std::uint64_t{contexts_in_use()} * r.context_writes +
                                             stream_bindings() * r.stream_binding_writes);
  cost += registers_.writes_and_sync(r.all_invalidation_writes);
  tlb_.invalidate_all();
  page_walker_.walk_cache().invalidate_all();
  programmed_while_suspended_ = false;
  ++stats_.context_restores;
  stats_.restore_time += cost.time;
  run_callback_code(cost.time);
}

// Register accesses of a runtime PM callback: the CPU running it stalls on them
// (a plain wait without CPUs; docs/cpu.md).
void Iommu::run_callback_code(const sc_core::sc_time& duration) {
  const CpuCause cause = device_.is_irq_safe() ? CpuCause::atomic_spin : CpuCause::pm_callback;
  run_code(device_.core().cpus(), cause, duration);
}

// ---------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------

Iommu::Access Iommu::describe(unsigned port_index, const tlm::tlm_generic_payload& tx) const {
  const StreamIdExtension* id = tx.get_extension<StreamIdExtension>();
  return Access{port_index, id ? id->stream_id() : kNoStream, id ? id->channel() : StreamIdExtension::kNoChannel,
                tx.is_write()};
}

void Iommu::b_transport(int id, tlm::tlm_generic_payload& tx, sc_time& delay) {
  const auto p = static_cast<unsigned>(id);
  // Waits only when another process could act before the arrival; otherwise
  // nothing but this thread can change the power state or the TLB before it.
  if (params_.sync_on_arrival) sync_on_arrival(delay);  // power state and the TLB in simulated-time order
  IommuPortStats& stats = port_stats_[p];
  ++stats.transactions;
  const Access access = describe(p, tx);
  if (!translating(p) && !handle_untranslatable(access, tx, delay)) return;
  const PortRoute& route = route_of(p, access.stream);
  const int context = context_in_use(route.binding);  // context_of(), memoised
  if (context >= 0) {
    translate_and_forward(access, static_cast<unsigned>(context), route.translation_total, tx, delay);
    return;
  }
  if (params_.unbound_stream == IommuUnboundStream::bypass) {
    ++stats.unbound_bypassed;
    forward_untranslated(tx, delay, stats, false);
    return;
  }
  const sc_time at = sim_now() + delay;
  raise_fault(IommuFaultKind::context, access, 0, tx.get_address(), 0, at, tx);
  delay = delay_until(at);
}

bool Iommu::handle_untranslatable(const Access& access, tlm::tlm_generic_payload& tx, sc_time& delay) {
  IommuPortStats& stats = port_stats_[access.port];
  switch (params_.power.when_suspended) {
    case IommuWhenSuspended::bypass: forward_untranslated(tx, delay, stats, true); return false;
    case IommuWhenSuspended::abort:
      ++stats.suspended_aborts;
      tx.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
      return false;
    case IommuWhenSuspended::stall: stall(access.port, access.stream, delay); return true;
  }
  return true;
}

// Syncs (power state is read at the transaction's time), then holds the thread
// until the port can translate.
void Iommu::stall(unsigned port_index, std::uint32_t stream, sc_time& delay) {
  wait_until(sim_now() + delay);
  delay = SC_ZERO_TIME;
  if (translating(port_index)) return;
  IommuPortStats& stats = port_stats_[port_index];
  ++stats.stalls;
  const sc_time start = sim_now();
  StreamHold& hold = suspended_hold(port_index, stream);
  if (hold.held++ == 0) hold.since = start;
  while (!translating(port_index)) sc_core::wait(device_.status_changed_event() | gate_opened_);
  stats.stall_time += sim_now() - start;
  // The entry stays valid: suspended_holds_ only grows by a stream's first stall,
  // which cannot happen to this stream while it is held.
  StreamHold& done = suspended_hold(port_index, stream);
  if (--done.held == 0) done.total += sim_now() - done.since;
}

Iommu::StreamHold& Iommu::suspended_hold(unsigned port_index, std::uint32_t stream) {
  std::vector<StreamHold>& holds = suspended_holds_[port_index];
  for (StreamHold& hold : holds)
    if (hold.stream == stream) return hold;
  holds.push_back(StreamHold{stream});
  return holds.back();
}

sc_time Iommu::suspended_hold_time(unsigned port_index, std::uint32_t stream) const {
  for (const StreamHold& hold : suspended_holds_.at(port_index))
    if (hold.stream == stream) return hold.total;
  return SC_ZERO_TIME;
}

void Iommu::forward_untranslated(tlm::tlm_generic_payload& tx, sc_time& delay, IommuPortStats& stats, bool violation) {
  tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  out->b_transport(tx, delay);
  const bool ok = tx.is_response_ok();
  if (violation) ++stats.isolation_violations;
  if (!ok) {
    ++stats.downstream_errors;
    return;
  }
  stats.bytes += tx.get_data_length();
  if (violation) stats.isolation_bytes += tx.get_data_length();
}

void Iommu::translate_and_forward(const Access& access, unsigned context, sc_time* translation_total,
                                  tlm::tlm_generic_payload& tx, sc_time& delay) {
  IommuPortStats& stats = port_stats_[access.port];
  const std::uint64_t iova = tx.get_address();
  const std::uint64_t bytes = std::max<std::uint64_t>(footprint(tx), 1);
  sc_time at = sim_now() + delay;  // when the next piece's translation starts
  sc_time done = at;
  std::uint64_t offset = 0;
  sc_time translating = SC_ZERO_TIME;
  while (offset < bytes) {
    TlbTranslation translation;
    const sc_time lookup = at;
    const bool translated = translate(access, context, iova + offset, at, translation, tx);
    translating += at - lookup;
    if (!translated) {
      done = std::max(done, at);
      break;
    }
    const std::uint64_t page_mask = translation.page_size - 1;
    const std::uint64_t in_page = translation.page_size - ((iova + offset) & page_mask);
    const std::uint64_t length = std::min(bytes - offset, in_page);
    const bool split = length < bytes;
    if (split && offset == 0) {
      if (!plain(tx)) {
        ++stats.downstream_errors;
        tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        done = std::max(done, at);
        break;
      }
      ++stats.split_transactions;
    }
    const sc_time piece_done =
        forward_piece(tx, translation.translate(iova + offset), offset, static_cast<unsigned>(length), split, at);
    done = std::max(done, piece_done);
    if (!tx.is_response_ok()) {
      ++stats.downstream_errors;
      break;
    }
    stats.bytes += split ? length : tx.get_data_length();
    offset += length;
  }
  tx.set_address(iova);
  delay = delay_until(done);
  if (translation_total) *translation_total += translating;
}

sc_time Iommu::forward_piece(tlm::tlm_generic_payload& tx, std::uint64_t address, std::uint64_t offset, unsigned length,
                             bool split, const sc_time& at) {
  unsigned char* data = tx.get_data_ptr();
  const unsigned full_length = tx.get_data_length();
  const unsigned full_width = tx.get_streaming_width();
  tx.set_address(address);
  if (split) {
    tx.set_data_ptr(data + offset);
    tx.set_data_length(length);
    tx.set_streaming_width(length);
  }
  tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_time piece_delay = delay_until(at);
  out->b_transport(tx, piece_delay);
  if (split) {
    tx.set_data_ptr(data);
    tx.set_data_length(full_length);
    tx.set_streaming_width(full_width);
  }
  return sim_now() + piece_delay;
}

bool Iommu::translate(const Access& access, unsigned context, std::uint64_t iova, sc_time& at,
                      TlbTranslation& translation, tlm::tlm_generic_payload& tx) {
  IommuPortStats& stats = port_stats_[access.port];
  const std::uint32_t asid = contexts_[context].asid;
  at += tlb_.hit_latency();  // paid by every lookup: a miss is known only then
  if (const std::optional<TlbTranslation> hit = tlb_.lookup(context, asid, iova)) {
    ++stats.tlb_hits;
    translation = *hit;
  } else {
    ++stats.tlb_misses;
    if (!walk(access, context, iova, at, translation, tx)) return false;
  }
  if (!translation.perms.allows(access.write)) {
    raise_fault(IommuFaultKind::permission, access, context, iova, 0, at, tx);
    return false;
  }
  return true;
}

bool Iommu::walk(const Access& access, unsigned context, std::uint64_t iova, sc_time& at, TlbTranslation& translation,
                 tlm::tlm_generic_payload& tx) {
  IommuPortStats& stats = port_stats_[access.port];
  const IommuContext bank = contexts_[context];  // a copy: the driver may reprogram it meanwhile
  wait_until(at);
  const unsigned slot = page_walker_.acquire();
  const sc_time admitted = sim_now();
  stats.walk_queueing.record((admitted - at).value());
  if (admitted > at) {
    if (const std::optional<TlbTranslation> filled = tlb_.probe(context, bank.asid, iova)) {
      page_walker_.release(slot);
      ++stats.merged_misses;
      translation = *filled;
      at = admitted;
      return true;
    }
  }
  ++stats.walks;
  const IommuWalkResult result =
      page_walker_.walk(slot, IommuWalkRequest{bank.format, bank.root, context, bank.asid, iova});
  page_walker_.release(slot);
  at = sim_now();
  stats.walk_latency.record((at - admitted).value());
  if (result.translated) {
    tlb_.insert(context, bank.asid, iova, result.translation);
    translation = result.translation;
    return true;
  }
  const IommuFaultKind kind = result.aborted ? IommuFaultKind::walk_abort : IommuFaultKind::translation;
  raise_fault(kind, access, context, iova, result.end_level, at, tx);
  return false;
}

void Iommu::raise_fault(IommuFaultKind kind, const Access& access, unsigned context, std::uint64_t iova, unsigned level,
                        const sc_time& at, tlm::tlm_generic_payload& tx) {
  IommuPortStats& stats = port_stats_[access.port];
  switch (kind) {
    case IommuFaultKind::translation: ++stats.translation_faults; break;
    case IommuFaultKind::permission: ++stats.permission_faults; break;
    case IommuFaultKind::context: ++stats.context_faults; break;
    case IommuFaultKind::walk_abort: ++stats.walk_aborts; break;
  }
  wait_until(at);  // the interrupt is raised when the fault is detected
  IommuFault fault;
  fault.kind = kind;
  fault.port = access.port;
  fault.stream = access.stream;
  fault.channel = access.channel;
  fault.context = context;
  fault.iova = iova;
  fault.write = access.write;
  fault.level = level;
  fault.time = sim_now();
  fault_log_.record(fault);
  tx.set_response_status(response_of(kind));
  if (fault_handler_) fault_handler_(fault);
}

// ---------------------------------------------------------------------------
// Debug transport and DMI
// ---------------------------------------------------------------------------

unsigned int Iommu::transport_dbg(int id, tlm::tlm_generic_payload& tx) {
  const auto p = static_cast<unsigned>(id);
  const std::uint64_t iova = tx.get_address();
  const int context = context_of(p, describe(p, tx).stream);
  const bool identity = !translating(p) || context < 0;
  if (identity) {
    const bool bypass = translating(p) ? params_.unbound_stream == IommuUnboundStream::bypass
                                       : params_.power.when_suspended == IommuWhenSuspended::bypass;
    return bypass ? out->transport_dbg(tx) : 0;
  }
  const IommuContext& bank = contexts_[static_cast<unsigned>(context)];
  PageTableWalk table_walk(*bank.format, bank.root, iova);
  tlm::tlm_generic_payload pte_read;
  unsigned char buffer[8] = {};
  while (!table_walk.done()) {
    pte_read.set_command(tlm::TLM_READ_COMMAND);
    pte_read.set_address(table_walk.pte_address());
    pte_read.set_data_ptr(buffer);
    pte_read.set_data_length(table_walk.pte_bytes());
    pte_read.set_streaming_width(table_walk.pte_bytes());
    if (walker->transport_dbg(pte_read) != table_walk.pte_bytes()) return 0;
    std::uint64_t pte = 0;
    for (unsigned i = 0; i < table_walk.pte_bytes(); ++i) {
      pte |= std::uint64_t{buffer[i]} << (8 * i);
    }
    table_walk.advance(pte);
  }
  if (!table_walk.translated() || !table_walk.perms().allows(tx.is_write())) return 0;
  const std::uint64_t in_page = table_walk.page_size() - (iova & (table_walk.page_size() - 1));
  const unsigned length = tx.get_data_length();
  tx.set_address(table_walk.output_address());
  tx.set_data_length(static_cast<unsigned>(std::min<std::uint64_t>(length, in_page)));
  const unsigned int moved = out->transport_dbg(tx);
  tx.set_address(iova);
  tx.set_data_length(length);
  return moved;
}

bool Iommu::get_direct_mem_ptr(int, tlm::tlm_generic_payload&, tlm::tlm_dmi&) {
  return false;  // every access must be translated, timed and counted
}

// ---------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------

void Iommu::reset_port_stats() {
  for (IommuPortStats& stats : port_stats_) stats = IommuPortStats{};
}

IommuPortStats Iommu::total_port_stats() const {
  IommuPortStats total;
  for (const IommuPortStats& s : port_stats_) total += s;
  return total;
}

}  // namespace wakesim

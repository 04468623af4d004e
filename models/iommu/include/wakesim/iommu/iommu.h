#pragma once
// An IOMMU (an SMMU TBU+TCU, a SysMMU) as a loosely-timed TLM-2.0 module
// (docs/architecture.md, 'Timing model', 'The IOMMU'): N upstream ports for the masters' traffic, a TLB, a
// page-table walker that reads real page tables through the bus, a walk cache,
// a limit on concurrent walks, context banks, invalidation with a register-write
// cost, faults with records and an interrupt, and runtime PM.
//
// Sockets: port[i] (targets, one per master path; a DMA channel names its port),
// `out` (translated and bypassed traffic) and `walker` (PTE reads, with the
// IOMMU's own StreamIdExtension). Bind `out` and `walker` to the interconnect
// (two initiator ports), so walks contend with DMA traffic and their latency
// emerges from the memory system; they may also be bound to one target each.
//
// Contexts and streams: contexts are numbered banks [0, contexts), each an
// IommuContext (format, root, ASID). A (port, stream ID) is bound to a context
// with bind_stream(); kAnyStream binds every stream of a port that has no
// binding of its own. The stream ID is the StreamIdExtension's (a transaction
// without one has stream kNoStream). A transaction whose (port, stream) has no
// bound context in use is bypassed or faults (IommuParams::unbound_stream).
// The TLB tags entries with (context bank, ASID, page): streams that share a
// context share its translations, as an SMMU's TLB is tagged by context.
//
// One transaction arriving at time t on port p (with sync_on_arrival, the
// thread first waits until t if another process could act before t; if none
// can, nothing but this thread can change the power state or the TLB first,
// and the answer is the same without the wait):
//   1. if the IOMMU cannot translate (its RpmDevice is not ACTIVE, or port p is
//      gated): bypass, abort or stall (IommuParams::power.when_suspended);
//   2. TLB lookup: every lookup costs the TLB hit latency (hit_latency_cycles x
//      the IOMMU clock), hit or miss; a miss is detected at t + hit latency;
//   3. on a miss: the thread syncs to the miss, takes a walk slot (waiting in
//      FIFO order if all are busy: walk queueing), and walks (IommuWalker: walk
//      cache lookup, then one PTE read through `walker` per remaining level); the
//      result goes into the TLB. A miss that waited for a slot first looks in
//      the TLB again (the walk it waited behind may have brought its page).
//      So a cold miss costs
//        hit latency + walk-cache lookup latency + sum of the PTE read latencies
//      and a walk-cache hit at level k reads levels() - k PTEs instead of levels();
//   4. permissions: a write to a read-only page (or a read of a write-only one)
//      is a permission fault;
//   5. the address becomes the physical one, the transaction goes out through
//      `out` at the translation's completion time, and the IOVA is restored.
// Faults (IommuFaultKind): the thread syncs to the detection time, a record
// goes into the fault log, the port's counter moves, the fault handler (the
// interrupt) runs in this thread in atomic context, and the master gets
// response_of(kind) with the delay up to the detection.
//
// Page crossing: a transaction whose bytes span more than one page of its
// translation is split at page boundaries, not refused, because a DMA burst of
// an unaligned copy may cross a 4 KiB boundary (the DmaChannel does not split
// bursts). Pieces are translated in address order, each after the previous
// one's translation (one TLB lookup per piece), and each piece goes downstream
// as soon as it is translated, so pieces overlap in the fabric; the transaction
// completes when its last piece does. The first piece with an error (a fault or
// a downstream error) ends it with that response; pieces before it have taken
// effect. Only a plain transaction can be split: one with byte enables or a
// streaming width below its length that crosses a page gets
// TLM_BURST_ERROR_RESPONSE (counted as a downstream error; nothing moves).
//
// Power (the IOMMU is a runtime-PM device; the constructor installs it as its
// RpmDevice's driver callbacks, chaining any the device had):
//   runtime_suspend: with power.save_context, reads back every context in use
//     (context_save_reads register accesses each) and waits that long; then
//     notes the domain's power-off count.
//   runtime_resume: if the IOMMU's PowerDomain (PowerDomain::of(device)) went
//     OFF since the suspend, the TLB and the walk cache were lost (cleared,
//     counted as a flush and a power loss). Then, unless power.retention kept
//     everything (retention on, domain never OFF, nothing programmed while
//     suspended), it restores: every context in use (context_writes) and every
//     stream binding (stream_binding_writes), plus a full TLB invalidation
//     (all_invalidation_writes, sync), waiting
//       (contexts x context_writes + bindings x stream_binding_writes
//        + all_invalidation_writes + sync_writes) x write_latency + sync_latency
//     and invalidating the TLB and the walk cache: the first accesses after such
//     a resume miss and walk. The first resume ever always restores.
//   The losses are applied when the IOMMU resumes (nothing can use the TLB in
//   between: a suspended IOMMU does not translate).
//
// Programming and invalidation (for the driver model) apply at once and return
// their register cost (IommuRegisterBlock) for the caller to spend. While the
// IOMMU is not ACTIVE they cost nothing (the registers are off; the Exynos
// driver only records the page table then) and are replayed by the next
// resume's restore; invalidations are still applied to the model, so no stale
// translation is ever used, and counted (invalidations_while_suspended).
//
// Hot path: b_transport, the TLB lookup and the walk allocate nothing and format
// nothing. transport_dbg translates with a timeless walk through the walker's
// transport_dbg (no TLB, statistics or faults) and moves at most to the end of
// the first page; get_direct_mem_ptr always refuses (every access is timed).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "wakesim/core/energy_ledger.h"
#include "wakesim/iommu/iommu_context.h"
#include "wakesim/iommu/iommu_fault.h"
#include "wakesim/iommu/iommu_fault_log.h"
#include "wakesim/iommu/iommu_params.h"
#include "wakesim/iommu/iommu_port_stats.h"
#include "wakesim/iommu/iommu_register_block.h"
#include "wakesim/iommu/iommu_stats.h"
#include "wakesim/iommu/iommu_walker.h"
#include "wakesim/iommu/iova_range.h"
#include "wakesim/iommu/tlb.h"
#include "wakesim/power/rpm_callbacks.h"

namespace wakesim {

class RpmDevice;

class Iommu : public sc_core::sc_module, public RpmCallbacks {
 public:
  using TargetSocket = tlm_utils::simple_target_socket_tagged<Iommu>;
  using InitiatorSocket = tlm_utils::simple_initiator_socket<Iommu>;

  // bind_stream()'s wildcard, and the stream of a transaction with no StreamIdExtension.
  static constexpr std::uint32_t kAnyStream = 0xffffffffu;
  static constexpr std::uint32_t kNoStream = 0xfffffffeu;

  sc_core::sc_vector<TargetSocket> port;
  InitiatorSocket out;
  InitiatorSocket walker;

  // Registers its energy accounts in `ledger` under name() ("event:tlb_lookup",
  // "event:walk_cache_lookup", "event:pte_read", "event:register_write"); with a
  // null ledger it keeps a private one. Installs itself as `device`'s driver
  // runtime PM callbacks. Throws std::invalid_argument for no ports, no
  // contexts, no walk slots, a zero fault-log capacity or a bad TLB or walk
  // cache geometry.
  Iommu(const sc_core::sc_module_name& name, const IommuParams& params, RpmDevice& device,
        EnergyLedger* ledger = nullptr);

  // --- programming (register writes) --------------------------------------------
  // Programs context bank `index` and drops whatever the TLB and walk cache hold
  // for it: (context_writes + asid_invalidation_writes + sync_writes) writes +
  // sync. Throws std::out_of_range for a bad index, std::invalid_argument for a
  // context without a format.
  IommuRegisterCost program_context(unsigned index, const IommuContext& context);
  // Takes bank `index` out of use (its streams become unbound) and drops its
  // entries; the same cost.
  IommuRegisterCost clear_context(unsigned index);
  // Binds (port, stream) (kAnyStream: every stream of the port without its own
  // binding) to context bank `context`, replacing an earlier binding:
  // stream_binding_writes writes. Throws std::out_of_range for a bad port or context.
  IommuRegisterCost bind_stream(unsigned port_index, std::uint32_t stream, unsigned context);
  // Removes the binding (if any): stream_binding_writes writes.
  IommuRegisterCost unbind_stream(unsigned port_index, std::uint32_t stream);

  // --- invalidation (register writes + sync) --------------------------------------
  // The TLB entries of context `context` (with its ASID) and the walk-cache
  // entries that overlap each range: one writes_per_page_invalidation per page of
  // each range (ceil(size / page_size)), then one sync for the batch (the
  // kernel's iotlb gather and sync).
  IommuRegisterCost invalidate_ranges(unsigned context, const std::vector<IovaRange>& ranges);
  IommuRegisterCost invalidate_range(unsigned context, const IovaRange& range);
  // Every context's entries tagged `asid`: asid_invalidation_writes + sync.
  IommuRegisterCost invalidate_asid(std::uint32_t asid);
  // Everything: all_invalidation_writes + sync.
  IommuRegisterCost invalidate_all();

  // --- power ----------------------------------------------------------------------
  // A gated port behaves as if the IOMMU were suspended, for that port only.
  void set_port_gated(unsigned port_index, bool gated);
  bool port_gated(unsigned port_index) const { return gated_.at(port_index) != 0; }
  // True while the IOMMU translates on this port: its RpmDevice is ACTIVE and the
  // port is not gated.
  bool translating(unsigned port_index) const;
  int runtime_suspend(RpmDevice& device) override;
  int runtime_resume(RpmDevice& device) override;

  // --- faults -----------------------------------------------------------------------
  void set_fault_handler(IommuFaultHandler handler) { fault_handler_ = std::move(handler); }
  const IommuFaultLog& fault_log() const { return fault_log_; }

  // --- state and statistics ---------------------------------------------------------
  const IommuParams& params() const { return params_; }
  const IommuContext& context(unsigned index) const { return contexts_.at(index); }
  unsigned contexts_in_use() const;
  std::size_t stream_bindings() const;
  // The context bank (port, stream) translates with, or -1 if none in use.
  int context_of(unsigned port_index, std::uint32_t stream) const;
  // Translation time of every transaction of (port, stream) since the stream was
  // first bound: TLB lookups, waits for a walk slot and walks, per translated
  // piece, summed (pieces of concurrent transactions overlap in time, so the sum
  // can exceed the wall time they took). Zero for a stream never bound; streams
  // translated through the kAnyStream binding add to kAnyStream's. A client
  // takes differences of it to attribute translation stalls to its DMA jobs.
  sc_core::sc_time translation_time(unsigned port_index, std::uint32_t stream) const;
  // Time during which at least one transaction of (port, stream) was held because
  // the IOMMU was suspended or the port gated (when_suspended: stall), summed:
  // wall time, so transactions held together by the same resume count once. A
  // client takes differences of it to count the hold in its jobs' pm_wait.
  sc_core::sc_time suspended_hold_time(unsigned port_index, std::uint32_t stream) const;
  Tlb& tlb() { return tlb_; }
  const Tlb& tlb() const { return tlb_; }
  const WalkCache& walk_cache() const { return page_walker_.walk_cache(); }
  const IommuWalker& page_walker() const { return page_walker_; }
  const IommuRegisterBlock& registers() const { return registers_; }
  const IommuPortStats& port_stats(unsigned port_index) const { return port_stats_.at(port_index); }
  IommuPortStats total_port_stats() const;  // every port's added up
  // Forgets every port's stats (translation_time() and suspended_hold_time(),
  // which clients difference per job, keep running).
  void reset_port_stats();
  const IommuStats& stats() const { return stats_; }
  RpmDevice& device() const { return device_; }
  EnergyLedger& ledger() { return ledger_; }

 private:
  struct StreamBinding {
    std::uint32_t stream;
    unsigned context;
  };
  // What the IOMMU needs to know about the transaction in hand.
  struct Access {
    unsigned port;
    std::uint32_t stream;
    std::uint32_t channel;
    bool write;
  };

  static const IommuParams& checked(const IommuParams& params);

  void b_transport(int id, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned int transport_dbg(int id, tlm::tlm_generic_payload& tx);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);

  Access describe(unsigned port_index, const tlm::tlm_generic_payload& tx) const;
  // Suspended or gated: false if the transaction was answered (bypass, abort).
  bool handle_untranslatable(const Access& access, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void stall(unsigned port_index, std::uint32_t stream, sc_core::sc_time& delay);
  void forward_untranslated(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay, IommuPortStats& stats,
                            bool violation);
  // translation_total: the stream's translation-time entry (may be null).
  void translate_and_forward(const Access& access, unsigned context, sc_core::sc_time* translation_total,
                             tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  // Translates `iova` at absolute time `at` (moved on to the translation's end).
  // False after a fault (raised, with tx's response set).
  bool translate(const Access& access, unsigned context, std::uint64_t iova, sc_core::sc_time& at,
                 TlbTranslation& translation, tlm::tlm_generic_payload& tx);
  bool walk(const Access& access, unsigned context, std::uint64_t iova, sc_core::sc_time& at,
            TlbTranslation& translation, tlm::tlm_generic_payload& tx);
  void raise_fault(IommuFaultKind kind, const Access& access, unsigned context, std::uint64_t iova, unsigned level,
                   const sc_core::sc_time& at, tlm::tlm_generic_payload& tx);
  // One piece [offset, offset + length) of tx to `address` at absolute time `at`;
  // returns its completion time.
  sc_core::sc_time forward_piece(tlm::tlm_generic_payload& tx, std::uint64_t address, std::uint64_t offset,
                                 unsigned length, bool split, const sc_core::sc_time& at);

  // Register costs: zero while the IOMMU is not ACTIVE (see the header).
  bool registers_powered() const;
  IommuRegisterCost program_cost(std::uint64_t writes, bool sync);
  IommuRegisterCost invalidation_cost(std::uint64_t writes);
  // Drops the TLB and walk-cache entries of one range; returns its register writes.
  std::uint64_t invalidate_entries(unsigned context, std::uint32_t asid, const IovaRange& range);
  void drop_context_entries(unsigned index);

  bool domain_went_off() const;
  void restore_contexts();
  void run_callback_code(const sc_core::sc_time& duration);

  IommuParams params_;
  RpmDevice& device_;
  RpmCallbacks* chained_callbacks_;
  std::unique_ptr<EnergyLedger> own_ledger_;
  EnergyLedger& ledger_;
  Tlb tlb_;
  IommuWalker page_walker_;
  IommuRegisterBlock registers_;
  IommuFaultLog fault_log_;
  IommuFaultHandler fault_handler_;

  std::vector<IommuContext> contexts_;
  std::vector<std::vector<StreamBinding>> bindings_;  // per port
  std::vector<char> gated_;                           // per port
  std::vector<IommuPortStats> port_stats_;
  // Per port: cumulative translation time by stream, an entry made at the first
  // bind_stream (kept after unbinding), so the hot path only adds to it.
  struct StreamTranslation {
    std::uint32_t stream;
    sc_core::sc_time time;
  };
  std::vector<std::vector<StreamTranslation>> translation_times_;
  sc_core::sc_time* translation_time_slot(unsigned port_index, std::uint32_t stream);
  // Per port: the wall time each stream's transactions were held in stall mode
  // (entries made at a stream's first stall: a cold path).
  struct StreamHold {
    std::uint32_t stream;
    unsigned held = 0;                               // transactions of the stream held now
    sc_core::sc_time since = sc_core::SC_ZERO_TIME;  // when `held` went from 0 to 1
    sc_core::sc_time total = sc_core::SC_ZERO_TIME;
  };
  std::vector<std::vector<StreamHold>> suspended_holds_;
  StreamHold& suspended_hold(unsigned port_index, std::uint32_t stream);
  // The hot path's memo of the last stream seen on each port: the context of
  // the binding that applies (-1: none; in_use() is still checked per
  // transaction) and its translation-time entry. bind_stream() and
  // unbind_stream() bump bindings_epoch_, which makes every memo stale.
  struct PortRoute {
    std::uint64_t epoch = 0;  // 0: never valid (bindings_epoch_ starts at 1)
    std::uint32_t stream = 0;
    int binding = -1;
    sc_core::sc_time* translation_total = nullptr;
  };
  const PortRoute& route_of(unsigned port_index, std::uint32_t stream);
  int binding_of(unsigned port_index, std::uint32_t stream) const;
  // `binding` if it names a context in use, else -1.
  int context_in_use(int binding) const;
  std::vector<PortRoute> routes_;
  std::uint64_t bindings_epoch_ = 1;
  sc_core::sc_event gate_opened_;

  // Runtime PM bookkeeping.
  bool suspend_recorded_ = false;
  unsigned long domain_offs_at_suspend_ = 0;
  bool programmed_while_suspended_ = false;
  IommuStats stats_;
};

}  // namespace wakesim

#pragma once
// Parameters of an IOMMU (Iommu) and the vocabulary of its configuration.
#include <cstddef>
#include <cstdint>

#include <systemc>

#include "wakesim/core/enum_names.h"
#include "wakesim/iommu/iommu_register_block.h"
#include "wakesim/iommu/iommu_walker.h"
#include "wakesim/iommu/tlb.h"

namespace wakesim {

// What an access does when it reaches the IOMMU while the IOMMU cannot translate
// it: its RpmDevice is not ACTIVE, or the access's port is gated (docs/architecture.md, 'Resume policies and IOMMU
// power bindings').
enum class IommuWhenSuspended {
  // Identity translation: forwarded untranslated, counted as an isolation
  // violation with its bytes (the Exynos SysMMU's pass-through when disabled).
  bypass,
  // TLM_GENERIC_ERROR_RESPONSE, counted as a fault (suspended_aborts); no fault
  // record and no interrupt: an IOMMU that is off raises none.
  abort,
  // Held until the IOMMU is ACTIVE and the port ungated, then translated; the
  // wait is counted (stalls, stall_time).
  stall,
};

// What a transaction whose (port, stream) has no context does.
enum class IommuUnboundStream {
  bypass,  // forwarded untranslated (an SMMU S2CR "bypass"): counted, not a violation
  fault,   // a context fault: fault record, interrupt, TLM_ADDRESS_ERROR_RESPONSE
};

inline constexpr auto kIommuWhenSuspendedNames =
    make_enum_names<IommuWhenSuspended>({{IommuWhenSuspended::bypass, "bypass"},
                                         {IommuWhenSuspended::abort, "abort"},
                                         {IommuWhenSuspended::stall, "stall"}});
inline constexpr auto kIommuUnboundStreamNames =
    make_enum_names<IommuUnboundStream>({{IommuUnboundStream::bypass, "bypass"}, {IommuUnboundStream::fault, "fault"}});

inline const char* to_string(IommuWhenSuspended mode) { return kIommuWhenSuspendedNames.name(mode); }
inline const char* to_string(IommuUnboundStream mode) { return kIommuUnboundStreamNames.name(mode); }

struct IommuPowerParams {
  IommuWhenSuspended when_suspended = IommuWhenSuspended::bypass;
  // Retention: the TLB, the walk cache and the registers survive a runtime
  // suspend as long as the IOMMU's power domain does not go OFF meanwhile (a
  // clock-gated block with retained SRAM), so a resume restores nothing. Without
  // it (the default, like the Exynos SysMMU) every runtime resume reprograms the
  // contexts and invalidates the whole TLB: every resume starts cold.
  bool retention = false;
  // runtime_suspend reads back each programmed context (OMAP saves its context)
  // at IommuRegisterParams::context_save_reads register accesses per context.
  bool save_context = false;
};

struct IommuParams {
  // Upstream target sockets, one per master path (Iommu::port[i]).
  unsigned ports = 1;
  // Context banks (arm-smmu: up to 128 in MMU-500; a SysMMU has one).
  unsigned contexts = 8;
  // The TLB; its clock_period is the IOMMU clock, which also times the walk
  // cache lookup.
  TlbParams tlb;
  IommuWalkerParams walker;
  IommuRegisterParams registers;
  IommuPowerParams power;
  IommuUnboundStream unbound_stream = IommuUnboundStream::bypass;
  // Fault records kept (a ring: the newest survive).
  std::size_t fault_log_capacity = 64;
  // Wait in b_transport until the transaction's local time before looking at
  // power state and the TLB, so the IOMMU sees its traffic in simulated-time
  // order whatever the initiators' quanta (docs/architecture.md, 'Timing model'), as the Interconnect's
  // sync_on_arrival does.
  bool sync_on_arrival = true;
};

}  // namespace wakesim

#pragma once
// IOMMU-wide statistics beside the per-port ones (IommuPortStats), the TLB's
// (TlbStats), the walk cache's (WalkCacheStats) and the walker's
// (IommuWalkerStats): programming, invalidation and power events.
#include <cstdint>

#include <systemc>

namespace wakesim {

struct IommuStats {
  std::uint64_t context_programs = 0;  // program_context() and clear_context()
  std::uint64_t stream_bindings = 0;   // bind_stream() and unbind_stream()
  std::uint64_t range_invalidations = 0;
  std::uint64_t asid_invalidations = 0;
  std::uint64_t all_invalidations = 0;
  // Programming or invalidation while the IOMMU was not ACTIVE: applied to the
  // model at once, no register writes, replayed by the next resume's restore.
  std::uint64_t programs_while_suspended = 0;
  std::uint64_t invalidations_while_suspended = 0;
  // Runtime PM.
  std::uint64_t resumes = 0;
  std::uint64_t context_restores = 0;  // resumes that reprogrammed and invalidated
  std::uint64_t retained_resumes = 0;  // resumes that found everything retained
  std::uint64_t context_saves = 0;
  std::uint64_t power_losses = 0;  // resumes after the domain went OFF
  sc_core::sc_time restore_time = sc_core::SC_ZERO_TIME;
  sc_core::sc_time save_time = sc_core::SC_ZERO_TIME;
};

}  // namespace wakesim

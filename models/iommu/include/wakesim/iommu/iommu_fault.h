#pragma once
// What the IOMMU reports when it refuses a transaction (a fault record, as an
// SMMU's FSR/FAR/FSYNR or a SysMMU's fault address register holds it), and the
// TLM response each kind gives the master.
#include <cstddef>
#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>

#include "wakesim/core/enum_names.h"
#include "wakesim/power/rpm_types.h"

namespace wakesim {

enum class IommuFaultKind {
  translation,  // an invalid PTE, or an IOVA beyond the format's input range
  permission,   // the page does not allow the access (a write to a read-only page)
  context,      // the stream has no context and unbound streams fault
  walk_abort,   // a PTE read got an error response (an external abort on the walk)
};
constexpr std::size_t kIommuFaultKinds = 4;

// "translation", "permission", "context", "walk_abort".
inline constexpr auto kIommuFaultKindNames =
    make_enum_names<IommuFaultKind>({{IommuFaultKind::translation, "translation"},
                                     {IommuFaultKind::permission, "permission"},
                                     {IommuFaultKind::context, "context"},
                                     {IommuFaultKind::walk_abort, "walk_abort"}});

inline const char* to_string(IommuFaultKind kind) { return kIommuFaultKindNames.name(kind); }

// The response the master gets for each kind:
//   translation, context -> TLM_ADDRESS_ERROR_RESPONSE (no translation for the address)
//   permission           -> TLM_COMMAND_ERROR_RESPONSE (the command is not allowed there)
//   walk_abort           -> TLM_GENERIC_ERROR_RESPONSE
tlm::tlm_response_status response_of(IommuFaultKind kind);

struct IommuFault {
  IommuFaultKind kind = IommuFaultKind::translation;
  unsigned port = 0;
  std::uint32_t stream = 0;
  std::uint32_t channel = 0;  // StreamIdExtension::kNoChannel if none
  std::uint32_t context = 0;  // the context bank (meaningless for `context` faults)
  std::uint64_t iova = 0;
  bool write = false;
  unsigned level = 0;                             // walk level where a translation fault was found
  sc_core::sc_time time = sc_core::SC_ZERO_TIME;  // when the IOMMU detected it
  // The fault interrupt's handler runs in atomic context.
  CallContext call_context = CallContext::atomic;
};

// The fault interrupt: called in the faulting transaction's thread, synced to
// IommuFault::time.
using IommuFaultHandler = std::function<void(const IommuFault&)>;

}  // namespace wakesim

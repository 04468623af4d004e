#include "wakesim/iommu/iommu_fault.h"

namespace wakesim {

tlm::tlm_response_status response_of(IommuFaultKind kind) {
  switch (kind) {
    case IommuFaultKind::translation:
    case IommuFaultKind::context: return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    case IommuFaultKind::permission: return tlm::TLM_COMMAND_ERROR_RESPONSE;
    case IommuFaultKind::walk_abort: return tlm::TLM_GENERIC_ERROR_RESPONSE;
  }
  return tlm::TLM_GENERIC_ERROR_RESPONSE;
}

}  // namespace wakesim

#include "wakesim/iommu/iommu_params.h"

namespace wakesim {

const char* to_string(IommuWhenSuspended mode) {
  switch (mode) {
    case IommuWhenSuspended::bypass: return "bypass";
    case IommuWhenSuspended::abort: return "abort";
    case IommuWhenSuspended::stall: return "stall";
  }
  return "?";
}

const char* to_string(IommuUnboundStream mode) {
  switch (mode) {
    case IommuUnboundStream::bypass: return "bypass";
    case IommuUnboundStream::fault: return "fault";
  }
  return "?";
}

}  // namespace wakesim

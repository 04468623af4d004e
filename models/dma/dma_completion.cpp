#include "wakesim/dma/dma_completion.h"

namespace wakesim {

const char* to_string(DmaKind kind) {
  switch (kind) {
    case DmaKind::memcpy: return "memcpy";
    case DmaKind::scatter_gather: return "scatter_gather";
    case DmaKind::cyclic: return "cyclic";
  }
  return "?";
}

const char* to_string(DmaStatus status) { return status == DmaStatus::ok ? "ok" : "error"; }

const char* to_string(DmaError error) {
  switch (error) {
    case DmaError::none: return "none";
    case DmaError::bus: return "bus";
    case DmaError::controller_suspended: return "controller_suspended";
  }
  return "?";
}

}  // namespace wakesim

#include "wakesim/power/rpm_types.h"

namespace wakesim {

const char* to_string(RpmStatus status) {
  switch (status) {
    case RpmStatus::active: return "active";
    case RpmStatus::resuming: return "resuming";
    case RpmStatus::suspended: return "suspended";
    case RpmStatus::suspending: return "suspending";
  }
  return "?";
}

const char* to_string(RpmRequest request) {
  switch (request) {
    case RpmRequest::none: return "none";
    case RpmRequest::idle: return "idle";
    case RpmRequest::suspend: return "suspend";
    case RpmRequest::autosuspend: return "autosuspend";
    case RpmRequest::resume: return "resume";
  }
  return "?";
}

const char* to_string(AutosuspendTimerSlack slack) {
  switch (slack) {
    case AutosuspendTimerSlack::expiry: return "expiry";
    case AutosuspendTimerSlack::range_end: return "range_end";
    case AutosuspendTimerSlack::uniform: return "uniform";
  }
  return "?";
}

}  // namespace wakesim

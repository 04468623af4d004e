#include "wakesim/drivers/resume_policy.h"

namespace wakesim {

CallContext default_pm_context(ResumePolicy policy) {
  switch (policy) {
    case ResumePolicy::async:
    case ResumePolicy::irq_safe: return CallContext::atomic;
    case ResumePolicy::sync:
    case ResumePolicy::always_on:
    case ResumePolicy::early: return CallContext::process;
  }
  return CallContext::process;
}

}  // namespace wakesim

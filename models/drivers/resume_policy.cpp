#include "wakesim/drivers/resume_policy.h"

namespace wakesim {

const char* to_string(ResumePolicy policy) {
  switch (policy) {
    case ResumePolicy::sync: return "sync";
    case ResumePolicy::async: return "async";
    case ResumePolicy::irq_safe: return "irq_safe";
    case ResumePolicy::always_on: return "always_on";
    case ResumePolicy::early: return "early";
  }
  return "?";
}

std::optional<ResumePolicy> parse_resume_policy(std::string_view text) {
  for (ResumePolicy policy : kResumePolicies)
    if (text == to_string(policy)) return policy;
  return std::nullopt;
}

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

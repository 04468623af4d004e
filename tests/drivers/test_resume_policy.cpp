// The resume policy vocabulary: names, parsing and the default context of each
// policy's per-job get.
#include <catch2/catch.hpp>

#include <string>

#include "wakesim/drivers/resume_policy.h"

using namespace wakesim;

TEST_CASE("every resume policy name parses back to its policy", "[drivers][policy]") {
  CHECK(std::string(to_string(ResumePolicy::sync)) == "sync");
  CHECK(std::string(to_string(ResumePolicy::async)) == "async");
  CHECK(std::string(to_string(ResumePolicy::irq_safe)) == "irq_safe");
  CHECK(std::string(to_string(ResumePolicy::always_on)) == "always_on");
  CHECK(std::string(to_string(ResumePolicy::early)) == "early");
  for (const auto& [policy, name] : kResumePolicyNames.entries())
    CHECK(parse_resume_policy(to_string(policy)) == policy);
}

TEST_CASE("parsing a resume policy is exact", "[drivers][policy]") {
  CHECK_FALSE(parse_resume_policy("").has_value());
  CHECK_FALSE(parse_resume_policy("Sync").has_value());
  CHECK_FALSE(parse_resume_policy("irq-safe").has_value());
  CHECK_FALSE(parse_resume_policy("sync ").has_value());
  CHECK_FALSE(parse_resume_policy("always").has_value());
}

TEST_CASE("async and irq_safe get from atomic context and the others from process context", "[drivers][policy]") {
  // pl330 resumes in issue_pending under the channel spinlock; sync and early are
  // the client's process context; always_on gets once, in probe.
  CHECK(default_pm_context(ResumePolicy::sync) == CallContext::process);
  CHECK(default_pm_context(ResumePolicy::async) == CallContext::atomic);
  CHECK(default_pm_context(ResumePolicy::irq_safe) == CallContext::atomic);
  CHECK(default_pm_context(ResumePolicy::always_on) == CallContext::process);
  CHECK(default_pm_context(ResumePolicy::early) == CallContext::process);
}

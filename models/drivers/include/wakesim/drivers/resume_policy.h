#pragma once
// How a DMA engine's driver keeps its controller powered around a transfer
// (docs/architecture.md, "DMA engine (pl330)", "Resume policies and IOMMU power bindings"):
// - sync:      pm_runtime_get_sync() from process context before submit; the
//              caller blocks for the whole resume chain.
// - async:     pm_runtime_get() from the atomic submit path (issue_pending under
//              a spinlock); the transfer waits in the channel until the resume
//              work on pm_wq has made the controller ACTIVE.
// - irq_safe:  pm_runtime_irq_safe() at setup (mainline pl330), so get_sync() is
//              legal in atomic context; the parent is pinned and a normal PM
//              domain never powers off (IRQ-01, IRQ-04).
// - always_on: one get_sync() at setup and never a put: no runtime PM.
// - early:     the resume moved out of the atomic submit path into the client's
//              process context, in one of the variants proposed for pl330
//              (EarlyResume): the client's own device linked to the controller
//              with DL_FLAG_PM_RUNTIME, a per-stream bracket (the SPI core's
//              auto_runtime_pm), or a helper thread / async get that overlaps the
//              resume with the data preparation.
// Every policy but always_on drops its reference with put_autosuspend() from the
// completion interrupt, as pl330's tasklet does.
#include <optional>
#include <string_view>

#include "wakesim/core/enum_names.h"
#include "wakesim/power/rpm_types.h"

namespace wakesim {

enum class ResumePolicy { sync, async, irq_safe, always_on, early };

// Every policy's name, in declaration order (for listings and "did you mean").
inline constexpr auto kResumePolicyNames = make_enum_names<ResumePolicy>({{ResumePolicy::sync, "sync"},
                                                                          {ResumePolicy::async, "async"},
                                                                          {ResumePolicy::irq_safe, "irq_safe"},
                                                                          {ResumePolicy::always_on, "always_on"},
                                                                          {ResumePolicy::early, "early"}});

inline const char* to_string(ResumePolicy policy) { return kResumePolicyNames.name(policy); }
// The inverse of to_string (exact, case-sensitive); nothing for any other text.
inline std::optional<ResumePolicy> parse_resume_policy(std::string_view text) { return kResumePolicyNames.parse(text); }

// The context the policy's per-job runtime-PM get runs in, unless a client
// overrides it: process for sync and early (the client's own thread), atomic for
// async and irq_safe (issue_pending under the channel spinlock, as in pl330),
// process for always_on (its only get is at setup, in probe).
CallContext default_pm_context(ResumePolicy policy);

}  // namespace wakesim

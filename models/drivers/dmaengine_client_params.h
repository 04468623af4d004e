#pragma once
// Parameters of a dmaengine client driver model (DmaengineClient).
#include <cstdint>
#include <optional>

#include <systemc>

#include "core/units.h"
#include "drivers/resume_policy.h"
#include "power/rpm_types.h"

namespace wakesim {

// How the `early` policy resumes the engine while the data is being prepared.
enum class EarlyResume {
  // A helper thread of the client calls pm_runtime_get_sync() from process
  // context (dmaengine_prepare() sleeping in, e.g., a kthread or async_schedule
  // work of the client), concurrently with the data preparation: the resume chain
  // runs at once, without pm_wq, and the submit waits for whatever part of it is
  // not yet done. The helper's own scheduling cost is not modelled.
  helper_get_sync,
  // The client calls pm_runtime_get() (async) when it starts preparing: the
  // resume runs on pm_wq (dispatch latency + chain) and the transfer stalls in
  // the channel for the part not yet done.
  async_get,
};

// What happens to a job larger than the source or destination region.
enum class OversizeJob {
  // Moved in full as one scatter-gather descriptor whose segments wrap around each
  // region (a ring): the destination is overwritten circularly, the time and
  // energy are those of `bytes` bytes.
  wrap,
  // Refused at the request: counted in `rejected` (and as a deadline miss if it
  // had a deadline); no runtime-PM call, no DMA.
  reject,
};

// When the client maps its buffers for DMA (through its BufferMapper, if it has
// one: a client whose path has no IOMMU has nothing to map).
enum class BufferMapping {
  // Once at probe, kept for the client's lifetime (dma_alloc_coherent buffers,
  // remoteproc's fixed carveouts).
  at_probe,
  // Around each job: mapped before the job's submit (dma_map_sg / a GPU binding
  // its buffer objects), unmapped unmap_delay after the last job using the mapping
  // completed (a GPU's retire worker freeing them), unless a new job comes first
  // and reuses it. The unmap runs in the client's process context.
  per_job,
};

// A buffer of the client in memory: [base, base + size).
struct DmaBufferRegion {
  std::uint64_t base = 0;
  ByteSize size{0};
};

struct DmaengineClientParams {
  ResumePolicy policy = ResumePolicy::sync;
  // The context of the policy's per-job get (get_sync for sync/irq_safe, get for
  // async, the helper's get for early); unset: default_pm_context(policy). A
  // sleeping get in atomic context on a device that is not irq-safe is the
  // kernel's might-sleep bug: sync with CallContext::atomic demonstrates it.
  std::optional<CallContext> pm_context;
  // Software work of the client producing the data of each job, in its process
  // context, before the job can be submitted.
  sc_core::sc_time data_prepare_time = sc_core::SC_ZERO_TIME;
  // Autosuspend set up on the controller's device at start (pl330:
  // PL330_AUTOSUSPEND_DELAY = 20 ms, KERNEL-PM.md DRV-04).
  bool use_autosuspend = true;
  sc_core::sc_time autosuspend_delay = sc_core::sc_time(20, sc_core::SC_MS);
  EarlyResume early_resume = EarlyResume::helper_get_sync;
  // Both regions must be non-empty and must not overlap.
  DmaBufferRegion source;
  DmaBufferRegion destination;
  OversizeJob oversize = OversizeJob::wrap;
  BufferMapping mapping = BufferMapping::at_probe;
  sc_core::sc_time unmap_delay = sc_core::SC_ZERO_TIME;  // per_job only
};

}  // namespace wakesim

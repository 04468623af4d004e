#pragma once
// Parameters of a dmaengine client driver model (DmaengineClient).
#include <cstdint>
#include <optional>

#include <systemc>

#include "wakesim/core/enum_names.h"
#include "wakesim/core/units.h"
#include "wakesim/drivers/resume_policy.h"
#include "wakesim/power/rpm_types.h"

namespace wakesim {

// How the `early` policy resumes the engine from the client's process context
// instead of the atomic submit path (the variants proposed on the list for pl330).
enum class EarlyResume {
  // The client is a runtime-PM device of its own, linked to the DMA controller
  // with DL_FLAG_PM_RUNTIME when it requests the channel (the last versions of the
  // pl330 runtime-PM series: the link replaces irq_safe and the driver's own
  // get/put). The client calls pm_runtime_get_sync(client) when it starts a job:
  // the core resumes the controller (and its suppliers) before the client
  // (rpm_resume -> rpm_get_suppliers), so the chain is in the caller's blocked
  // time; pm_runtime_put_autosuspend(client) at the completion. The controller
  // suspends when the client does (the link's idle request), with no autosuspend
  // of its own; the client's autosuspend is the client's autosuspend_delay.
  device_link,
  // A per-stream bracket: pm_runtime_get_sync(controller) when a stream starts
  // and pm_runtime_put_autosuspend when it stops, as the SPI core's
  // auto_runtime_pm does around its message queue (spi_pump_messages: get when
  // the queue goes from idle to busy, put when it empties) and Renesas sound per
  // PCM stream. A stream starts with a job that finds the client idle (nothing
  // queued, nothing in flight) and stops once the client has been idle for
  // stream_idle_gap (0: as soon as it empties, the SPI core's rule).
  stream,
  // A helper thread of the client calls pm_runtime_get_sync() from process
  // context (a kthread or async_schedule work of the client), concurrently with
  // the data preparation: the resume chain runs without pm_wq, and the submit
  // waits for whatever part of it is not yet done. The helper is a thread that
  // must be woken and scheduled first: helper_wakeup_latency.
  helper_thread,
  // The client calls pm_runtime_get() (async) when it starts preparing: the
  // resume runs on pm_wq (dispatch latency + chain) and the transfer stalls in
  // the channel for the part not yet done.
  async_get,
};

inline constexpr auto kEarlyResumeNames = make_enum_names<EarlyResume>({{EarlyResume::device_link, "device_link"},
                                                                        {EarlyResume::stream, "stream"},
                                                                        {EarlyResume::helper_thread, "helper_thread"},
                                                                        {EarlyResume::async_get, "async_get"}});

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

inline constexpr auto kOversizeJobNames =
    make_enum_names<OversizeJob>({{OversizeJob::wrap, "wrap"}, {OversizeJob::reject, "reject"}});

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

inline constexpr auto kBufferMappingNames =
    make_enum_names<BufferMapping>({{BufferMapping::at_probe, "at_probe"}, {BufferMapping::per_job, "per_job"}});

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
  // PL330_AUTOSUSPEND_DELAY = 20 ms, docs/kernel-semantics.md, DRV-04).
  bool use_autosuspend = true;
  sc_core::sc_time autosuspend_delay = sc_core::sc_time(20, sc_core::SC_MS);
  EarlyResume early_resume = EarlyResume::device_link;
  // helper_thread: the wakeup and scheduling of the helper before its get_sync
  // [assumed: a kthread wakeup on an idle CPU, like pm_wq's dispatch, 10-100 us].
  sc_core::sc_time helper_wakeup_latency = sc_core::sc_time(20, sc_core::SC_US);
  // stream: how long the client stays idle before its stream stops.
  sc_core::sc_time stream_idle_gap = sc_core::SC_ZERO_TIME;
  // Both regions must be non-empty and must not overlap.
  DmaBufferRegion source;
  DmaBufferRegion destination;
  OversizeJob oversize = OversizeJob::wrap;
  BufferMapping mapping = BufferMapping::at_probe;
  sc_core::sc_time unmap_delay = sc_core::SC_ZERO_TIME;  // per_job only
  // With CPUs (docs/cpu.md): the CPU the client's thread runs on; unset: the
  // platform's placement for clients.
  std::optional<unsigned> cpu;
  // A CPU latency QoS request the driver holds for its lifetime: for every CPU
  // (cpu_latency_qos_add_request, what drivers with a deadline use), or only for
  // the client's own CPU (that CPU device's resume latency constraint,
  // /sys/devices/system/cpu/cpuN/power/pm_qos_resume_latency_us). The cpuidle
  // governor keeps each constrained CPU out of states slower to leave.
  std::optional<sc_core::sc_time> cpu_latency_qos;
  std::optional<sc_core::sc_time> cpu_resume_latency_qos;
};

}  // namespace wakesim

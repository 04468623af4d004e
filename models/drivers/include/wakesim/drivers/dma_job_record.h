#pragma once
// One job of a dmaengine client from its request to its completion interrupt,
// with the times the latency breakdown (docs/architecture.md, 'Energy and latency accounting') is computed from.
//
//   arrival --queue--> started --prepare--> prepared --caller_blocked--> submitted
//   --queue (channel)--> dequeued --stalled + transfer + translation--> finished
//
// latency = finished - arrival
//         = prepare + queue + pm_wait + translation + interrupt + transfer, exactly, with
// - prepare:        the client producing the data (data_prepare_time);
// - queue:          waiting behind earlier jobs of this client: for the client's
//                   thread (started - arrival) and in the channel's descriptor
//                   queue (dequeued - submitted);
// - pm_wait:        the resume chain as this job paid it: caller_blocked (blocked
//                   in get_sync for sync/irq_safe, the part of an early resume not
//                   hidden by the preparation) + stalled (the channel waiting for
//                   the controller to become ACTIVE: async, early with async_get)
//                   + iommu_held (the job's bursts held by a suspended IOMMU in
//                   stall mode until it resumed: wall time, counted once however
//                   many bursts were held together).
//                   Time spent behind an earlier job that was itself waiting for
//                   the resume is queue, not pm_wait: each interval of a job's
//                   latency is attributed once. With per-job buffer mapping the
//                   map call is in caller_blocked too (through an IOMMU whose
//                   binding resumes it for the map, it is a resume chain);
// - translation:    IOMMU translation time of the job's bursts (TLB lookups, walk
//                   queueing, walks; summed over bursts, at most the time the
//                   descriptor ran; 0 without an IOMMU);
// - interrupt:      with CPUs, from the controller's completion to the client's
//                   callback: waking the IRQ's CPU, the hard IRQ and the tasklet
//                   (0 without CPUs: the callback runs at the completion);
// - transfer:       the rest: descriptor setup and the bursts.
#include <cstdint>

#include <systemc>

#include "wakesim/dma/dma_completion.h"
#include "wakesim/workload/job_request.h"

namespace wakesim {

struct DmaJobRecord {
  JobRequest request;
  DmaCookie cookie = 0;  // 0 when the job never reached the channel
  sc_core::sc_time started = sc_core::SC_ZERO_TIME;
  sc_core::sc_time prepared = sc_core::SC_ZERO_TIME;
  sc_core::sc_time submitted = sc_core::SC_ZERO_TIME;
  sc_core::sc_time dequeued = sc_core::SC_ZERO_TIME;
  sc_core::sc_time finished = sc_core::SC_ZERO_TIME;
  sc_core::sc_time stalled = sc_core::SC_ZERO_TIME;
  sc_core::sc_time translation = sc_core::SC_ZERO_TIME;
  sc_core::sc_time iommu_held = sc_core::SC_ZERO_TIME;
  sc_core::sc_time interrupt = sc_core::SC_ZERO_TIME;
  // Blocked in a get before producing the data (early with device_link or stream:
  // the client's own get_sync, or the stream's start): part of caller_blocked.
  sc_core::sc_time blocked_before_prepare = sc_core::SC_ZERO_TIME;
  DmaStatus status = DmaStatus::ok;
  DmaError error = DmaError::none;
  bool pm_failed = false;      // the policy's get returned an error: no DMA was issued
  bool wrapped = false;        // moved as a scatter-gather list wrapping the regions
  bool might_sleep = false;    // its get was a sleeping call in atomic context
  bool holds_mapping = false;  // per_job mapping: it counts among the mapping's users
  bool map_failed = false;     // per_job mapping: mapping its buffers failed, no DMA
  std::uint64_t bytes = 0;     // bytes the DMA wrote

  bool ok() const { return status == DmaStatus::ok; }
  sc_core::sc_time latency() const { return finished - request.arrival; }
  sc_core::sc_time prepare() const { return prepared - started - blocked_before_prepare; }
  sc_core::sc_time queue() const { return (started - request.arrival) + (dequeued - submitted); }
  sc_core::sc_time caller_blocked() const { return submitted - prepared + blocked_before_prepare; }
  sc_core::sc_time pm_wait() const { return caller_blocked() + stalled + iommu_held; }
  sc_core::sc_time transfer() const { return finished - dequeued - stalled - iommu_held - translation - interrupt; }
  bool has_deadline() const { return request.deadline != sc_core::SC_ZERO_TIME; }
  // A job with a deadline misses it when it failed or its interrupt came later.
  bool missed_deadline() const { return has_deadline() && (!ok() || finished > request.deadline); }
};

}  // namespace wakesim

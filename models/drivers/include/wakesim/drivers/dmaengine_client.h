#pragma once
// A dmaengine client driver (a SPI/audio/crypto driver using a DMA channel) and
// the runtime-PM policy of the DMA controller behind it (docs/architecture.md, 'DMA engine (pl330)',
// 'Resume policies and IOMMU power bindings'; docs/kernel-semantics.md, 'Sync and async resume',
// 'Autosuspend', 'irq_safe', DRV-04).
//
// The client owns one channel of a DmaController; the controller's RpmDevice is
// the device the policy manages. Traffic sources hand it JobRequests through
// sink(); it queues them and a single client thread (its process context) serves
// them in order. For each job, from max(arrival, the end of the previous job's
// submit):
//   1. early only: start resuming the engine (EarlyResume);
//   2. produce the data: data_prepare_time of software work;
//   3. the policy's get, in pm_context:
//        sync      get_sync (blocks for parent -> domain on -> resume callback);
//        async     get (returns at once; pm_wq resumes later);
//        irq_safe  get_sync, legal in atomic context on an irq-safe device;
//        always_on nothing (the reference taken at setup is never dropped);
//        early     wait for the helper's get_sync, or nothing after async_get;
//   4. prep (memcpy, or a wrapping scatter-gather list) + submit + issue_pending;
//      a channel whose controller is not ACTIVE holds the transfer (stall mode);
//   5. at the completion interrupt (atomic context, the channel's thread):
//      put_autosuspend, unless always_on; the job's record goes into the stats.
// The client does not wait for a completion before serving the next job: its
// jobs queue in the channel, each holding one runtime-PM reference.
//
// The request time is JobRequest::arrival, taken as the moment the client starts
// producing the data (the early policy resumes the engine then). JobRequest reads
// it as "the data is ready", which agrees when data_prepare_time is 0.
//
// Setup, at time 0 in the client's thread (pl330's probe): irq_safe() for the
// irq_safe policy (pins the parent; skipped if the device is irq-safe already);
// then, only if runtime PM is not enabled yet, set_autosuspend_delay +
// use_autosuspend and enable(); for always_on one get_sync() from process
// context, a reference never dropped. So several clients may share one
// controller: the first configures it (they should share its policy too, since
// irq_safe and autosuspend are properties of the device). Jobs that arrive
// during setup wait for it (as queue time).
//
// Buffers: a job moves `bytes` by its JobDirection, each region from the job's
// offset into it (JobRequest::offset modulo the region's size; 0 unless the
// workload addresses its jobs): copy from the source region to the destination
// region (memory to memory), read from the source region to the channel's
// peripheral (DMA_MEM_TO_DEV: memory reads only), write from the peripheral into
// the destination region (DMA_DEV_TO_MEM: memory writes only). A job larger than
// a region it touches wraps or is rejected (OversizeJob); one that fits but
// starts too close to a region's end wraps; an empty job is rejected.
//
// Buffer mapping (BufferMapper, set before the simulation starts; none: the
// path has no IOMMU): at setup, probe() (attach the IOMMU context), then with
// BufferMapping::at_probe map_buffers() once. With per_job, a job maps the
// buffers after its data is prepared and before the policy's get unless they are
// still mapped (the time blocked is caller_blocked, so pm_wait); when the last
// job using the mapping finishes, a helper thread unmaps them unmap_delay later
// from process context, unless a job took the mapping meanwhile. A job that
// finds an unmap in progress waits for it and maps again. A failed map fails
// the job without DMA.
//
// CPUs (docs/cpu.md; none: all of this is skipped and costs no time): the client
// thread runs on its CPU (params.cpu, or the platform's placement) and, after
// blocking for a request, waits for that CPU to wake; the data preparation keeps
// it busy. The completion interrupt runs on the IRQ CPU: the client's callback
// (put_autosuspend, the job's end) comes after that CPU's wakeup, the hard IRQ and
// the tasklet (DmaJobRecord::interrupt). The helper_thread helper runs on the
// pm_wq CPU, its wakeup latency being that CPU's time.
//
// Errors: a get that fails (anything below 0 but -EINPROGRESS, which async get
// returns while a resume is already running) is undone with put_noidle and the
// job fails without DMA (pm_errors); a DMA error completion fails the job. Failed
// and rejected jobs are counted, not put into the latency histograms.
#include <cerrno>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "wakesim/core/trace_sink.h"
#include "wakesim/dma/dma_controller.h"
#include "wakesim/drivers/buffer_mapper.h"
#include "wakesim/drivers/dma_job_record.h"
#include "wakesim/drivers/dmaengine_client_params.h"
#include "wakesim/drivers/dmaengine_client_stats.h"
#include "wakesim/workload/job_request.h"

namespace wakesim {

class Cpu;
class CpuSystem;
class RpmDevice;

class DmaengineClient : public sc_core::sc_module {
 public:
  // What the IOMMU on the job's path cost a completed descriptor: translation time
  // and the time its bursts were held by a suspended IOMMU (stall mode). Without a
  // probe (no IOMMU) both are 0.
  struct IommuPathTimes {
    sc_core::sc_time translation = sc_core::SC_ZERO_TIME;
    sc_core::sc_time suspended_hold = sc_core::SC_ZERO_TIME;
  };
  using TranslationProbe = std::function<IommuPathTimes(const DmaCompletion&)>;
  // Called with each finished job (completed or failed), after it is recorded.
  using JobObserver = std::function<void(const DmaJobRecord&)>;

  // Throws std::invalid_argument for a channel the controller lacks, an empty
  // region, overlapping regions, or a region that wraps the address space.
  DmaengineClient(const sc_core::sc_module_name& name, DmaController& controller, unsigned channel,
                  const DmaengineClientParams& params);

  // Where sources deliver their requests; never blocks.
  JobSink sink() {
    return [this](const JobRequest& request) { this->request(request); };
  }
  void request(const JobRequest& request);

  void set_translation_probe(TranslationProbe probe) { translation_probe_ = std::move(probe); }
  // Before the simulation starts; must outlive the client.
  void set_buffer_mapper(BufferMapper* mapper) { mapper_ = mapper; }
  // per_job: whether the buffers are mapped now.
  bool buffers_mapped() const { return map_state_ == MapState::mapped; }
  void set_job_observer(JobObserver observer) { observer_ = std::move(observer); }
  // Reports each finished job (completed or failed) to `sink` as one slice on a
  // slice track `track_name`, from its request to its end ("job", or "failed
  // job"), with its bytes, id, latency and latency parts as arguments and its
  // phases as children: queue (arrival -> started), prepare, pm_wait (the
  // submitting context blocked: caller_blocked), channel_queue (submitted ->
  // dequeued) and dma (dequeued -> finished: stalls, translation and transfer).
  // Empty phases are left out. Null detaches.
  void attach_trace(TraceSink* sink, const std::string& track_name);

  const DmaengineClientParams& params() const { return params_; }
  ResumePolicy policy() const { return params_.policy; }
  CallContext pm_context() const { return pm_context_; }
  DmaChannel& channel() { return channel_; }
  RpmDevice& device() { return device_; }
  // early with device_link: the client's own runtime-PM device (the consumer of
  // the controller's link); null otherwise.
  RpmDevice* client_device() { return client_device_.get(); }
  // early with stream: whether a stream holds the controller now.
  bool stream_open() const { return stream_open_; }
  const DmaengineClientStats& stats() const { return stats_; }
  // Forgets the stats; jobs in flight are recorded when they finish.
  void reset_stats() { stats_ = DmaengineClientStats{}; }
  // Jobs received and not yet finished (queued, being prepared, or in the channel).
  std::size_t outstanding() const { return pending_.size() + in_flight_.size() + callbacks_.size() + serving_; }
  // True once setup has run.
  bool ready() const { return ready_; }

 private:
  static const DmaengineClientParams& checked(const std::string& name, const DmaengineClientParams& params);
  static DmaChannel& channel_of(DmaController& controller, unsigned channel, const std::string& name);
  bool fits(const JobRequest& request) const;
  bool wraps(const JobRequest& request) const;

  void worker();
  void early_resumer();
  void stream_closer();
  bool uses(EarlyResume variant) const {
    return params_.policy == ResumePolicy::early && params_.early_resume == variant;
  }
  bool get_before_prepare(DmaJobRecord& job);
  void end_stream_if_idle();
  void setup_device();
  void probe_mapper();
  bool take_mapping(DmaJobRecord& job);
  void drop_mapping(const DmaJobRecord& job);
  void unmapper();
  void serve(const JobRequest& request, bool woken);
  void bind_to(Cpu& cpu);
  Cpu& client_cpu() const;
  void deliver_completion(const DmaJobRecord& job, CallContext context);
  void completion_worker();
  void start_early_resume();
  bool acquire(DmaJobRecord& job);
  int runtime_get(bool sync, bool& might_sleep);
  static bool get_succeeded(int result) { return result >= 0 || result == -EINPROGRESS; }
  void release(CallContext context);
  void submit(DmaJobRecord& job);
  DmaDescriptor* prepare_descriptor(const DmaJobRecord& job);
  void fail(DmaJobRecord& job, bool pm_failed);
  void on_complete(const DmaCompletion& completion);
  void finish(const DmaJobRecord& job);
  void trace_job(const DmaJobRecord& job);

  DmaengineClientParams params_;
  CallContext pm_context_;
  DmaChannel& channel_;
  RpmDevice& device_;
  std::unique_ptr<RpmDevice> client_device_;  // early with device_link
  TranslationProbe translation_probe_;
  JobObserver observer_;
  TraceSink* trace_ = nullptr;
  TraceSink::Track trace_track_ = 0;
  BufferMapper* mapper_ = nullptr;

  // per_job mapping: the state of the client's mapping and the jobs using it.
  enum class MapState { unmapped, mapping, mapped, unmapping };
  MapState map_state_ = MapState::unmapped;
  unsigned mapping_users_ = 0;
  sc_core::sc_event unmap_due_;
  sc_core::sc_event map_state_changed_;

  std::deque<JobRequest> pending_;
  std::deque<DmaJobRecord> in_flight_;  // submitted, in cookie order
  unsigned serving_ = 0;                // 1 while the thread holds a job
  std::vector<DmaSegment> segments_;    // reused by wrapping jobs
  sc_core::sc_event queued_;
  bool ready_ = false;

  // The early policy's resume started with the job: its get's result (for
  // helper_get_sync, once early_done_), and whether it was a might-sleep call.
  bool early_requested_ = false;
  bool early_done_ = true;
  int early_result_ = 0;
  bool early_might_sleep_ = false;
  sc_core::sc_event early_request_event_;
  sc_core::sc_event early_done_event_;

  // early with stream: the controller is held from a stream's start to its stop.
  bool stream_open_ = false;
  sc_core::sc_event stream_stop_due_;

  // With CPUs: completions waiting for their callback to run on the IRQ CPU.
  CpuSystem* cpus_ = nullptr;
  struct PendingCallback {
    DmaJobRecord job;
    CallContext context;
  };
  std::deque<PendingCallback> callbacks_;  // in completion order; due at job.finished
  sc_core::sc_event callback_due_;

  DmaengineClientStats stats_;
};

}  // namespace wakesim

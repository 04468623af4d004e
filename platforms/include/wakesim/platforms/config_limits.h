#pragma once
// Upper bounds on what a platform or scenario file may make the model allocate,
// so that `validate` and `run` of any accepted file stay within bounded memory
// (scenarios/README.md, 'Limits', lists them with the bounds checked elsewhere:
// DMA channels, outstanding bursts, IOMMU ports and contexts, walk slots, DRAM
// banks, pm_wq's max_active, CPUs per cluster, sweep points). Each is checked by
// the reader at the line of the value that passes it. The bounds are far above
// real hardware; what they keep out is a typo or a fuzzer's value that would take
// gigabytes.
#include <cstddef>
#include <cstdint>

namespace wakesim {

// Every DMA channel keeps latency histograms (about 60 KB), and every channel that
// moves data a buffer of max_outstanding x burst_size bytes.
inline constexpr std::size_t kMaxDmaControllers = 16;
inline constexpr std::size_t kMaxDmaPorts = 64;
inline constexpr std::uint64_t kMaxBurstBytes = std::uint64_t{256} << 10;          // 256 KiB
inline constexpr std::uint64_t kMaxChannelInFlightBytes = std::uint64_t{1} << 20;  // 1 MiB

// Every IOMMU port keeps two latency histograms; the TLB is allocated whole.
inline constexpr std::size_t kMaxIommus = 16;
inline constexpr std::size_t kMaxSegments = 64;  // interconnect segments, and bridges
inline constexpr std::int64_t kMaxDramChannels = 16;
inline constexpr std::uint64_t kMaxSlcBytes = std::uint64_t{64} << 20;  // its tags: 2 x 8 B per 64 B line
inline constexpr std::int64_t kMaxTlbEntries = 8192;
inline constexpr std::int64_t kMaxWalkCacheEntries = 8192;  // also allocated whole
// The fault ring is allocated whole (a record is a few dozen bytes).
inline constexpr std::int64_t kMaxFaultLogCapacity = 65536;
// Register accesses of one IOMMU operation (a count, not an allocation: a
// bound on what one map or resume may cost).
inline constexpr std::int64_t kMaxRegisterAccesses = 1024;

inline constexpr std::size_t kMaxDomains = 256;
inline constexpr std::size_t kMaxIdleStates = 16;  // of a power domain, a CPU, a CPU cluster
inline constexpr std::size_t kMaxCallbackPhases = 16;
inline constexpr std::size_t kMaxLinks = 1024;
// The CPUs of all clusters together (arm64's NR_CPUS default is 256 or 512).
inline constexpr std::uint64_t kMaxCpus = 256;

// Every client keeps several latency histograms, a DMA channel's buffers and the
// pages its jobs write: the simulated DRAM stores each page once it is written.
inline constexpr std::size_t kMaxClients = 64;
inline constexpr std::uint64_t kMaxBufferBytes = std::uint64_t{256} << 20;       // 256 MiB
inline constexpr std::uint64_t kMaxDestinationBytes = std::uint64_t{256} << 20;  // all clients together
// A job that wraps around a small buffer becomes a scatter-gather list of one
// segment per wrap.
inline constexpr std::uint64_t kMaxSegmentsPerJob = 65536;
// A closed-loop stream's jobs in flight: each one queued in the client and held
// as a descriptor by its channel.
inline constexpr std::int64_t kMaxStreamOutstanding = 4096;

}  // namespace wakesim

#pragma once
// Checks of a scenario's clients that check_scenario_against() runs once both the
// scenario and its platform are read, so that bad input is a ConfigError at the
// client's line before anything is elaborated or simulated, never an exception
// from a model's constructor, a silent address error at run time or a run that
// would not end.
#include <cstdint>

#include "wakesim/iommu/page_table_format.h"
#include "wakesim/platforms/platform_spec.h"
#include "wakesim/platforms/scenario_spec.h"

namespace wakesim {

// A run simulates at most this many job arrivals per client (hours of host time
// for 4 KiB jobs, enough for long runs); more is refused as a period far too
// short for the duration (1 ps over 1 s would take weeks).
inline constexpr std::uint64_t kMaxJobsPerClient = 1'000'000'000;

// Each client's source_buffer and destination_buffer: inside the 64-bit address
// space and inside the DRAM, clear of every IOMMU's page tables, the two apart,
// and the destination apart from every other client's buffers (sources may be
// shared). Throws ConfigError at the client, with the addresses in hex.
void check_client_buffers(const ScenarioSpec& scenario, const PlatformSpec& platform);
// Every client's `map_page_size` is a page size of the format of the IOMMU its
// channel goes through (ignored on a path without one).
void check_client_page_sizes(const ScenarioSpec& scenario, const PlatformSpec& platform);
// The leaf sizes the client's buffers may be mapped with (a bitmap, the
// domain's pgsize_bitmap): the format's, up to its `map_page_size`.
std::uint64_t map_page_sizes(const ClientSpec& client, const PageTableFormat& format);
// Every client's `cpu` names a CPU of the platform.
void check_client_cpus(const ScenarioSpec& scenario, const PlatformSpec& platform);

// What the traffic sources would refuse at construction (a job of 0B, a size range
// with min above max, a zero deadline, a jitter of 2^62 ps or more), more job
// arrivals than kMaxJobsPerClient, and a job that wraps around its buffers into
// more than kMaxSegmentsPerJob segments. Throws ConfigError at the client.
void check_client_workloads(const ScenarioSpec& scenario);

}  // namespace wakesim

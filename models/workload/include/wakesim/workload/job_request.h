#pragma once
// One unit of work a traffic source hands to a client driver: "move `bytes` now,
// finished by `deadline`". Generators (periodic, Poisson, bursty, trace replay)
// produce them at their arrival time; the driver model (models/drivers/) turns
// them into runtime-PM calls and DMA descriptors.
#include <cstdint>
#include <functional>

#include <systemc>

#include "wakesim/core/enum_names.h"

namespace wakesim {

enum class JobDirection { read, write, copy };

inline constexpr auto kJobDirectionNames = make_enum_names<JobDirection>(
    {{JobDirection::read, "read"}, {JobDirection::write, "write"}, {JobDirection::copy, "copy"}});

struct JobRequest {
  std::uint64_t id = 0;      // per source, from 0
  std::uint32_t client = 0;  // index of the client (driver instance) it is for
  // The request time: when the client starts producing the data. Latency is
  // measured from here, so a policy that overlaps the resume with producing the
  // data (early) is credited for it.
  sc_core::sc_time arrival;
  std::uint64_t bytes = 0;
  // Where the job starts: a byte offset from the base of each buffer it touches
  // (0: the buffer's base). Set by the source's JobAddressing or a trace's
  // `offset` column; the client wraps a job that runs past a buffer's end.
  std::uint64_t offset = 0;
  JobDirection direction = JobDirection::copy;
  // Absolute deadline; SC_ZERO_TIME means none.
  sc_core::sc_time deadline = sc_core::SC_ZERO_TIME;
};

// Where a source delivers its requests; called in the source's SystemC thread at
// the request's arrival time (so the sink may block only if it means to delay the
// source, which generators do not expect: sinks should queue and return).
using JobSink = std::function<void(const JobRequest&)>;

}  // namespace wakesim

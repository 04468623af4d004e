#pragma once
// Chrome Trace Event format (the JSON that ui.perfetto.dev and chrome://tracing
// open) from a recorded timeline.
//
// One JSON object: "displayTimeUnit", "otherData" (the TraceData's info) and
// "traceEvents", one event per line, in a fixed order (metadata, then each
// track's events in time order), so the same data gives the same bytes:
// - processes (pid): 1 "power domains", 2 "runtime PM devices", 3 "DMA clients",
//   4 "static power" (the total), named and sorted by "M" metadata events;
// - a thread (tid, from 1 in declaration order) per state track, and per lane of
//   a slice track (lane 1 takes the track's name, lane N "NAME lane N");
// - state slices and job slices as complete events "X" (ts and dur in
//   microseconds, exact decimals of the picosecond times); a job's children
//   follow it, so equal start times nest parent first; arguments in picoseconds
//   are written in microseconds with "_us" appended to the key;
// - counters as "C" events in their group's process, named after the counter,
//   with one argument named after the unit (Perfetto shows "pd_dma W"); the
//   total in process 4 as "total" {"W": ...}.
#include <cstdint>
#include <string>

#include "trace_data.h"

namespace wakesim {

std::string chrome_trace_json(const TraceData& data);

// Picoseconds as microseconds, the shortest exact decimal: 1500000 -> "1.5",
// 1 -> "0.000001", 0 -> "0".
std::string picoseconds_as_microseconds(std::uint64_t picoseconds);

}  // namespace wakesim

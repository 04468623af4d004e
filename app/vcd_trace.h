#pragma once
// A Value Change Dump (IEEE 1364 §18) of power states, for GTKWave and other
// waveform viewers, from a recorded timeline.
//
// $timescale 1ps; times are absolute simulated time. Scope "wakesim" holds
// scopes "domains" and "devices" with, per state track, an integer variable
// holding the state's index (a $comment lists each track's encoding, e.g.
// "pd_dma: 0=on 1=off") and, per counter, a real variable NAME_W; "total_W" (the
// sum of the counters) sits in "wakesim". Values at the window's start are under
// $dumpvars, then value changes under increasing #times, variables in
// declaration order within one time; a final #time marks the window's end. A
// gap between a state track's slices (only in hand-built data) reads as x.
// Names keep letters, digits and '_' (anything else becomes '_'). Job slices
// are not in the VCD.
#include <string>

#include "trace_data.h"

namespace wakesim {

std::string vcd_trace(const TraceData& data);

}  // namespace wakesim

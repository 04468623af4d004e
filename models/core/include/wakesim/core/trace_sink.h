#pragma once
// Where models report what a timeline trace shows (docs/architecture.md, 'Scenarios, runs, sweeps and checks'), in no
// format: app/ turns it into Chrome/Perfetto JSON and VCD. A model holds a TraceSink pointer, null unless tracing was
// asked for, and reports through it only when it is set, so an untraced run pays one pointer test per state change.
//
// Tracks and counters are declared once, when a model is attached to a sink:
// names and state names are handed over then. Events carry only the track's
// handle, a state index or a value, and the time in picoseconds, so reporting
// one formats no string and (for states and counters) allocates nothing.
//
// - A state track is in exactly one of its states at any time (a runtime PM
//   device's status, a power domain's on state or idle state); state() says it
//   changed at `at_ps`.
// - A counter has one value at a time (a component's static power in watts);
//   counter() says it changed.
// - A slice track receives finished intervals whole (a DMA job, from its request
//   to its completion interrupt), each with optional numeric arguments and child
//   intervals (its phases). Children lie inside their parent, in time order, and
//   do not overlap one another; slices of one track may overlap (queued jobs).
//
// Times reported on one track or counter never decrease (SystemC time does not).
// The sink must outlive the models attached to it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wakesim {

class TraceSink {
 public:
  // What a track belongs to; a writer groups tracks by it.
  enum class Group { power_domain, device, client };
  using Track = std::uint32_t;
  using Counter = std::uint32_t;

  struct Arg {
    enum class Unit { count, picoseconds };
    const char* key;  // a string with static storage duration
    std::uint64_t value;
    Unit unit = Unit::count;
  };

  struct Slice {
    std::string_view name;  // must stay valid for the slice() call only
    std::uint64_t begin_ps = 0;
    std::uint64_t end_ps = 0;  // >= begin_ps
    std::vector<Arg> args;
    std::vector<Slice> children;
  };

  virtual ~TraceSink() = default;

  // A state track starting in `states[initial]` at `now_ps`.
  virtual Track add_state_track(Group group, std::string name, std::vector<std::string> states, std::size_t initial,
                                std::uint64_t now_ps) = 0;
  virtual void state(Track track, std::size_t state, std::uint64_t at_ps) = 0;

  // A counter of `unit` (e.g. "W") with value `initial` from `now_ps`.
  virtual Counter add_counter(Group group, std::string name, std::string unit, double initial,
                              std::uint64_t now_ps) = 0;
  virtual void counter(Counter counter, double value, std::uint64_t at_ps) = 0;

  virtual Track add_slice_track(Group group, std::string name) = 0;
  virtual void slice(Track track, const Slice& slice) = 0;
};

}  // namespace wakesim

#pragma once
// The reservation timeline of one shared resource (a bus port, a DRAM data bus):
// how loosely-timed traffic still sees queueing and contention (docs/architecture.md, 'Timing model').
//
// The timeline holds the resource's booked busy intervals. A request that arrives
// at time t and needs the resource for d is booked into the earliest free gap that
// starts at or after t and is at least d long. When requests arrive in time order
// that gap is always at the end, so start = max(t, busy_until): a FIFO queue.
// Temporally decoupled initiators run ahead of SystemC time by different amounts,
// so requests can reach the resource out of time order; a late-arriving request
// (its initiator ran behind) then still uses idle time before the reservations of
// initiators that ran ahead, instead of queueing behind them, which keeps the
// answer close to the one at quantum 0.
//
// Times are picoseconds (SystemC's default resolution, as everywhere in wakesim).
// No request can arrive before the current SystemC time, so intervals that end by
// then are forgotten: memory is bounded by how far initiators run ahead. The
// interval vector grows to its high-water mark and then never allocates again.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace wakesim {

class ReservationTimeline {
 public:
  explicit ReservationTimeline(std::size_t initial_capacity = 64);

  // Books `duration_ps` at the earliest free start >= `earliest_ps` and returns
  // that start. Intervals that end at or before `now_ps` (no request can start
  // in them) are forgotten before the interval list grows. A zero duration
  // books nothing and starts at `earliest_ps`.
  std::uint64_t reserve(std::uint64_t earliest_ps, std::uint64_t duration_ps, std::uint64_t now_ps) {
    // Back-to-back traffic in time order (the common case): the request
    // arrives within the last interval and queues at its end, extending it.
    // Nothing is searched and nothing grows, so forgetting can wait.
    if (duration_ps != 0 && !intervals_.empty()) {
      Interval& last = intervals_.back();
      if (earliest_ps >= last.begin && earliest_ps <= last.end) {
        const std::uint64_t start = last.end;
        last.end = start + duration_ps;
        busy_until_ps_ = std::max(busy_until_ps_, last.end);
        busy_ps_ += duration_ps;
        return start;
      }
    }
    return reserve_elsewhere(earliest_ps, duration_ps, now_ps);
  }

  // The two halves of reserve(), for a request that needs several resources at
  // once: iterate earliest_fit() over them until they agree, then book() each.
  std::uint64_t earliest_fit(std::uint64_t earliest_ps, std::uint64_t duration_ps) const;
  // Books [start, start + duration). Throws std::logic_error if that is not free.
  void book(std::uint64_t start_ps, std::uint64_t duration_ps);
  void forget_before(std::uint64_t now_ps);

  // The end of the latest reservation ever booked (0 before the first).
  std::uint64_t busy_until_ps() const { return busy_until_ps_; }
  // Total time booked so far (for utilisation).
  std::uint64_t busy_ps() const { return busy_ps_; }
  // Intervals currently remembered (merged where they touch).
  std::size_t interval_count() const { return intervals_.size(); }

 private:
  struct Interval {
    std::uint64_t begin;
    std::uint64_t end;
  };
  using Iterator = std::vector<Interval>::iterator;
  using ConstIterator = std::vector<Interval>::const_iterator;

  ConstIterator first_ending_after(std::uint64_t time_ps) const;
  std::uint64_t reserve_elsewhere(std::uint64_t earliest_ps, std::uint64_t duration_ps, std::uint64_t now_ps);
  std::uint64_t append(std::uint64_t earliest_ps, std::uint64_t duration_ps);
  void merge_around(Iterator inserted);

  std::vector<Interval> intervals_;  // sorted, disjoint, never touching
  std::uint64_t busy_until_ps_ = 0;
  std::uint64_t busy_ps_ = 0;
};

}  // namespace wakesim

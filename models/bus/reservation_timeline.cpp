#include "wakesim/bus/reservation_timeline.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace wakesim {

ReservationTimeline::ReservationTimeline(std::size_t initial_capacity) { intervals_.reserve(initial_capacity); }

std::uint64_t ReservationTimeline::reserve_elsewhere(std::uint64_t earliest_ps, std::uint64_t duration_ps,
                                                     std::uint64_t now_ps) {
  forget_before(now_ps);  // leaves the last interval as it was, or none
  if (duration_ps != 0 && (intervals_.empty() || earliest_ps > intervals_.back().end))
    return append(earliest_ps, duration_ps);
  const std::uint64_t start = earliest_fit(earliest_ps, duration_ps);
  book(start, duration_ps);
  return start;
}

// A request arriving after the end of the last interval (reserve() extends the
// last interval itself when the request arrives within it): no gap before it
// can be used, so it starts on arrival, as a new last interval. The same answer
// as earliest_fit() + book(), without the searches.
std::uint64_t ReservationTimeline::append(std::uint64_t earliest_ps, std::uint64_t duration_ps) {
  intervals_.push_back(Interval{earliest_ps, earliest_ps + duration_ps});
  busy_until_ps_ = std::max(busy_until_ps_, earliest_ps + duration_ps);
  busy_ps_ += duration_ps;
  return earliest_ps;
}

ReservationTimeline::ConstIterator ReservationTimeline::first_ending_after(std::uint64_t time_ps) const {
  return std::partition_point(intervals_.begin(), intervals_.end(),
                              [time_ps](const Interval& i) { return i.end <= time_ps; });
}

std::uint64_t ReservationTimeline::earliest_fit(std::uint64_t earliest_ps, std::uint64_t duration_ps) const {
  if (duration_ps == 0) return earliest_ps;
  std::uint64_t start = earliest_ps;
  for (auto it = first_ending_after(earliest_ps); it != intervals_.end(); ++it) {
    if (start + duration_ps <= it->begin) return start;  // fits in the gap before *it
    start = std::max(start, it->end);
  }
  return start;
}

void ReservationTimeline::book(std::uint64_t start_ps, std::uint64_t duration_ps) {
  if (duration_ps == 0) return;
  const std::uint64_t end = start_ps + duration_ps;
  auto next = std::partition_point(intervals_.begin(), intervals_.end(),
                                   [start_ps](const Interval& i) { return i.begin < start_ps; });
  const bool overlaps_previous = next != intervals_.begin() && std::prev(next)->end > start_ps;
  const bool overlaps_next = next != intervals_.end() && next->begin < end;
  if (overlaps_previous || overlaps_next) {
    throw std::logic_error("ReservationTimeline::book: the interval is not free");
  }
  merge_around(intervals_.insert(next, Interval{start_ps, end}));
  busy_until_ps_ = std::max(busy_until_ps_, end);
  busy_ps_ += duration_ps;
}

// Keeps intervals from touching, so back-to-back traffic stays one interval.
void ReservationTimeline::merge_around(Iterator inserted) {
  Iterator it = inserted;
  if (it != intervals_.begin() && std::prev(it)->end == it->begin) {
    std::prev(it)->end = it->end;
    it = std::prev(intervals_.erase(it));
  }
  const Iterator next = std::next(it);
  if (next != intervals_.end() && next->begin == it->end) {
    it->end = next->end;
    intervals_.erase(next);
  }
}

void ReservationTimeline::forget_before(std::uint64_t now_ps) {
  // The two common cases without a search: nothing has ended yet, or everything has.
  if (intervals_.empty() || intervals_.front().end > now_ps) return;
  if (intervals_.back().end <= now_ps) {
    intervals_.clear();
    return;
  }
  intervals_.erase(intervals_.begin(), first_ending_after(now_ps));
}

}  // namespace wakesim

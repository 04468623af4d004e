#pragma once
// Checks of a statistics struct's += and == built on fields_of()
// (wakesim/core/field_sum.h): the list names every field, and a sum adds each
// field of the right-hand side to the same field of the left.
#include <catch2/catch.hpp>
#include <systemc>

#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "support/aggregate_field_count.h"
#include "wakesim/core/latency_histogram.h"

namespace wakesim::test {

// Field k gets k * scale: a count, picoseconds of a time, or one sample of that
// many picoseconds in a histogram; measure() reads it back.
inline void set_field(std::uint64_t& field, std::uint64_t value) { field = value; }
inline void set_field(sc_core::sc_time& field, std::uint64_t value) { field = sc_core::sc_time::from_value(value); }
inline void set_field(LatencyHistogram& field, std::uint64_t value) { field.record(value); }
inline long double measure(std::uint64_t field) { return static_cast<long double>(field); }
inline long double measure(const sc_core::sc_time& field) { return static_cast<long double>(field.value()); }
inline long double measure(const LatencyHistogram& field) { return field.sum(); }

template <class Stats>
Stats numbered_stats(std::uint64_t scale) {
  Stats stats;
  std::apply(
      [scale](auto&... field) {
        std::uint64_t k = 0;
        (set_field(field, ++k * scale), ...);
      },
      Stats::fields_of(stats));
  return stats;
}

template <class Stats>
constexpr std::size_t listed_field_count() {
  return std::tuple_size_v<decltype(Stats::fields_of(std::declval<Stats&>()))>;
}

// Every field of a + b is field k's 1 * k plus 1000 * k; a + {} is a; the sum
// differs from a.
template <class Stats>
void check_stats_sum() {
  static_assert(listed_field_count<Stats>() == aggregate_field_count<Stats>(),
                "fields_of() must list every field of the statistics struct");
  const Stats a = numbered_stats<Stats>(1);
  const Stats b = numbered_stats<Stats>(1000);
  Stats sum = a;
  sum += b;
  const std::vector<long double> fields = std::apply(
      [](const auto&... field) { return std::vector<long double>{measure(field)...}; }, Stats::fields_of(sum));
  for (std::size_t k = 1; k <= fields.size(); ++k) {
    CAPTURE(k);
    CHECK(fields[k - 1] == static_cast<long double>(1001 * k));
  }
  Stats same = a;
  same += Stats{};
  CHECK(same == a);
  CHECK_FALSE(sum == a);
}

}  // namespace wakesim::test

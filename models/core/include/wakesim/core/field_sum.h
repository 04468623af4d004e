#pragma once
// The += of a statistics struct, field by field: each struct lists its fields
// once, in a static fields_of(s) returning std::tie(s.a, s.b, ...), and its
// operator+= and operator== are add_fields() and tuple equality over that list.
// A test compares the list's length with the struct's field count, so a field
// added to the struct and not to the list fails to build the test.
#include <cstddef>
#include <tuple>
#include <utility>

namespace wakesim {

namespace detail {
template <class To, class From, std::size_t... I>
void add_fields(const To& to, const From& from, std::index_sequence<I...>) {
  ((std::get<I>(to) += std::get<I>(from)), ...);
}
}  // namespace detail

// Adds each field of `from` to the same field of `to` (two std::tie tuples of
// the same struct's fields).
template <class... To, class... From>
void add_fields(const std::tuple<To&...>& to, const std::tuple<From&...>& from) {
  static_assert(sizeof...(To) == sizeof...(From), "the same fields on both sides");
  detail::add_fields(to, from, std::index_sequence_for<To...>{});
}

}  // namespace wakesim

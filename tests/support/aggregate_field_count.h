#pragma once
// The number of fields of an aggregate (a parameter struct), in C++17 without
// reflection: the largest N for which T{f1, ..., fN} is well-formed with
// arguments that convert to anything. Each argument initialises one field,
// nested aggregates included (an argument converts to the nested struct itself,
// so no brace elision splits it), so this counts the direct fields. Only
// declared, never called: the conversion is used in unevaluated contexts. Not
// for structs with base classes or array fields (the parameter structs have
// neither).
#include <cstddef>
#include <type_traits>
#include <utility>

namespace wakesim::test {

struct AnyField {
  template <class T>
  operator T&() const&& noexcept;
};

template <class T, class Indices, class = void>
struct BraceInitializable : std::false_type {};

template <class T, std::size_t... I>
struct BraceInitializable<T, std::index_sequence<I...>, std::void_t<decltype(T{(void(I), AnyField{})...})>>
    : std::true_type {};

template <class T, std::size_t N = 0>
constexpr std::size_t aggregate_field_count() {
  static_assert(std::is_aggregate_v<T>, "counts the fields of an aggregate only");
  static_assert(N <= 64, "more than 64 fields: is this an aggregate?");
  if constexpr (!BraceInitializable<T, std::make_index_sequence<N + 1>>::value)
    return N;
  else
    return aggregate_field_count<T, N + 1>();
}

}  // namespace wakesim::test

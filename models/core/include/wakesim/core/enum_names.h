#pragma once
// One name table per enum: the report prints an enumerator with name() and a
// reader takes it back with parse() (ConfigNode::enum_or, as_enum), so each
// name is written once, next to its enum.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wakesim {

template <class E, std::size_t N>
class EnumNames {
 public:
  using Entry = std::pair<E, const char*>;

  constexpr explicit EnumNames(const std::array<Entry, N>& entries) : entries_(entries) {}

  // The enumerator's name, or "?" for a value the table does not list.
  constexpr const char* name(E value) const {
    for (const Entry& entry : entries_)
      if (entry.first == value) return entry.second;
    return "?";
  }

  // The enumerator named exactly `text` (case-sensitive), if any.
  constexpr std::optional<E> parse(std::string_view text) const {
    for (const Entry& entry : entries_)
      if (text == entry.second) return entry.first;
    return std::nullopt;
  }

  // The names in table order: the choices a reader offers and its errors list.
  std::vector<std::string> names() const {
    std::vector<std::string> all;
    all.reserve(N);
    for (const Entry& entry : entries_) all.emplace_back(entry.second);
    return all;
  }

  constexpr const std::array<Entry, N>& entries() const { return entries_; }
  static constexpr std::size_t size() { return N; }

 private:
  std::array<Entry, N> entries_;
};

namespace enum_names_detail {
template <class E, std::size_t N, std::size_t... I>
constexpr std::array<std::pair<E, const char*>, N> to_array(const std::pair<E, const char*> (&entries)[N],
                                                            std::index_sequence<I...>) {
  return {{entries[I]...}};
}
}  // namespace enum_names_detail

// make_enum_names<E>({{E::a, "a"}, {E::b, "b"}}): the table's size is counted.
template <class E, std::size_t N>
constexpr EnumNames<E, N> make_enum_names(const std::pair<E, const char*> (&entries)[N]) {
  return EnumNames<E, N>(enum_names_detail::to_array(entries, std::make_index_sequence<N>{}));
}

}  // namespace wakesim

#pragma once
// A view of one node of a ConfigDocument, with its dotted key path. Platforms and
// the app read typed values through it to fill the parameter structs of models.
//
// Reading is strict:
// - A key-based getter (duration("delay")) requires this node to be a map (an
//   empty value `dma0:` counts as an empty map). The required form throws when
//   the key is absent, at this map's position: "missing key 'delay' in 'dma0'".
//   The `_or` form returns the fallback only when the key is absent; a key that is
//   present but empty, mistyped or out of range is an error either way.
// - Reading a key marks it consumed; reading a child map or sequence marks only
//   its key, and the keys inside must be read one by one. Every key looked up
//   (present or not) becomes a "valid key" that ConfigDocument::finish() suggests
//   for a misspelt one.
// - Integers, reals and booleans must be plain (unquoted) scalars; strings,
//   choices and quantities with units may be quoted or not.
// - Key paths are dotted; sequence elements are numbered from 0: "domains.2.name".
// All errors are ConfigError at the position of the offending value.
//
// A ConfigNode points into its document: it must not outlive it.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wakesim/core/config_location.h"
#include "wakesim/core/enum_names.h"
#include "wakesim/core/units.h"

namespace wakesim {

struct ConfigTreeNode;
class EffectiveConfig;

class ConfigNode {
 public:
  static constexpr std::int64_t kIntegerMin = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kIntegerMax = std::numeric_limits<std::int64_t>::max();
  static constexpr double kRealMin = std::numeric_limits<double>::lowest();
  static constexpr double kRealMax = std::numeric_limits<double>::max();

  // Dotted path from the document's root ("" for the root itself).
  const std::string& path() const { return path_; }
  const ConfigLocation& location() const;

  bool is_null() const;
  bool is_scalar() const;
  bool is_map() const;
  bool is_sequence() const;

  // Throws a ConfigError at this node, for checks only the caller can make
  // (e.g. a name that refers to nothing).
  [[noreturn]] void fail(const std::string& message) const;

  // --- This node's own value -------------------------------------------------
  Duration as_duration() const;
  ByteSize as_size() const;
  Frequency as_frequency() const;
  Bandwidth as_bandwidth() const;
  Power as_power() const;
  Energy as_energy() const;
  // Decimal (no leading zeros: YAML 1.1 reads "010" as octal) or 0x-hexadecimal,
  // with optional sign, within [min, max].
  std::int64_t as_integer(std::int64_t min = kIntegerMin, std::int64_t max = kIntegerMax) const;
  // A finite number within [min, max] (.nan and .inf are rejected).
  double as_real(double min = kRealMin, double max = kRealMax) const;
  // `true` or `false`, nothing else (no yes/no/on/off).
  bool as_boolean() const;
  std::string as_string() const;
  // One of `choices`, exactly (case-sensitive).
  std::string as_choice(const std::vector<std::string>& choices) const;
  // The elements of a sequence (an empty value is an empty sequence).
  std::vector<ConfigNode> as_sequence() const;

  // --- Keys of this map ------------------------------------------------------
  // Whether the key is present. Does not consume it.
  bool has(std::string_view key) const;
  // The keys in document order, e.g. to read user-named components ("dma0").
  // Does not consume them.
  std::vector<std::string> keys() const;

  // The value of a key, whatever its kind.
  ConfigNode value(std::string_view key) const;
  std::optional<ConfigNode> optional_value(std::string_view key) const;
  // The value of a key, which must be a map (an empty value is an empty map).
  ConfigNode child(std::string_view key) const;
  std::optional<ConfigNode> optional_child(std::string_view key) const;
  // The elements of a sequence-valued key; sequence_or_empty() allows it absent.
  std::vector<ConfigNode> sequence(std::string_view key) const;
  std::vector<ConfigNode> sequence_or_empty(std::string_view key) const;

  Duration duration(std::string_view key) const;
  Duration duration_or(std::string_view key, Duration fallback) const;
  ByteSize size(std::string_view key) const;
  ByteSize size_or(std::string_view key, ByteSize fallback) const;
  Frequency frequency(std::string_view key) const;
  Frequency frequency_or(std::string_view key, Frequency fallback) const;
  Bandwidth bandwidth(std::string_view key) const;
  Bandwidth bandwidth_or(std::string_view key, Bandwidth fallback) const;
  Power power(std::string_view key) const;
  Power power_or(std::string_view key, Power fallback) const;
  Energy energy(std::string_view key) const;
  Energy energy_or(std::string_view key, Energy fallback) const;
  std::int64_t integer(std::string_view key, std::int64_t min = kIntegerMin, std::int64_t max = kIntegerMax) const;
  std::int64_t integer_or(std::string_view key, std::int64_t fallback, std::int64_t min = kIntegerMin,
                          std::int64_t max = kIntegerMax) const;
  double real(std::string_view key, double min = kRealMin, double max = kRealMax) const;
  double real_or(std::string_view key, double fallback, double min = kRealMin, double max = kRealMax) const;
  bool boolean(std::string_view key) const;
  bool boolean_or(std::string_view key, bool fallback) const;
  std::string string(std::string_view key) const;
  std::string string_or(std::string_view key, const std::string& fallback) const;
  std::string choice(std::string_view key, const std::vector<std::string>& choices) const;
  std::string choice_or(std::string_view key, const std::vector<std::string>& choices,
                        const std::string& fallback) const;
  // An enumerator by its name in `names` (enum_names.h); the errors are those of
  // as_choice / choice / choice_or, listing the names in table order.
  template <class E, std::size_t N>
  E as_enum(const EnumNames<E, N>& names) const {
    return *names.parse(as_choice(names.names()));
  }
  template <class E, std::size_t N>
  E enum_value(std::string_view key, const EnumNames<E, N>& names) const {
    return *names.parse(choice(key, names.names()));
  }
  template <class E, std::size_t N>
  E enum_or(std::string_view key, const EnumNames<E, N>& names, E fallback) const {
    return *names.parse(choice_or(key, names.names(), names.name(fallback)));
  }

 private:
  friend class ConfigDocument;
  ConfigNode(ConfigTreeNode& node, std::string path, EffectiveConfig* effective)
      : node_(&node), path_(std::move(path)), effective_(effective) {}
  // Notes a value this node returned (or a fallback used for `key` under it).
  template <typename Value>
  Value used(Value value) const;
  template <typename Value>
  Value used_default(std::string_view key, Value fallback) const;

  std::string child_path(std::string_view segment) const;
  // Looks the key up (noting it as requested) and marks it consumed if present.
  std::optional<ConfigNode> take(std::string_view key) const;
  ConfigNode take_required(std::string_view key) const;
  void require_map(std::string_view expected) const;
  // The scalar's text; throws "expected <expected>, found ..." for anything else.
  const std::string& scalar_text(std::string_view expected) const;
  const std::string& plain_scalar_text(std::string_view expected) const;
  template <typename Quantity>
  Quantity parse_quantity(std::string_view expected, Quantity (*parse)(std::string_view)) const;

  ConfigTreeNode* node_;
  std::string path_;
  EffectiveConfig* effective_;
};

}  // namespace wakesim

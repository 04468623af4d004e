#include "wakesim/core/config_node.h"

#include "wakesim/core/effective_config.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <system_error>

#include <fmt/format.h>

#include "wakesim/core/config_error.h"
#include "wakesim/core/config_tree_node.h"
#include "wakesim/core/printable_text.h"
#include "wakesim/core/spelling.h"

namespace wakesim {

namespace {

nlohmann::json effective_value(const Duration& v) { return format(v); }
nlohmann::json effective_value(const ByteSize& v) { return format(v); }
nlohmann::json effective_value(const Frequency& v) { return format(v); }
nlohmann::json effective_value(const Bandwidth& v) { return format(v); }
nlohmann::json effective_value(const Power& v) { return format(v); }
nlohmann::json effective_value(const Energy& v) { return format(v); }
nlohmann::json effective_value(std::int64_t v) { return v; }
nlohmann::json effective_value(double v) { return v; }
nlohmann::json effective_value(bool v) { return v; }
nlohmann::json effective_value(const std::string& v) { return v; }

}  // namespace

template <typename Value>
Value ConfigNode::used(Value value) const {
  if (effective_) effective_->record(path_, effective_value(value));
  return value;
}

template <typename Value>
Value ConfigNode::used_default(std::string_view key, Value fallback) const {
  if (effective_) effective_->record(child_path(key), effective_value(fallback));
  return fallback;
}

namespace {

using Kind = ConfigTreeNode::Kind;

const char* describe_kind(const ConfigTreeNode& node) {
  switch (node.kind) {
    case Kind::null: return "an empty value";
    case Kind::scalar: return "a scalar";
    case Kind::map: return "a map";
    case Kind::sequence: return "a sequence";
  }
  return "?";
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : ", ") + word;
  return joined;
}

// "in [0, 255]", ">= 1" or "<= 10": the bounds the caller set, leaving out open ends.
template <typename Number>
std::string describe_range(Number min, Number max, Number lowest, Number highest) {
  if (min != lowest && max == highest) return fmt::format(">= {}", min);
  if (min == lowest && max != highest) return fmt::format("<= {}", max);
  return fmt::format("in [{}, {}]", min, max);
}

struct ParsedInteger {
  bool negative = false;
  std::uint64_t magnitude = 0;
  bool too_large = false;  // more than 64 bits of magnitude
};

// Parses [+-](digits | 0x hexdigits); nothing when the text is not an integer.
std::optional<ParsedInteger> parse_integer_text(std::string_view text) {
  ParsedInteger parsed;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    parsed.negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  // Leading zeros are refused: YAML 1.1 readers take "010" as octal.
  if (text.empty() || (base == 10 && text.size() > 1 && text[0] == '0')) return std::nullopt;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, parsed.magnitude, base);
  if (stop != end) return std::nullopt;
  if (error == std::errc::result_out_of_range)
    parsed.too_large = true;
  else if (error != std::errc())
    return std::nullopt;
  return parsed;
}

// The value if it fits an int64.
std::optional<std::int64_t> to_int64(const ParsedInteger& parsed) {
  constexpr std::uint64_t max_magnitude = static_cast<std::uint64_t>(ConfigNode::kIntegerMax);
  if (parsed.too_large) return std::nullopt;
  if (!parsed.negative) {
    if (parsed.magnitude > max_magnitude) return std::nullopt;
    return static_cast<std::int64_t>(parsed.magnitude);
  }
  if (parsed.magnitude > max_magnitude + 1) return std::nullopt;
  if (parsed.magnitude == max_magnitude + 1) return ConfigNode::kIntegerMin;
  return -static_cast<std::int64_t>(parsed.magnitude);
}

// YAML's spellings of NaN and infinity (and the C ones from_chars would accept).
bool names_non_finite(std::string_view text) {
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
  if (!text.empty() && text.front() == '.') text.remove_prefix(1);
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "nan" || lower == "inf" || lower == "infinity";
}

enum class RealParse { ok, not_a_number, out_of_range };

// Parses a decimal floating-point number (with optional sign and exponent).
RealParse parse_real_text(std::string_view text, double& value) {
  // from_chars takes no '+' sign.
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return RealParse::not_a_number;
  }
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || stop != end) return RealParse::not_a_number;
  if (error == std::errc::result_out_of_range) return RealParse::out_of_range;
  if (error != std::errc()) return RealParse::not_a_number;
  return RealParse::ok;
}

}  // namespace

const ConfigLocation& ConfigNode::location() const { return node_->location; }
bool ConfigNode::is_null() const { return node_->kind == Kind::null; }
bool ConfigNode::is_scalar() const { return node_->kind == Kind::scalar; }
bool ConfigNode::is_map() const { return node_->kind == Kind::map; }
bool ConfigNode::is_sequence() const { return node_->kind == Kind::sequence; }

void ConfigNode::fail(const std::string& message) const { throw ConfigError(node_->location, path_, message); }

std::string ConfigNode::child_path(std::string_view segment) const {
  return path_.empty() ? std::string(segment) : path_ + "." + std::string(segment);
}

// --- Node kinds ----------------------------------------------------------------

void ConfigNode::require_map(std::string_view expected) const {
  if (node_->kind != Kind::map && node_->kind != Kind::null)
    fail(fmt::format("expected {}{}, found {}", expected, path_.empty() ? " at the top level" : "",
                     describe_kind(*node_)));
}

// Every value read goes through here, so this is where names (and every other
// text) are checked for control characters.
const std::string& ConfigNode::scalar_text(std::string_view expected) const {
  if (node_->kind != Kind::scalar) fail(fmt::format("expected {}, found {}", expected, describe_kind(*node_)));
  if (const std::optional<std::size_t> at = first_control_character(node_->text))
    fail(describe_control_character("the value", node_->text, *at));
  return node_->text;
}

const std::string& ConfigNode::plain_scalar_text(std::string_view expected) const {
  const std::string& text = scalar_text(expected);
  if (!node_->plain)
    fail(fmt::format("expected {}, found the quoted string {} (remove the quotes)", expected, in_quotes(text)));
  return text;
}

// --- This node's own value -------------------------------------------------------

template <typename Quantity>
Quantity ConfigNode::parse_quantity(std::string_view expected, Quantity (*parse)(std::string_view)) const {
  const std::string& text = scalar_text(expected);
  try {
    return parse(text);
  } catch (const UnitError& error) {
    fail(error.what());
  }
}

Duration ConfigNode::as_duration() const { return used(parse_quantity("a duration", &parse_duration)); }
ByteSize ConfigNode::as_size() const { return used(parse_quantity("a size", &parse_size)); }
Frequency ConfigNode::as_frequency() const { return used(parse_quantity("a frequency", &parse_frequency)); }
Bandwidth ConfigNode::as_bandwidth() const { return used(parse_quantity("a bandwidth", &parse_bandwidth)); }
Power ConfigNode::as_power() const { return used(parse_quantity("a power", &parse_power)); }
Energy ConfigNode::as_energy() const { return used(parse_quantity("an energy", &parse_energy)); }

std::int64_t ConfigNode::as_integer(std::int64_t min, std::int64_t max) const {
  const std::string& text = plain_scalar_text("an integer");
  const std::optional<ParsedInteger> parsed = parse_integer_text(text);
  if (!parsed) fail(fmt::format("{} is not an integer", in_quotes(text)));
  const std::optional<std::int64_t> value = to_int64(*parsed);
  // Beyond 64 bits, an open end of the range is the violated one: print both ends.
  if (!value) fail(fmt::format("{} is out of range: must be in [{}, {}]", in_quotes(text), min, max));
  if (*value < min || *value > max)
    fail(fmt::format("{} is out of range: must be {}", in_quotes(text),
                     describe_range(min, max, kIntegerMin, kIntegerMax)));
  return used(*value);
}

double ConfigNode::as_real(double min, double max) const {
  const std::string& text = plain_scalar_text("a number");
  if (names_non_finite(text)) fail(fmt::format("{} is not a finite number", in_quotes(text)));
  double value = 0.0;
  const RealParse result = parse_real_text(text, value);
  if (result == RealParse::not_a_number) fail(fmt::format("{} is not a number", in_quotes(text)));
  if (result == RealParse::out_of_range || value < min || value > max)
    fail(fmt::format("{} is out of range: must be {}", in_quotes(text), describe_range(min, max, kRealMin, kRealMax)));
  return used(value);
}

bool ConfigNode::as_boolean() const {
  const std::string& text = plain_scalar_text("true or false");
  if (text == "true") return used(true);
  if (text == "false") return used(false);
  fail(fmt::format("expected true or false, found {}", in_quotes(text)));
}

std::string ConfigNode::as_string() const { return used(scalar_text("a string")); }

std::string ConfigNode::as_choice(const std::vector<std::string>& choices) const {
  const std::string& text = scalar_text("one of (" + join(choices) + ")");
  for (const std::string& choice : choices)
    if (choice == text) return used(text);
  std::string message = fmt::format("{} is not one of: {}", in_quotes(text), join(choices));
  if (auto suggestion = closest_match(text, choices))
    message += fmt::format("; did you mean {}?", in_quotes(*suggestion));
  fail(message);
}

std::vector<ConfigNode> ConfigNode::as_sequence() const {
  if (node_->kind != Kind::sequence && node_->kind != Kind::null)
    fail(fmt::format("expected a sequence, found {}", describe_kind(*node_)));
  std::vector<ConfigNode> elements;
  elements.reserve(node_->elements.size());
  for (std::size_t i = 0; i < node_->elements.size(); ++i)
    elements.push_back(ConfigNode(*node_->elements[i], child_path(std::to_string(i)), effective_));
  return elements;
}

// --- Keys of this map --------------------------------------------------------------

bool ConfigNode::has(std::string_view key) const {
  require_map("a map");
  node_->note_requested(key);
  return node_->find(key) != nullptr;
}

std::vector<std::string> ConfigNode::keys() const {
  require_map("a map");
  std::vector<std::string> keys;
  for (const ConfigTreeNode::MapEntry& entry : node_->entries) keys.push_back(entry.key);
  return keys;
}

std::optional<ConfigNode> ConfigNode::take(std::string_view key) const {
  require_map("a map");
  node_->note_requested(key);
  ConfigTreeNode::MapEntry* entry = node_->find(key);
  if (!entry) return std::nullopt;
  entry->consumed = true;
  return ConfigNode(*entry->value, child_path(key), effective_);
}

ConfigNode ConfigNode::take_required(std::string_view key) const {
  if (std::optional<ConfigNode> found = take(key)) return *found;
  const std::string where = path_.empty() ? "at the top level" : "in " + in_quotes(path_);
  throw ConfigError(node_->location, child_path(key), fmt::format("missing key {} {}", in_quotes(key), where));
}

ConfigNode ConfigNode::value(std::string_view key) const { return take_required(key); }
std::optional<ConfigNode> ConfigNode::optional_value(std::string_view key) const { return take(key); }

ConfigNode ConfigNode::child(std::string_view key) const {
  ConfigNode found = take_required(key);
  found.require_map("a map");
  return found;
}

std::optional<ConfigNode> ConfigNode::optional_child(std::string_view key) const {
  std::optional<ConfigNode> found = take(key);
  if (found) found->require_map("a map");
  return found;
}

std::vector<ConfigNode> ConfigNode::sequence(std::string_view key) const { return take_required(key).as_sequence(); }

std::vector<ConfigNode> ConfigNode::sequence_or_empty(std::string_view key) const {
  std::optional<ConfigNode> found = take(key);
  return found ? found->as_sequence() : std::vector<ConfigNode>{};
}

// Each typed key getter: the required form, and the form with a fallback for an
// absent key.
#define WAKESIM_CONFIG_KEY_GETTERS(Type, name, as_name)                                      \
  Type ConfigNode::name(std::string_view key) const { return take_required(key).as_name(); } \
  Type ConfigNode::name##_or(std::string_view key, Type fallback) const {                    \
    std::optional<ConfigNode> found = take(key);                                             \
    return found ? found->as_name() : used_default(key, fallback);                           \
  }

WAKESIM_CONFIG_KEY_GETTERS(Duration, duration, as_duration)
WAKESIM_CONFIG_KEY_GETTERS(ByteSize, size, as_size)
WAKESIM_CONFIG_KEY_GETTERS(Frequency, frequency, as_frequency)
WAKESIM_CONFIG_KEY_GETTERS(Bandwidth, bandwidth, as_bandwidth)
WAKESIM_CONFIG_KEY_GETTERS(Power, power, as_power)
WAKESIM_CONFIG_KEY_GETTERS(Energy, energy, as_energy)
WAKESIM_CONFIG_KEY_GETTERS(bool, boolean, as_boolean)
#undef WAKESIM_CONFIG_KEY_GETTERS

std::int64_t ConfigNode::integer(std::string_view key, std::int64_t min, std::int64_t max) const {
  return take_required(key).as_integer(min, max);
}

std::int64_t ConfigNode::integer_or(std::string_view key, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max) const {
  std::optional<ConfigNode> found = take(key);
  return found ? found->as_integer(min, max) : used_default(key, fallback);
}

double ConfigNode::real(std::string_view key, double min, double max) const {
  return take_required(key).as_real(min, max);
}

double ConfigNode::real_or(std::string_view key, double fallback, double min, double max) const {
  std::optional<ConfigNode> found = take(key);
  return found ? found->as_real(min, max) : used_default(key, fallback);
}

std::string ConfigNode::string(std::string_view key) const { return take_required(key).as_string(); }

std::string ConfigNode::string_or(std::string_view key, const std::string& fallback) const {
  std::optional<ConfigNode> found = take(key);
  return found ? found->as_string() : used_default(key, fallback);
}

std::string ConfigNode::choice(std::string_view key, const std::vector<std::string>& choices) const {
  return take_required(key).as_choice(choices);
}

std::string ConfigNode::choice_or(std::string_view key, const std::vector<std::string>& choices,
                                  const std::string& fallback) const {
  std::optional<ConfigNode> found = take(key);
  return found ? found->as_choice(choices) : used_default(key, fallback);
}

}  // namespace wakesim

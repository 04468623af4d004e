#include "wakesim/core/units.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <optional>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace wakesim {
namespace {

// ---------------------------------------------------------------------------
// Unit tables: one per quantity.
// ---------------------------------------------------------------------------

enum class UnitUse {
  print,   // accepted, listed in error messages, and used by format()
  accept,  // accepted and listed, never printed (KB, bit/s, GiB/s ...)
  hidden,  // accepted only: another spelling of a listed unit (µs for us)
};

// One unit is worth 10^power_of_ten * 2^power_of_two of the quantity's base unit
// (the picosecond for durations, the byte for sizes, the SI unit otherwise).
struct Unit {
  std::string_view symbol;
  int power_of_ten;
  int power_of_two;
  UnitUse use;
};

constexpr UnitUse kPrint = UnitUse::print;
constexpr UnitUse kAccept = UnitUse::accept;
constexpr UnitUse kHidden = UnitUse::hidden;

// µ is accepted both as the micro sign U+00B5 ("\xC2\xB5" in UTF-8) and as the
// Greek mu U+03BC ("\xCE\xBC").
constexpr Unit kDurationUnits[] = {
    {"s", 12, 0, kPrint},         {"ms", 9, 0, kPrint}, {"us", 6, 0, kPrint}, {"\xC2\xB5s", 6, 0, kHidden},
    {"\xCE\xBCs", 6, 0, kHidden}, {"ns", 3, 0, kPrint}, {"ps", 0, 0, kPrint},
};

constexpr Unit kSizeUnits[] = {
    {"B", 0, 0, kPrint},    {"kB", 3, 0, kPrint},   {"KB", 3, 0, kAccept},  {"MB", 6, 0, kPrint},
    {"GB", 9, 0, kPrint},   {"TB", 12, 0, kPrint},  {"KiB", 0, 10, kPrint}, {"MiB", 0, 20, kPrint},
    {"GiB", 0, 30, kPrint}, {"TiB", 0, 40, kPrint},
};

// The size units followed by /s, then bit rates (one bit is 2^-3 bytes).
constexpr Unit kBandwidthUnits[] = {
    {"B/s", 0, 0, kPrint},      {"kB/s", 3, 0, kPrint},     {"KB/s", 3, 0, kAccept},   {"MB/s", 6, 0, kPrint},
    {"GB/s", 9, 0, kPrint},     {"TB/s", 12, 0, kPrint},    {"KiB/s", 0, 10, kAccept}, {"MiB/s", 0, 20, kAccept},
    {"GiB/s", 0, 30, kAccept},  {"TiB/s", 0, 40, kAccept},  {"bit/s", 0, -3, kAccept}, {"kbit/s", 3, -3, kAccept},
    {"Mbit/s", 6, -3, kAccept}, {"Gbit/s", 9, -3, kAccept},
};

constexpr Unit kFrequencyUnits[] = {
    {"Hz", 0, 0, kPrint},
    {"kHz", 3, 0, kPrint},
    {"MHz", 6, 0, kPrint},
    {"GHz", 9, 0, kPrint},
};

constexpr Unit kPowerUnits[] = {
    {"W", 0, 0, kPrint},           {"kW", 3, 0, kPrint},          {"mW", -3, 0, kPrint}, {"uW", -6, 0, kPrint},
    {"\xC2\xB5W", -6, 0, kHidden}, {"\xCE\xBCW", -6, 0, kHidden}, {"nW", -9, 0, kPrint}, {"pW", -12, 0, kPrint},
};

constexpr Unit kEnergyUnits[] = {
    {"J", 0, 0, kPrint},           {"mJ", -3, 0, kPrint}, {"uJ", -6, 0, kPrint},  {"\xC2\xB5J", -6, 0, kHidden},
    {"\xCE\xBCJ", -6, 0, kHidden}, {"nJ", -9, 0, kPrint}, {"pJ", -12, 0, kPrint}, {"fJ", -15, 0, kPrint},
};

// A view of one unit table (C++17 has no std::span).
struct UnitList {
  const Unit* first;
  std::size_t count;
  template <std::size_t N>
  constexpr UnitList(const Unit (&units)[N]) : first(units), count(N) {}
  constexpr const Unit* begin() const { return first; }
  constexpr const Unit* end() const { return first + count; }
};

struct Quantity {
  std::string_view with_article;  // "a duration"
  std::string_view example;       // "20ms"
  std::string_view si_unit;       // "s": for zero and non-finite values in format()
  UnitList units;
  // For the exact (integer) quantities only:
  std::string_view whole_unit_name;  // "picoseconds"
  std::string_view resolution_note;  // appended to the not-a-whole-number error
  std::string_view largest_value;    // the largest representable value, in words
};

constexpr Quantity kDuration{"a duration",
                             "20ms",
                             "s",
                             kDurationUnits,
                             "picoseconds",
                             " (the time resolution is 1 ps)",
                             "18446744073709551615 ps (about 213 days)"};
constexpr Quantity kSize{
    "a size", "64KiB", "B", kSizeUnits, "bytes", "", "18446744073709551615 bytes (just under 16 EiB)"};
constexpr Quantity kFrequency{"a frequency", "400MHz", "Hz", kFrequencyUnits, "", "", ""};
constexpr Quantity kBandwidth{"a bandwidth", "12.8GB/s", "B/s", kBandwidthUnits, "", "", ""};
constexpr Quantity kPower{"a power", "2.5mW", "W", kPowerUnits, "", "", ""};
constexpr Quantity kEnergy{"an energy", "8.5pJ", "J", kEnergyUnits, "", "", ""};

constexpr const Quantity* kAllQuantities[] = {&kDuration, &kSize, &kFrequency, &kBandwidth, &kPower, &kEnergy};

// ---------------------------------------------------------------------------
// Unit lookup and error text.
// ---------------------------------------------------------------------------

[[noreturn]] void fail(const std::string& message) { throw UnitError(message); }

std::string quoted(std::string_view text) { return fmt::format("'{}'", text); }

const Unit* find_unit(const Quantity& quantity, std::string_view symbol) {
  for (const Unit& unit : quantity.units) {
    if (unit.symbol == symbol) return &unit;
  }
  return nullptr;
}

const Quantity* quantity_with_unit(std::string_view symbol) {
  for (const Quantity* quantity : kAllQuantities) {
    if (find_unit(*quantity, symbol) != nullptr) return quantity;
  }
  return nullptr;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// A listed unit of `quantity` that differs from `symbol` only in letter case.
const Unit* find_unit_ignoring_case(const Quantity& quantity, std::string_view symbol) {
  for (const Unit& unit : quantity.units) {
    if (unit.use != UnitUse::hidden && equal_ignoring_ascii_case(unit.symbol, symbol)) {
      return &unit;
    }
  }
  return nullptr;
}

// "a duration needs one of s, ms, us, ns, ps"
std::string valid_units_sentence(const Quantity& quantity) {
  std::string list;
  for (const Unit& unit : quantity.units) {
    if (unit.use == UnitUse::hidden) continue;
    if (!list.empty()) list += ", ";
    list += unit.symbol;
  }
  return fmt::format("{} needs one of {}", quantity.with_article, list);
}

std::string how_to_write(const Quantity& quantity) {
  return fmt::format("write {} as a number followed by a unit, e.g. {}", quantity.with_article, quantity.example);
}

// ---------------------------------------------------------------------------
// Splitting text into a decimal number and a unit.
// ---------------------------------------------------------------------------

// digits x 10^exponent, exactly. `digits` has no leading or trailing zeros, so it
// is empty for zero and short for values like 1.000000000000000000000.
struct Decimal {
  std::string digits;
  long long exponent = 0;
  bool is_zero() const { return digits.empty(); }
};

struct NumberAndUnit {
  Decimal number;
  const Unit* unit;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t count_digits(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && is_digit(text[end])) ++end;
  return end - from;
}

// Reads an exponent's digits, saturating far beyond any meaningful value.
long long read_saturated(std::string_view digits) {
  constexpr long long kSaturation = 1'000'000'000;
  long long value = 0;
  for (char c : digits) {
    value = std::min(kSaturation, value * 10 + (c - '0'));
  }
  return value;
}

void strip_insignificant_zeros(Decimal& number) {
  const std::size_t first = number.digits.find_first_not_of('0');
  if (first == std::string::npos) {
    number.digits.clear();
    number.exponent = 0;
    return;
  }
  const std::size_t last = number.digits.find_last_not_of('0');
  number.exponent += static_cast<long long>(number.digits.size() - 1 - last);
  number.digits = number.digits.substr(first, last + 1 - first);
}

// Reads `digits[.digits][(e|E)[+|-]digits]` from the start of `text`; `length`
// receives the number of characters read (0 if `text` does not start with a digit).
// A '.' or 'e' not followed by digits is left unread, for the caller to reject.
Decimal read_decimal(std::string_view text, std::size_t& length) {
  Decimal number;
  std::size_t pos = count_digits(text, 0);
  number.digits = std::string(text.substr(0, pos));
  if (pos == 0) {
    length = 0;
    return number;
  }
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t fraction_length = count_digits(text, pos + 1);
    if (fraction_length > 0) {
      number.digits += text.substr(pos + 1, fraction_length);
      number.exponent -= static_cast<long long>(fraction_length);
      pos += 1 + fraction_length;
    }
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    std::size_t exponent_start = pos + 1;
    const bool has_sign = exponent_start < text.size() && (text[exponent_start] == '+' || text[exponent_start] == '-');
    const bool negative_exponent = has_sign && text[exponent_start] == '-';
    if (has_sign) ++exponent_start;
    const std::size_t exponent_length = count_digits(text, exponent_start);
    if (exponent_length > 0) {
      const long long magnitude = read_saturated(text.substr(exponent_start, exponent_length));
      number.exponent += negative_exponent ? -magnitude : magnitude;
      pos = exponent_start + exponent_length;
    }
  }
  length = pos;
  strip_insignificant_zeros(number);
  return number;
}

bool starts_like_a_number_part(std::string_view rest) {
  if (rest.empty()) return false;
  const char c = rest[0];
  if (is_digit(c) || c == '.' || c == ',' || c == '_' || c == '+' || c == '-') return true;
  return (c == 'e' || c == 'E') && rest.size() > 1 && (is_digit(rest[1]) || rest[1] == '+' || rest[1] == '-');
}

bool starts_with_non_finite(std::string_view text) {
  if (!text.empty() && text.front() == '.') text.remove_prefix(1);  // YAML's .nan and .inf
  return equal_ignoring_ascii_case(text.substr(0, 3), "nan") || equal_ignoring_ascii_case(text.substr(0, 3), "inf");
}

const Unit& resolve_unit(std::string_view text, std::string_view symbol, const Quantity& quantity) {
  if (symbol.empty()) {
    fail(fmt::format("{} has no unit; {}", quoted(text), valid_units_sentence(quantity)));
  }
  if (const Unit* unit = find_unit(quantity, symbol)) return *unit;
  if (const Quantity* other = quantity_with_unit(symbol)) {
    fail(fmt::format("{} is {}, not {}; {}", quoted(text), other->with_article, quantity.with_article,
                     valid_units_sentence(quantity)));
  }
  if (const Unit* near_miss = find_unit_ignoring_case(quantity, symbol)) {
    fail(fmt::format("{} has an unknown unit '{}' (units are case-sensitive: did you mean '{}'?); {}", quoted(text),
                     symbol, near_miss->symbol, valid_units_sentence(quantity)));
  }
  fail(fmt::format("{} has an unknown unit '{}'; {}", quoted(text), symbol, valid_units_sentence(quantity)));
}

// Checks the syntax of `text` and splits it; throws UnitError on any problem
// except the value's range, which depends on the quantity's representation.
NumberAndUnit split_number_and_unit(std::string_view text, const Quantity& quantity) {
  if (text.empty()) {
    fail(fmt::format("empty text is not {}; {}", quantity.with_article, how_to_write(quantity)));
  }
  const bool negative = text[0] == '-';
  const std::string_view unsigned_text = negative ? text.substr(1) : text;
  if (starts_with_non_finite(unsigned_text)) {
    fail(fmt::format("{} is not a finite number; {} must be finite", quoted(text), quantity.with_article));
  }
  std::size_t number_length = 0;
  Decimal number = read_decimal(unsigned_text, number_length);
  if (number_length == 0) {
    fail(fmt::format("{} is not {}; {}", quoted(text), quantity.with_article, how_to_write(quantity)));
  }
  std::string_view rest = unsigned_text.substr(number_length);
  if (starts_like_a_number_part(rest)) {
    fail(fmt::format("{} has a malformed number; {}", quoted(text), how_to_write(quantity)));
  }
  if (negative) {
    fail(fmt::format("{} is negative; {} cannot be negative", quoted(text), quantity.with_article));
  }
  if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  if (!rest.empty() && std::isspace(static_cast<unsigned char>(rest[0]))) {
    fail(fmt::format("{} is not {}: at most one space may separate the number and the unit", quoted(text),
                     quantity.with_article));
  }
  return {std::move(number), &resolve_unit(text, rest, quantity)};
}

// ---------------------------------------------------------------------------
// Exact quantities: decimal -> whole number of base units, with no rounding.
// ---------------------------------------------------------------------------

// `digits` (most significant first) times a small factor, in decimal.
std::string multiply_decimal_digits(const std::string& digits, std::uint64_t factor) {
  std::string product(digits.size(), '0');
  std::uint64_t carry = 0;
  for (std::size_t i = digits.size(); i-- > 0;) {
    const std::uint64_t value = static_cast<std::uint64_t>(digits[i] - '0') * factor + carry;
    product[i] = static_cast<char>('0' + value % 10);
    carry = value / 10;
  }
  for (; carry > 0; carry /= 10) product.insert(product.begin(), static_cast<char>('0' + carry % 10));
  return product;
}

// The integer `digits`, or nothing if it does not fit in 64 bits.
std::optional<std::uint64_t> to_uint64(std::string_view digits) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t value = 0;
  for (char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

[[noreturn]] void fail_too_large(std::string_view text, const Quantity& quantity) {
  fail(fmt::format("{} is too large; {} can be at most {}", quoted(text), quantity.with_article,
                   quantity.largest_value));
}

std::uint64_t exact_value(std::string_view text, const Quantity& quantity) {
  const NumberAndUnit parsed = split_number_and_unit(text, quantity);
  if (parsed.number.is_zero()) return 0;
  // value = digits x 2^power_of_two x 10^exponent, all exact.
  std::string digits = multiply_decimal_digits(parsed.number.digits, std::uint64_t{1} << parsed.unit->power_of_two);
  const long long exponent = parsed.number.exponent + parsed.unit->power_of_ten;
  constexpr std::size_t kMaxUint64Digits = 20;
  if (exponent < 0) {
    const auto fraction_digits = static_cast<unsigned long long>(-exponent);
    const bool whole = fraction_digits < digits.size() &&
                       digits.find_first_not_of('0', digits.size() - fraction_digits) == std::string::npos;
    if (!whole) {
      fail(fmt::format("{} is not a whole number of {}{}", quoted(text), quantity.whole_unit_name,
                       quantity.resolution_note));
    }
    digits.resize(digits.size() - fraction_digits);
  } else if (static_cast<unsigned long long>(exponent) <= kMaxUint64Digits) {
    digits.append(static_cast<std::size_t>(exponent), '0');
  } else {
    fail_too_large(text, quantity);
  }
  const std::optional<std::uint64_t> value = to_uint64(digits);
  if (!value) fail_too_large(text, quantity);
  return *value;
}

std::uint64_t unit_size(const Unit& unit) {
  std::uint64_t size = std::uint64_t{1} << unit.power_of_two;
  for (int i = 0; i < unit.power_of_ten; ++i) size *= 10;
  return size;
}

// `value` in `unit` if that is at least 1 and has at most 3 decimals, e.g. "1.5ns".
std::optional<std::string> format_exactly_in(std::uint64_t value, const Unit& unit) {
  const std::uint64_t size = unit_size(unit);
  const std::uint64_t whole = value / size;
  const std::uint64_t remainder = value % size;  // < 2^40, so * 1000 cannot overflow
  if (whole == 0 || (remainder * 1000) % size != 0) return std::nullopt;
  std::string text = fmt::format("{}", whole);
  if (remainder != 0) {
    std::string thousandths = fmt::format("{:03}", remainder * 1000 / size);
    thousandths.erase(thousandths.find_last_not_of('0') + 1);
    text += "." + thousandths;
  }
  return text + std::string(unit.symbol);
}

// Within the decimal units and within the binary units (power_of_two > 0) the
// largest that prints exactly; of the two the shorter text, binary on a tie.
std::string format_exact(std::uint64_t value, const Quantity& quantity) {
  if (value == 0) return fmt::format("0{}", quantity.si_unit);
  std::optional<std::string> best[2];  // [0]: decimal units, [1]: binary units
  std::uint64_t best_unit_size[2] = {0, 0};
  for (const Unit& unit : quantity.units) {
    if (unit.use != UnitUse::print) continue;
    const int family = unit.power_of_two > 0 ? 1 : 0;
    if (unit_size(unit) <= best_unit_size[family]) continue;
    if (std::optional<std::string> text = format_exactly_in(value, unit)) {
      best[family] = std::move(text);
      best_unit_size[family] = unit_size(unit);
    }
  }
  if (!best[1]) return *best[0];  // the base unit always prints exactly
  if (!best[0]) return *best[1];
  return best[1]->size() <= best[0]->size() ? *best[1] : *best[0];
}

// ---------------------------------------------------------------------------
// Double quantities: decimal -> nearest double, in one rounding.
// ---------------------------------------------------------------------------

[[noreturn]] void fail_too_large_for_double(std::string_view text, const Quantity& quantity) {
  fail(fmt::format("{} is too large; {} must be below about 1.8e308 {}", quoted(text), quantity.with_article,
                   quantity.si_unit));
}

[[noreturn]] void fail_too_small_for_double(std::string_view text, const Quantity& quantity) {
  fail(fmt::format("{} is too small to represent as {} (it would round to zero)", quoted(text), quantity.with_article));
}

double real_value(std::string_view text, const Quantity& quantity) {
  const NumberAndUnit parsed = split_number_and_unit(text, quantity);
  if (parsed.number.is_zero()) return 0.0;
  // The unit's power of ten joins the exponent so from_chars rounds only once;
  // scaling by its power of two afterwards is exact.
  const long long exponent = parsed.number.exponent + parsed.unit->power_of_ten;
  const std::string scaled = fmt::format("{}e{}", parsed.number.digits, exponent);
  double value = 0.0;
  const auto [end, error] = std::from_chars(scaled.data(), scaled.data() + scaled.size(), value);
  static_cast<void>(end);
  if (error == std::errc::result_out_of_range) {
    const long long leading_digit_exponent = exponent + static_cast<long long>(parsed.number.digits.size()) - 1;
    if (leading_digit_exponent >= 0) fail_too_large_for_double(text, quantity);
    fail_too_small_for_double(text, quantity);
  }
  value = std::ldexp(value, parsed.unit->power_of_two);
  if (!std::isfinite(value)) fail_too_large_for_double(text, quantity);
  if (value == 0.0) fail_too_small_for_double(text, quantity);
  return value;
}

// The shortest decimal that reads back as `value` (finite and positive).
Decimal shortest_decimal(double value) {
  char buffer[32];  // "-2.2250738585072014e-308" is the longest
  const auto [end, error] = std::to_chars(std::begin(buffer), std::end(buffer), value, std::chars_format::scientific);
  static_cast<void>(error);  // the buffer is large enough
  std::size_t length = 0;
  return read_decimal(std::string_view(buffer, static_cast<std::size_t>(end - buffer)), length);
}

// The power of ten of the leading digit: 2 for 250, -3 for 0.0025.
long long leading_exponent(const Decimal& number) {
  return number.exponent + static_cast<long long>(number.digits.size()) - 1;
}

// The printed unit with the largest power of ten not above the number, or the
// smallest printed unit.
const Unit& unit_for(const Decimal& number, const Quantity& quantity) {
  const Unit* largest_fitting = nullptr;
  const Unit* smallest = nullptr;
  for (const Unit& unit : quantity.units) {
    if (unit.use != UnitUse::print) continue;
    if (smallest == nullptr || unit.power_of_ten < smallest->power_of_ten) smallest = &unit;
    if (unit.power_of_ten <= leading_exponent(number) &&
        (largest_fitting == nullptr || unit.power_of_ten > largest_fitting->power_of_ten)) {
      largest_fitting = &unit;
    }
  }
  return largest_fitting != nullptr ? *largest_fitting : *smallest;
}

// A nonzero decimal as text: plain ("12.8", "0.5", "1500") unless that would need
// more than a few zeros, then with an exponent ("1e-08", "1.5e+20"), like fmt.
std::string decimal_text(const Decimal& number) {
  const std::string& digits = number.digits;
  const long long leading = leading_exponent(number);
  if (leading < -5 || leading >= 16) {
    const std::string fraction = digits.size() > 1 ? "." + digits.substr(1) : "";
    return fmt::format("{}{}e{:+03}", digits[0], fraction, leading);
  }
  const long long integer_digits = leading + 1;
  if (integer_digits <= 0) {
    return "0." + std::string(static_cast<std::size_t>(-integer_digits), '0') + digits;
  }
  const auto point = static_cast<std::size_t>(integer_digits);
  if (point >= digits.size()) return digits + std::string(point - digits.size(), '0');
  return digits.substr(0, point) + "." + digits.substr(point);
}

// Printing moves the decimal point of the shortest decimal, so the text reads
// back as exactly `value`; that needs printed units that are powers of ten.
constexpr bool prints_only_powers_of_ten(const Quantity& quantity) {
  for (const Unit& unit : quantity.units) {
    if (unit.use == UnitUse::print && unit.power_of_two != 0) return false;
  }
  return true;
}
static_assert(prints_only_powers_of_ten(kFrequency) && prints_only_powers_of_ten(kBandwidth) &&
              prints_only_powers_of_ten(kPower) && prints_only_powers_of_ten(kEnergy));

std::string format_real(double value, const Quantity& quantity) {
  if (value == 0.0) return fmt::format("0{}", quantity.si_unit);
  if (!std::isfinite(value)) return fmt::format("{}{}", value, quantity.si_unit);
  Decimal number = shortest_decimal(std::fabs(value));
  const Unit& unit = unit_for(number, quantity);
  number.exponent -= unit.power_of_ten;
  return fmt::format("{}{}{}", value < 0 ? "-" : "", decimal_text(number), unit.symbol);
}

}  // namespace

Duration parse_duration(std::string_view text) { return {exact_value(text, kDuration)}; }
ByteSize parse_size(std::string_view text) { return {exact_value(text, kSize)}; }
Frequency parse_frequency(std::string_view text) { return {real_value(text, kFrequency)}; }
Bandwidth parse_bandwidth(std::string_view text) { return {real_value(text, kBandwidth)}; }
Power parse_power(std::string_view text) { return {real_value(text, kPower)}; }
Energy parse_energy(std::string_view text) { return {real_value(text, kEnergy)}; }

std::string format(Duration value) { return format_exact(value.picoseconds, kDuration); }
std::string format(ByteSize value) { return format_exact(value.bytes, kSize); }
std::string format(Frequency value) { return format_real(value.hertz, kFrequency); }
std::string format(Bandwidth value) { return format_real(value.bytes_per_second, kBandwidth); }
std::string format(Power value) { return format_real(value.watts, kPower); }
std::string format(Energy value) { return format_real(value.joules, kEnergy); }

}  // namespace wakesim

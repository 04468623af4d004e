// Units: parsing every unit of every quantity against hand-computed values,
// formatting, exact round trips, and one test per kind of bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "wakesim/core/units.h"

using namespace wakesim;
using Catch::Contains;

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// The micro sign U+00B5 and the Greek small letter mu U+03BC, in UTF-8.
#define MICRO "\xC2\xB5"
#define GREEK_MU "\xCE\xBC"

// Values where exact formatting is easy to get wrong: around powers of two and
// ten, the 64-bit limits, and pseudo-random values of every magnitude.
std::vector<std::uint64_t> awkward_integers() {
  std::vector<std::uint64_t> values = {0,    1,    2,      7,       999,     1000,    1001, 1023,    1024,
                                       1025, 1536, 999999, 1000001, 1024000, 1048575, kMax, kMax - 1};
  for (int bit = 1; bit < 64; ++bit) {
    const std::uint64_t power = std::uint64_t{1} << bit;
    values.insert(values.end(), {power - 1, power, power + 1, power * 3 / 2});
  }
  for (std::uint64_t power = 10; power <= kMax / 10; power *= 10) {
    values.insert(values.end(), {power - 1, power, power + 1, power * 15 / 10});
    if (power <= kMax / 1024) values.push_back(power * 1024);
  }
  std::mt19937_64 engine(20240611);  // the standard fixes mt19937_64's sequence
  for (int i = 0; i < 2000; ++i) values.push_back(engine() >> (i % 64));
  return values;
}

// Doubles from 1e-21 to 1e21 with mantissas that are short, long, and not
// exactly representable.
std::vector<double> awkward_doubles() {
  const double mantissas[] = {1.0,     1.5,       2.5,        3.3333333333333335, 7.77, 9.999999999999998,
                              999.999, 0.1 + 0.2, 6.02214076, 1.7976931348623157};
  std::vector<double> values;
  for (int exponent = -21; exponent <= 21; ++exponent) {
    for (double mantissa : mantissas) values.push_back(mantissa * std::pow(10.0, exponent));
  }
  return values;
}

}  // namespace

// ---------------------------------------------------------------------------
// Parsing: every unit against a hand-computed value.
// ---------------------------------------------------------------------------

TEST_CASE("durations parse in every unit to exact picoseconds", "[units]") {
  CHECK(parse_duration("20ms").picoseconds == 20000000000ULL);
  CHECK(parse_duration("3s").picoseconds == 3000000000000ULL);
  CHECK(parse_duration("7us").picoseconds == 7000000ULL);
  CHECK(parse_duration("7" MICRO "s").picoseconds == 7000000ULL);
  CHECK(parse_duration("7" GREEK_MU "s").picoseconds == 7000000ULL);
  CHECK(parse_duration("2.5ns").picoseconds == 2500ULL);
  CHECK(parse_duration("1ps").picoseconds == 1ULL);
  CHECK(parse_duration("0ms").picoseconds == 0ULL);
  CHECK(parse_duration("0.5s").picoseconds == 500000000000ULL);
  CHECK(parse_duration("0.001ns").picoseconds == 1ULL);
  CHECK(parse_duration("20 ms").picoseconds == 20000000000ULL);
  CHECK(parse_duration("18446744073709551615ps").picoseconds == kMax);
  CHECK(parse_duration("18446744.073709551615s").picoseconds == kMax);
  CHECK(parse_duration("1.000000000000000000000000000000s").picoseconds == 1000000000000ULL);
  CHECK(parse_duration("000012ns").picoseconds == 12000ULL);
  CHECK(parse_duration("20ms").to_sc_time() == sc_core::sc_time(20, sc_core::SC_MS));
}

TEST_CASE("durations accept a decimal exponent", "[units]") {
  CHECK(parse_duration("1e3ns").picoseconds == 1000000ULL);
  CHECK(parse_duration("1E3ns").picoseconds == 1000000ULL);
  CHECK(parse_duration("1e+3ns").picoseconds == 1000000ULL);
  CHECK(parse_duration("2.5e-1ms").picoseconds == 250000000ULL);
  CHECK(parse_duration("1e-12s").picoseconds == 1ULL);
  CHECK(parse_duration("0e999999999999999999999s").picoseconds == 0ULL);
  CHECK(parse_duration("100000e-5ps").picoseconds == 1ULL);
}

TEST_CASE("sizes parse in every unit to exact bytes", "[units]") {
  CHECK(parse_size("3B").bytes == 3ULL);
  CHECK(parse_size("2kB").bytes == 2000ULL);
  CHECK(parse_size("2KB").bytes == 2000ULL);
  CHECK(parse_size("12.8kB").bytes == 12800ULL);
  CHECK(parse_size("3MB").bytes == 3000000ULL);
  CHECK(parse_size("4GB").bytes == 4000000000ULL);
  CHECK(parse_size("5TB").bytes == 5000000000000ULL);
  CHECK(parse_size("64KiB").bytes == 65536ULL);
  CHECK(parse_size("1.5KiB").bytes == 1536ULL);
  CHECK(parse_size("0.5KiB").bytes == 512ULL);
  CHECK(parse_size("2MiB").bytes == 2097152ULL);
  CHECK(parse_size("3GiB").bytes == 3221225472ULL);
  CHECK(parse_size("1TiB").bytes == 1099511627776ULL);
  CHECK(parse_size("4 KiB").bytes == 4096ULL);
  CHECK(parse_size("0B").bytes == 0ULL);
  CHECK(parse_size("18446744073709551615B").bytes == kMax);
  // 2^-40 TiB, written out exactly, is one byte.
  CHECK(parse_size("9.094947017729282379150390625e-13TiB").bytes == 1ULL);
}

TEST_CASE("frequencies parse in every unit to hertz", "[units]") {
  CHECK(parse_frequency("50Hz").hertz == 50.0);
  CHECK(parse_frequency("32.768kHz").hertz == 32768.0);
  CHECK(parse_frequency("400MHz").hertz == 4e8);
  CHECK(parse_frequency("2.4GHz").hertz == 2.4e9);
  CHECK(parse_frequency("1 GHz").hertz == 1e9);
  CHECK(parse_frequency("0Hz").hertz == 0.0);
}

TEST_CASE("bandwidths parse in every unit to bytes per second", "[units]") {
  CHECK(parse_bandwidth("100B/s").bytes_per_second == 100.0);
  CHECK(parse_bandwidth("3kB/s").bytes_per_second == 3000.0);
  CHECK(parse_bandwidth("3KB/s").bytes_per_second == 3000.0);
  CHECK(parse_bandwidth("250MB/s").bytes_per_second == 2.5e8);
  CHECK(parse_bandwidth("12.8GB/s").bytes_per_second == 12.8e9);
  CHECK(parse_bandwidth("1.5TB/s").bytes_per_second == 1.5e12);
  CHECK(parse_bandwidth("1KiB/s").bytes_per_second == 1024.0);
  CHECK(parse_bandwidth("2MiB/s").bytes_per_second == 2097152.0);
  CHECK(parse_bandwidth("1.5GiB/s").bytes_per_second == 1610612736.0);
  CHECK(parse_bandwidth("1TiB/s").bytes_per_second == 1099511627776.0);
  CHECK(parse_bandwidth("1bit/s").bytes_per_second == 0.125);
  CHECK(parse_bandwidth("8kbit/s").bytes_per_second == 1000.0);
  CHECK(parse_bandwidth("100Mbit/s").bytes_per_second == 12.5e6);
  CHECK(parse_bandwidth("10Gbit/s").bytes_per_second == 1.25e9);
  CHECK(parse_bandwidth("12.8 GB/s").bytes_per_second == 12.8e9);
}

TEST_CASE("powers parse in every unit to watts", "[units]") {
  CHECK(parse_power("3W").watts == 3.0);
  CHECK(parse_power("1.2kW").watts == 1200.0);
  CHECK(parse_power("2.5mW").watts == 0.0025);
  CHECK(parse_power("40uW").watts == 40e-6);
  CHECK(parse_power("40" MICRO "W").watts == 40e-6);
  CHECK(parse_power("40" GREEK_MU "W").watts == 40e-6);
  CHECK(parse_power("15nW").watts == 15e-9);
  CHECK(parse_power("7.5pW").watts == 7.5e-12);
  CHECK(parse_power("0W").watts == 0.0);
}

TEST_CASE("energies parse in every unit to joules", "[units]") {
  CHECK(parse_energy("2J").joules == 2.0);
  CHECK(parse_energy("3.5mJ").joules == 3.5e-3);
  CHECK(parse_energy("12uJ").joules == 12e-6);
  CHECK(parse_energy("12" MICRO "J").joules == 12e-6);
  CHECK(parse_energy("12" GREEK_MU "J").joules == 12e-6);
  CHECK(parse_energy("100nJ").joules == 100e-9);
  CHECK(parse_energy("8.5pJ").joules == 8.5e-12);
  CHECK(parse_energy("0.25fJ").joules == 0.25e-15);
  CHECK(parse_energy("1e3pJ").joules == 1e-9);
  CHECK(parse_energy("0J").joules == 0.0);
}

// ---------------------------------------------------------------------------
// Formatting.
// ---------------------------------------------------------------------------

TEST_CASE("durations format in the largest unit that shows them exactly", "[units]") {
  CHECK(format(Duration{0}) == "0s");
  CHECK(format(Duration{1}) == "1ps");
  CHECK(format(Duration{999}) == "999ps");
  CHECK(format(Duration{1000}) == "1ns");
  CHECK(format(Duration{1001}) == "1.001ns");
  CHECK(format(Duration{1500}) == "1.5ns");
  CHECK(format(Duration{1000001}) == "1000.001ns");
  CHECK(format(Duration{2500000}) == "2.5us");
  CHECK(format(Duration{20000000000ULL}) == "20ms");
  CHECK(format(Duration{1000000000000ULL}) == "1s");
  CHECK(format(Duration{90000000000000ULL}) == "90s");
  CHECK(format(Duration{std::uint64_t{1} << 63}) == "9223372036854775.808ns");
  CHECK(format(Duration{kMax}) == "18446744073709551.615ns");
}

TEST_CASE("sizes format in binary or decimal units, whichever is shorter", "[units]") {
  CHECK(format(ByteSize{0}) == "0B");
  CHECK(format(ByteSize{1}) == "1B");
  CHECK(format(ByteSize{512}) == "512B");
  CHECK(format(ByteSize{1000}) == "1kB");
  CHECK(format(ByteSize{1001}) == "1.001kB");
  CHECK(format(ByteSize{1024}) == "1KiB");
  CHECK(format(ByteSize{1536}) == "1.5KiB");
  CHECK(format(ByteSize{2048}) == "2KiB");
  CHECK(format(ByteSize{65536}) == "64KiB");
  CHECK(format(ByteSize{1000000}) == "1MB");
  CHECK(format(ByteSize{1024000}) == "1000KiB");  // ties with "1.024MB": binary wins
  CHECK(format(ByteSize{1024000000}) == "1.024GB");
  CHECK(format(ByteSize{2097152}) == "2MiB");
  CHECK(format(ByteSize{1099511627776ULL}) == "1TiB");
  CHECK(format(ByteSize{1000000000000ULL}) == "1TB");
  CHECK(format(ByteSize{kMax}) == "18446744073709551.615kB");
}

TEST_CASE("double quantities format with the SI prefix that puts the mantissa between 1 and 1000", "[units]") {
  CHECK(format(Power{0.0025}) == "2.5mW");
  CHECK(format(Power{1500.0}) == "1.5kW");
  CHECK(format(Power{1.5e6}) == "1500kW");   // no unit above kW
  CHECK(format(Power{0.5e-12}) == "0.5pW");  // no unit below pW
  CHECK(format(Power{1e-3}) == "1mW");
  CHECK(format(Power{40e-6}) == "40uW");
  CHECK(format(Power{15e-9}) == "15nW");
  CHECK(format(Power{3.0}) == "3W");
  CHECK(format(Energy{8.5e-12}) == "8.5pJ");
  CHECK(format(Energy{3e-15}) == "3fJ");
  CHECK(format(Energy{12e-6}) == "12uJ");
  CHECK(format(Energy{0.1}) == "100mJ");
  CHECK(format(Energy{25.0}) == "25J");
  CHECK(format(Energy{10e-9}) == "10nJ");
  CHECK(format(Bandwidth{1.28e10}) == "12.8GB/s");
  CHECK(format(Bandwidth{1.5e12}) == "1.5TB/s");
  CHECK(format(Bandwidth{2.5e8}) == "250MB/s");
  CHECK(format(Bandwidth{3000.0}) == "3kB/s");
  CHECK(format(Bandwidth{100.0}) == "100B/s");
  CHECK(format(Frequency{4e8}) == "400MHz");
  CHECK(format(Frequency{999.0}) == "999Hz");
  CHECK(format(Frequency{1000.0}) == "1kHz");
  CHECK(format(Frequency{2.4e9}) == "2.4GHz");
  CHECK(format(Frequency{1.5e12}) == "1500GHz");
  CHECK(format(Power{-0.0025}) == "-2.5mW");
}

TEST_CASE("doubles far outside the unit range format with an exponent", "[units]") {
  CHECK(format(Power{1.5e23}) == "1.5e+20kW");
  CHECK(format(Energy{1e-25}) == "1e-10fJ");
  CHECK(format(Frequency{1e24}) == "1000000000000000GHz");
  CHECK(format(Frequency{1e25}) == "1e+16GHz");
  CHECK(format(Power{1e-17}) == "0.00001pW");
  CHECK(format(Power{1e-18}) == "1e-06pW");
}

TEST_CASE("zero formats in the SI unit of each quantity", "[units]") {
  CHECK(format(Duration{0}) == "0s");
  CHECK(format(ByteSize{0}) == "0B");
  CHECK(format(Frequency{0.0}) == "0Hz");
  CHECK(format(Bandwidth{0.0}) == "0B/s");
  CHECK(format(Power{0.0}) == "0W");
  CHECK(format(Energy{0.0}) == "0J");
}

TEST_CASE("non-finite doubles format as text the parser rejects", "[units]") {
  const double infinity = std::numeric_limits<double>::infinity();
  CHECK(format(Power{infinity}) == "infW");
  CHECK(format(Energy{-infinity}) == "-infJ");
  CHECK(format(Frequency{std::numeric_limits<double>::quiet_NaN()}) == "nanHz");
  CHECK_THROWS_AS(parse_power(format(Power{infinity})), UnitError);
}

// ---------------------------------------------------------------------------
// Round trips.
// ---------------------------------------------------------------------------

TEST_CASE("durations round-trip exactly through format and parse", "[units]") {
  for (std::uint64_t picoseconds : awkward_integers()) {
    const std::string text = format(Duration{picoseconds});
    INFO(picoseconds << " ps formats as " << text);
    CHECK(parse_duration(text).picoseconds == picoseconds);
  }
}

TEST_CASE("sizes round-trip exactly through format and parse", "[units]") {
  for (std::uint64_t bytes : awkward_integers()) {
    const std::string text = format(ByteSize{bytes});
    INFO(bytes << " B formats as " << text);
    CHECK(parse_size(text).bytes == bytes);
  }
}

TEST_CASE("double quantities round-trip exactly through format and parse", "[units]") {
  for (double value : awkward_doubles()) {
    INFO("value " << value << " formats as " << format(Energy{value}));
    CHECK(parse_frequency(format(Frequency{value})).hertz == value);
    CHECK(parse_bandwidth(format(Bandwidth{value})).bytes_per_second == value);
    CHECK(parse_power(format(Power{value})).watts == value);
    CHECK(parse_energy(format(Energy{value})).joules == value);
  }
  const double extremes[] = {std::numeric_limits<double>::max(), std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::denorm_min()};
  for (double value : extremes) {
    INFO("value " << value << " formats as " << format(Bandwidth{value}));
    CHECK(parse_bandwidth(format(Bandwidth{value})).bytes_per_second == value);
  }
}

TEST_CASE("formatted doubles are the shortest decimal that reads back", "[units]") {
  // 0.1 + 0.2 is not 0.3; the formatted text must keep the difference.
  CHECK(format(Power{0.1 + 0.2}) == "300.00000000000004mW");
  CHECK(parse_power("300.00000000000004mW").watts == 0.1 + 0.2);
  // 15e-9 times 1e9 is 14.999999999999998 in doubles; the text must still be "15".
  CHECK(format(Power{15e-9}) == "15nW");
  CHECK(format(Energy{0.3e-12}) == "300fJ");
  CHECK(format(Power{0.3e-12}) == "0.3pW");
}

// ---------------------------------------------------------------------------
// Bad input: one test per kind, checking what the message says.
// ---------------------------------------------------------------------------

TEST_CASE("empty text is rejected, naming the quantity", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration(""), Contains("empty") && Contains("a duration"));
  REQUIRE_THROWS_WITH(parse_size(""), Contains("empty") && Contains("e.g. 64KiB"));
  REQUIRE_THROWS_WITH(parse_energy(""), Contains("empty") && Contains("an energy"));
}

TEST_CASE("a bare number is rejected as having no unit", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration("20"), Contains("'20' has no unit; a duration needs one of s, ms, us, ns, ps"));
  REQUIRE_THROWS_WITH(parse_size("64"), Contains("'64' has no unit; a size needs one of B, kB, KB, MB, GB, TB, "
                                                 "KiB, MiB, GiB, TiB"));
  REQUIRE_THROWS_WITH(parse_frequency("400"), Contains("'400' has no unit; a frequency"));
  REQUIRE_THROWS_WITH(parse_bandwidth("12.8"),
                      Contains("'12.8' has no unit; a bandwidth needs one of B/s") && Contains("Gbit/s"));
  REQUIRE_THROWS_WITH(parse_power("0"), Contains("'0' has no unit; a power needs one of W, kW, mW, uW, nW, pW"));
  REQUIRE_THROWS_WITH(parse_energy("8.5 "),
                      Contains("'8.5 ' has no unit; an energy needs one of J, mJ, uJ, nJ, pJ, fJ"));
}

TEST_CASE("an unknown unit is rejected with the list of valid units", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration("20xs"),
                      Contains("'20xs' has an unknown unit 'xs'; a duration needs one of s, ms"));
  REQUIRE_THROWS_WITH(parse_size("4 pages"), Contains("unknown unit 'pages'; a size needs"));
  REQUIRE_THROWS_WITH(parse_bandwidth("1Mbps"), Contains("unknown unit 'Mbps'"));
  REQUIRE_THROWS_WITH(parse_energy("1kJ"), Contains("unknown unit 'kJ'; an energy needs"));
}

TEST_CASE("a unit of another quantity is reported as that quantity", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration("20MHz"),
                      Contains("'20MHz' is a frequency, not a duration; a duration needs one of"));
  REQUIRE_THROWS_WITH(parse_bandwidth("20MB"), Contains("'20MB' is a size, not a bandwidth"));
  REQUIRE_THROWS_WITH(parse_size("1GB/s"), Contains("'1GB/s' is a bandwidth, not a size"));
  REQUIRE_THROWS_WITH(parse_energy("5mW"), Contains("'5mW' is a power, not an energy"));
  REQUIRE_THROWS_WITH(parse_power("5mJ"), Contains("'5mJ' is an energy, not a power"));
  REQUIRE_THROWS_WITH(parse_frequency("3 ms"), Contains("'3 ms' is a duration, not a frequency"));
}

TEST_CASE("units are case-sensitive and a wrong case suggests the right one", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration("20MS"),
                      Contains("unknown unit 'MS' (units are case-sensitive: did you mean 'ms'?)"));
  REQUIRE_THROWS_WITH(parse_size("1mb"), Contains("unknown unit 'mb'") && Contains("did you mean 'MB'?"));
  REQUIRE_THROWS_WITH(parse_size("4kib"), Contains("did you mean 'KiB'?"));
  REQUIRE_THROWS_WITH(parse_frequency("1ghz"), Contains("did you mean 'GHz'?"));
  REQUIRE_THROWS_WITH(parse_power("1w"), Contains("did you mean 'W'?"));
}

TEST_CASE("negative values are rejected", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration("-5ms"), Contains("'-5ms' is negative; a duration cannot be negative"));
  REQUIRE_THROWS_WITH(parse_size("-1KiB"), Contains("'-1KiB' is negative; a size cannot"));
  REQUIRE_THROWS_WITH(parse_power("-1.5W"), Contains("'-1.5W' is negative; a power cannot"));
  REQUIRE_THROWS_WITH(parse_bandwidth("-0B/s"), Contains("is negative"));
}

TEST_CASE("NaN and infinity are rejected", "[units]") {
  REQUIRE_THROWS_WITH(parse_power("nanW"), Contains("'nanW' is not a finite number; a power"));
  REQUIRE_THROWS_WITH(parse_energy("inf J"), Contains("'inf J' is not a finite number"));
  REQUIRE_THROWS_WITH(parse_frequency("-InfinityHz"), Contains("is not a finite number"));
  REQUIRE_THROWS_WITH(parse_duration("NaN ms"), Contains("is not a finite number; a duration"));
  // YAML's spellings, with or without a unit.
  REQUIRE_THROWS_WITH(parse_duration(".nan"), Contains("'.nan' is not a finite number; a duration"));
  REQUIRE_THROWS_WITH(parse_size(".inf"), Contains("'.inf' is not a finite number; a size"));
  REQUIRE_THROWS_WITH(parse_power("-.InfW"), Contains("is not a finite number"));
  REQUIRE_THROWS_WITH(parse_duration(".5ms"), Contains("'.5ms' is not a duration"));
}

TEST_CASE("durations beyond 64-bit picoseconds are rejected as too large", "[units]") {
  const auto too_large = Contains("is too large; a duration can be at most 18446744073709551615 ps");
  REQUIRE_THROWS_WITH(parse_duration("18446744073709551616ps"), too_large);
  REQUIRE_THROWS_WITH(parse_duration("18446744.073709551616s"), too_large);
  REQUIRE_THROWS_WITH(parse_duration("1e9s"), too_large);
  REQUIRE_THROWS_WITH(parse_duration("1e99999999999999999999s"), Contains("'1e99999999999999999999s' is too large"));
}

TEST_CASE("sizes beyond 64-bit bytes are rejected as too large", "[units]") {
  const auto too_large = Contains("is too large; a size can be at most 18446744073709551615 bytes");
  REQUIRE_THROWS_WITH(parse_size("18446744073709551616B"), too_large);
  REQUIRE_THROWS_WITH(parse_size("16777216TiB"), too_large);  // exactly 2^64
  REQUIRE_THROWS_WITH(parse_size("1e20B"), too_large);
}

TEST_CASE("doubles that overflow are rejected as too large", "[units]") {
  REQUIRE_THROWS_WITH(parse_power("1e400W"), Contains("'1e400W' is too large; a power"));
  REQUIRE_THROWS_WITH(parse_power("1e308kW"), Contains("'1e308kW' is too large"));
  REQUIRE_THROWS_WITH(parse_bandwidth("1e300TiB/s"), Contains("'1e300TiB/s' is too large"));
  REQUIRE_THROWS_WITH(parse_frequency("2e308Hz"), Contains("is too large; a frequency"));
}

TEST_CASE("doubles too small to represent are rejected", "[units]") {
  REQUIRE_THROWS_WITH(parse_energy("1e-400J"), Contains("'1e-400J' is too small to represent as an energy"));
  REQUIRE_THROWS_WITH(parse_energy("1e-320fJ"), Contains("is too small to represent"));
  REQUIRE_THROWS_WITH(parse_bandwidth("1e-330bit/s"), Contains("is too small to represent"));
}

TEST_CASE("a duration that is not a whole number of picoseconds is rejected", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration("0.3ps"), Contains("'0.3ps' is not a whole number of picoseconds (the time "
                                                        "resolution is 1 ps)"));
  REQUIRE_THROWS_WITH(parse_duration("1.0005ns"), Contains("not a whole number of picoseconds"));
  REQUIRE_THROWS_WITH(parse_duration("1.5e-12s"), Contains("not a whole number of picoseconds"));
  REQUIRE_THROWS_WITH(parse_duration("1e-999999999999s"), Contains("not a whole number of picoseconds"));
}

TEST_CASE("a size that is not a whole number of bytes is rejected", "[units]") {
  REQUIRE_THROWS_WITH(parse_size("0.5B"), Contains("'0.5B' is not a whole number of bytes"));
  REQUIRE_THROWS_WITH(parse_size("1.0001kB"), Contains("not a whole number of bytes"));
  REQUIRE_THROWS_WITH(parse_size("0.1KiB"), Contains("not a whole number of bytes"));
}

TEST_CASE("a malformed number is rejected", "[units]") {
  const auto malformed = Contains(
      "has a malformed number; write a duration as a number "
      "followed by a unit, e.g. 20ms");
  REQUIRE_THROWS_WITH(parse_duration("1.2.3ms"), Contains("'1.2.3ms'") && malformed);
  REQUIRE_THROWS_WITH(parse_duration("5.ms"), malformed);
  REQUIRE_THROWS_WITH(parse_duration("1e+ms"), malformed);
  REQUIRE_THROWS_WITH(parse_duration("1,5ms"), malformed);
  REQUIRE_THROWS_WITH(parse_duration("1-5ms"), malformed);
  REQUIRE_THROWS_WITH(parse_power("2e-3e2W"), Contains("has a malformed number; write a power"));
}

TEST_CASE("text that does not start with a number is rejected", "[units]") {
  const auto not_a_duration = Contains(
      "is not a duration; write a duration as a number "
      "followed by a unit, e.g. 20ms");
  REQUIRE_THROWS_WITH(parse_duration("ms"), Contains("'ms'") && not_a_duration);
  REQUIRE_THROWS_WITH(parse_duration("--5ms"), Contains("'--5ms'") && not_a_duration);
  REQUIRE_THROWS_WITH(parse_duration("+5ms"), not_a_duration);
  REQUIRE_THROWS_WITH(parse_duration(".5ms"), not_a_duration);
  REQUIRE_THROWS_WITH(parse_duration(" 20ms"), not_a_duration);
  REQUIRE_THROWS_WITH(parse_frequency("fast"), Contains("'fast' is not a frequency"));
}

TEST_CASE("trailing text after the unit is rejected", "[units]") {
  REQUIRE_THROWS_WITH(parse_duration("20ms5"), Contains("unknown unit 'ms5'"));
  REQUIRE_THROWS_WITH(parse_duration("20ms "), Contains("unknown unit 'ms '"));
  REQUIRE_THROWS_WITH(parse_size("64KiB!"), Contains("'64KiB!' has an unknown unit 'KiB!'"));
  REQUIRE_THROWS_WITH(parse_bandwidth("1GB/s/s"), Contains("unknown unit 'GB/s/s'"));
}

TEST_CASE("more than one space between number and unit is rejected", "[units]") {
  const auto one_space = Contains("at most one space may separate the number and the unit");
  REQUIRE_THROWS_WITH(parse_duration("20  ms"), Contains("'20  ms' is not a duration") && one_space);
  REQUIRE_THROWS_WITH(parse_duration("20\tms"), one_space);
  REQUIRE_THROWS_WITH(parse_energy("1 \tJ"), one_space);
}

TEST_CASE("every parse error is a UnitError", "[units]") {
  CHECK_THROWS_AS(parse_duration("20"), UnitError);
  CHECK_THROWS_AS(parse_size("0.5B"), UnitError);
  CHECK_THROWS_AS(parse_frequency("1e400Hz"), UnitError);
  CHECK_THROWS_AS(parse_bandwidth("-1B/s"), UnitError);
  CHECK_THROWS_AS(parse_power("nanW"), UnitError);
  CHECK_THROWS_AS(parse_energy(""), UnitError);
}

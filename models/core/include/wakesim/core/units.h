#pragma once
// Physical quantities with units, as users write them in platforms, scenarios and
// on the command line: `20ms`, `64KiB`, `400MHz`, `12.8GB/s`, `2.5mW`, `8.5pJ`.
//
// Text is `<number><optional single space><unit>`. The number is decimal, with an
// optional fraction and an optional exponent: `20`, `2.5`, `1e3`, `2.5e-1`. There
// must be a digit before and after a decimal point (`0.5`, not `.5` or `5.`), no
// sign (a leading '-' is reported as negative), and no surrounding whitespace.
// Zero is allowed, but it needs a unit like any other value (`0ms`).
//
// Parsing is strict: empty text, a bare number, an unknown suffix (or a unit of
// another quantity), a malformed number, a negative, NaN/inf, or a value too large
// (or, for doubles, too small) to hold throws UnitError whose message quotes the
// text, says what is wrong and lists the valid units. The caller (the config
// reader) adds file, line and column.
//
// Durations and sizes are exact integers (picoseconds, bytes): the decimal text is
// converted exactly, without floating point, so `2.5ns` and `1.5KiB` are exact. The
// simulator's time resolution is 1 ps, and a value that is not a whole number of
// them is an error rather than a silent rounding. The other quantities are doubles
// in SI base units, correctly rounded from the decimal text.
//
// format():
//  - Durations print in the largest of s, ms, us, ns, ps in which the value is at
//    least 1 and has at most 3 decimals: 20000000000 ps -> "20ms", 1500 -> "1.5ns",
//    1001 -> "1.001ns", 1000001 -> "1000.001ns". Zero prints "0s".
//  - Sizes do the same within the decimal units (B kB MB GB TB) and within the
//    binary units (KiB MiB GiB TiB) and print the shorter of the two, the binary
//    one on a tie: 65536 -> "64KiB", 1536 -> "1.5KiB", 1000 -> "1kB",
//    2048 -> "2KiB" (not "2.048kB"), 1001 -> "1.001kB", 512 -> "512B". Zero: "0B".
//  - Doubles print the shortest decimal that reads back as the same double, in the
//    SI prefix that puts it in [1, 1000) where the unit list allows (values beyond
//    the largest or below the smallest unit use that unit: "1500GHz", "0.5pW",
//    with an exponent when that would need many zeros: "1.5e+20kW", "1e-06pW").
//    Bandwidth prints in B/s kB/s MB/s GB/s TB/s. 0.0025 W -> "2.5mW",
//    1.28e10 B/s -> "12.8GB/s", 0 -> "0W". NaN and infinities print as "nanW",
//    "infW", "-infW" (these are not valid input).
//  - Output uses ASCII only ("us", not "µs").
// parse(format(x)) == x exactly for every finite, non-negative value: durations
// and sizes print exactly, and doubles print the shortest decimal that reads back
// as the same double.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <systemc>

namespace wakesim {

class UnitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Duration {
  std::uint64_t picoseconds = 0;
  // The SystemC time of this duration (wakesim keeps SystemC's default 1 ps resolution).
  sc_core::sc_time to_sc_time() const { return sc_core::sc_time::from_value(picoseconds); }
  double seconds() const { return static_cast<double>(picoseconds) * 1e-12; }
  friend bool operator==(Duration a, Duration b) { return a.picoseconds == b.picoseconds; }
  friend bool operator!=(Duration a, Duration b) { return !(a == b); }
};

struct ByteSize {
  std::uint64_t bytes = 0;
  friend bool operator==(ByteSize a, ByteSize b) { return a.bytes == b.bytes; }
  friend bool operator!=(ByteSize a, ByteSize b) { return !(a == b); }
};

struct Frequency {
  double hertz = 0.0;
};

struct Bandwidth {
  double bytes_per_second = 0.0;
};

struct Power {
  double watts = 0.0;
};

struct Energy {
  double joules = 0.0;
};

// Suffixes (case-sensitive; an optional space between number and unit is allowed):
//   duration:  s ms us µs ns ps
//   size:      B, kB KB MB GB TB (powers of 1000), KiB MiB GiB TiB (powers of 1024)
//   frequency: Hz kHz MHz GHz
//   bandwidth: any size unit followed by /s (B/s, MB/s, GiB/s ...), or bit/s kbit/s
//              Mbit/s Gbit/s (bits, so divided by 8)
//   power:     W kW mW uW µW nW pW
//   energy:    J mJ uJ µJ nJ pJ fJ
// µ is the micro sign U+00B5; the Greek letter mu U+03BC is accepted as well.
Duration parse_duration(std::string_view text);
ByteSize parse_size(std::string_view text);
Frequency parse_frequency(std::string_view text);
Bandwidth parse_bandwidth(std::string_view text);
Power parse_power(std::string_view text);
Energy parse_energy(std::string_view text);

std::string format(Duration value);
std::string format(ByteSize value);
std::string format(Frequency value);
std::string format(Bandwidth value);
std::string format(Power value);
std::string format(Energy value);

}  // namespace wakesim

#pragma once
// Physical quantities with units, as users write them in platforms, scenarios and
// on the command line: `20ms`, `64KiB`, `400MHz`, `12.8GB/s`, `2.5mW`, `8.5pJ`.
//
// Parsing is strict: a bare number, an unknown suffix, a negative, NaN/inf or
// overflowing value throws UnitError whose message says which, quoting the text.
// The caller (the config reader) adds file, line and column.
//
// Durations and sizes are exact integers (picoseconds, bytes): the simulator's
// time resolution is 1 ps, and a value that is not a whole number of them is an
// error rather than a silent rounding. The other quantities are doubles in SI
// base units. format() prints the largest unit that keeps the value readable;
// parse(format(x)) == x exactly for durations and sizes, and within 1e-12
// relative for the double quantities.
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
//   bandwidth: any size unit followed by /s (B/s, MB/s, GiB/s ...), or bit/s kbit/s Mbit/s Gbit/s
//   power:     W kW mW uW µW nW pW
//   energy:    J mJ uJ µJ nJ pJ fJ
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

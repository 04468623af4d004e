#pragma once
// Deterministic random numbers: one seed per scenario, one independent stream per
// named user. A stream's draws depend only on (seed, name), so adding a component
// or drawing more in one stream never changes what another stream sees.
#include <cstdint>
#include <random>
#include <string_view>

namespace wakesim {

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t stream_seed) : engine_(stream_seed) {}

  std::uint64_t next_u64() { return engine_(); }
  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform integer in [lo, hi], without modulo bias.
  std::uint64_t uniform_int(std::uint64_t lo, std::uint64_t hi);
  // Exponential with the given mean (inverse transform; mean > 0).
  double exponential(double mean);
  // Normal via Box-Muller (no cached second draw, so each call costs two draws).
  double normal(double mean, double stddev);

 private:
  // The standard fully specifies mt19937_64's output sequence; the distributions
  // above are written out here because std:: distributions are not portable.
  std::mt19937_64 engine_;
};

class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t scenario_seed) : seed_(scenario_seed) {}
  std::uint64_t seed() const { return seed_; }
  // A fresh stream for `name`; the same name always yields the same sequence.
  RandomStream stream(std::string_view name) const;
  // The seed a named stream starts from (FNV-1a of the name mixed with the seed).
  std::uint64_t stream_seed(std::string_view name) const;

 private:
  std::uint64_t seed_;
};

}  // namespace wakesim

#pragma once
// Where each job of a generated workload starts in its client's buffers: a byte
// offset from each buffer's base (JobRequest::offset), by pattern.
//   base        every job at offset 0 (the default; draws nothing);
//   sequential  each job where the previous one ended, modulo `window`;
//   strided     job k at (k x stride) modulo `window`;
//   random      uniform over the multiples of `align` in [0, window - bytes], so
//               the job stays inside the window (a window smaller than the job:
//               offset 0).
// The offsets stay below `window`; the client wraps a job that runs past the end
// of a buffer around it (DmaengineClient). Only `random` draws, one uniform_int
// per job from its own RandomStream (a stream apart from the arrivals', so
// addressing a workload never changes when its jobs arrive).
//
// next() is on the per-job path: it allocates nothing.
#include <cstdint>

#include "wakesim/core/enum_names.h"
#include "wakesim/core/random_streams.h"

namespace wakesim {

enum class AddressPattern { base, sequential, strided, random };

inline constexpr auto kAddressPatternNames =
    make_enum_names<AddressPattern>({{AddressPattern::base, "base"},
                                     {AddressPattern::sequential, "sequential"},
                                     {AddressPattern::strided, "strided"},
                                     {AddressPattern::random, "random"}});

struct JobAddressingParams {
  AddressPattern pattern = AddressPattern::base;
  std::uint64_t window = 0;  // bytes; > 0 unless base
  std::uint64_t stride = 0;  // strided: bytes from one job's start to the next (> 0)
  std::uint64_t align = 1;   // random: starts are multiples of it (> 0)
};

class JobAddressing {
 public:
  // base: every job at offset 0.
  JobAddressing() = default;
  // Throws std::invalid_argument for a zero window (unless base), a zero stride
  // (strided) or a zero alignment (random).
  JobAddressing(const JobAddressingParams& params, RandomStream rng);

  const JobAddressingParams& params() const { return params_; }
  bool active() const { return params_.pattern != AddressPattern::base; }
  // The start offset of the next job, which moves `bytes`.
  std::uint64_t next(std::uint64_t bytes);

 private:
  std::uint64_t random_offset(std::uint64_t bytes);

  JobAddressingParams params_;
  RandomStream rng_{0};
  std::uint64_t cursor_ = 0;  // sequential, strided: the next job's offset
};

}  // namespace wakesim

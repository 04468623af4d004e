#pragma once
// Which way of a full set a SetAssociativeStore gives up for a new entry (the
// TLB's `replacement` key reads it by these names).
#include "wakesim/core/enum_names.h"

namespace wakesim {

// lru: the least recently used (inserted or hit); fifo: the oldest insertion
// (hits do not refresh); random: uniform over the set's ways.
enum class ReplacementPolicy { lru, fifo, random };

inline constexpr auto kReplacementPolicyNames = make_enum_names<ReplacementPolicy>(
    {{ReplacementPolicy::lru, "lru"}, {ReplacementPolicy::fifo, "fifo"}, {ReplacementPolicy::random, "random"}});

inline const char* to_string(ReplacementPolicy policy) { return kReplacementPolicyNames.name(policy); }

}  // namespace wakesim

#pragma once
// Which way of a full set a SetAssociativeStore gives up for a new entry.
namespace wakesim {

// lru: the least recently used (inserted or hit); fifo: the oldest insertion
// (hits do not refresh); random: uniform over the set's ways.
enum class ReplacementPolicy { lru, fifo, random };

}  // namespace wakesim

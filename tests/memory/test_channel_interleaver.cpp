// DRAM channels with address interleaving: a sequential stream spreads evenly
// over the channels, addresses map to (channel, offset) and back, and a
// transaction across a granule boundary is split.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <tlm>

#include "support/run_in_thread.h"
#include "support/test_initiator.h"
#include "wakesim/memory/channel_interleaver.h"
#include "wakesim/memory/dram.h"

using namespace wakesim;
using sc_core::SC_NS;
using sc_core::sc_time;
using wakesim::test::run_in_thread;
using wakesim::test::TestInitiator;

namespace {

struct Channels {
  ChannelInterleaver interleaver;
  std::vector<std::unique_ptr<Dram>> drams;
  TestInitiator cpu{"cpu"};

  Channels(unsigned channels, std::uint64_t granule)
      : interleaver("interleaver", ChannelInterleaverParams{channels, granule}) {
    DramParams params;
    params.size = ByteSize{16ull << 20};
    for (unsigned i = 0; i < channels; ++i) {
      drams.push_back(std::make_unique<Dram>(("ch" + std::to_string(i)).c_str(), params));
      interleaver.out.bind(drams.back()->socket);
    }
    cpu.socket.bind(interleaver.in);
  }
};

}  // namespace

// N = 32 granules of 4 KiB, written in 64 B bursts from address 0: each channel
// gets exactly N / channels granules, N x granule / channels bytes.
void check_sequential_stream_balance(unsigned channels) {
  const std::uint64_t granule = 4096;
  const std::uint64_t granules = 32;
  Channels memory(channels, granule);
  run_in_thread([&] {
    std::array<unsigned char, 64> data{};
    for (std::uint64_t address = 0; address < granules * granule; address += 64)
      REQUIRE(memory.cpu.write(address, data.data(), 64) == tlm::TLM_OK_RESPONSE);
  });
  for (unsigned channel = 0; channel < channels; ++channel) {
    INFO("channel " << channel);
    CHECK(memory.interleaver.channel_stats(channel).bytes == granules / channels * granule);
    CHECK(memory.interleaver.channel_stats(channel).transactions == granules / channels * granule / 64);
    CHECK(memory.drams[channel]->stats().bytes_written == granules / channels * granule);
  }
}

TEST_CASE("Interleaving spreads a sequential stream evenly over two channels", "[dram][interleave]") {
  check_sequential_stream_balance(2);
}

TEST_CASE("Interleaving spreads a sequential stream evenly over four channels", "[dram][interleave]") {
  check_sequential_stream_balance(4);
}

TEST_CASE("Interleaving maps an address to channel and offset and back", "[dram][interleave]") {
  ChannelInterleaver interleaver("map", ChannelInterleaverParams{2, 256});
  // Granule 5 = [0x500, 0x600): channel 1, the third granule of that channel.
  const ChannelInterleaver::Location at = interleaver.locate(0x523);
  CHECK(at.channel == 1);
  CHECK(at.offset == 0x223);
  CHECK(interleaver.address_of(1, 0x223) == 0x523);
  for (std::uint64_t address : {0ull, 0xffull, 0x100ull, 0x12345ull})
    CHECK(interleaver.address_of(interleaver.locate(address).channel, interleaver.locate(address).offset) == address);
}

TEST_CASE("Interleaving splits a transaction across a granule boundary and moves its data", "[dram][interleave]") {
  Channels memory(2, 64);
  std::array<unsigned char, 128> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<unsigned char>(i);
  std::array<unsigned char, 128> in{};
  sc_time done;
  run_in_thread([&] {
    // [32, 160): 32 B on channel 0, 64 B on channel 1, 32 B on channel 0.
    REQUIRE(memory.cpu.write(32, out.data(), 128) == tlm::TLM_OK_RESPONSE);
    REQUIRE(memory.cpu.read(32, in.data(), 128) == tlm::TLM_OK_RESPONSE);
    done = memory.cpu.now();
  });
  CHECK(in == out);
  CHECK(memory.interleaver.channel_stats(0).bytes == 2 * 64);
  CHECK(memory.interleaver.channel_stats(1).bytes == 2 * 64);
  CHECK(memory.interleaver.channel_stats(0).transactions == 4);
  // Byte 0x40 of the stream (address 96) is channel 1's offset 32.
  unsigned char byte = 0;
  memory.drams[1]->backdoor_read(32, &byte, 1);
  CHECK(byte == 64);
}

TEST_CASE("Interleaving refuses a granule that is not a power of two of at least 64 B", "[dram][interleave]") {
  CHECK_THROWS_AS(ChannelInterleaver("small", ChannelInterleaverParams{2, 32}), std::invalid_argument);
  CHECK_THROWS_AS(ChannelInterleaver("odd", ChannelInterleaverParams{2, 3000}), std::invalid_argument);
  CHECK_THROWS_AS(ChannelInterleaver("none", ChannelInterleaverParams{0, 4096}), std::invalid_argument);
}

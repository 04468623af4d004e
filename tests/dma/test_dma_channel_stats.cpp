// DmaChannelStats's += and == (the per-port, per-channel and per-client sums of the
// report are built on them).
#include <catch2/catch.hpp>

#include "support/stats_sum_checks.h"
#include "wakesim/dma/dma_channel_stats.h"

TEST_CASE("a DMA channel's statistics add field by field with += and every field is listed", "[dma][stats]") {
  wakesim::test::check_stats_sum<wakesim::DmaChannelStats>();
}

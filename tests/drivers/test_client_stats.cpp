// DmaengineClientStats's += and == (the per-port, per-channel and per-client sums of the
// report are built on them).
#include <catch2/catch.hpp>

#include "support/stats_sum_checks.h"
#include "wakesim/drivers/dmaengine_client_stats.h"

TEST_CASE("a dmaengine client's statistics add field by field with += and every field is listed", "[drivers][stats]") {
  wakesim::test::check_stats_sum<wakesim::DmaengineClientStats>();
}

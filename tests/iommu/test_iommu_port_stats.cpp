// IommuPortStats's += and == (the per-port, per-channel and per-client sums of the
// report are built on them).
#include <catch2/catch.hpp>

#include "support/stats_sum_checks.h"
#include "wakesim/iommu/iommu_port_stats.h"

TEST_CASE("the IOMMU's port statistics add field by field with += and every field is listed", "[iommu][stats]") {
  wakesim::test::check_stats_sum<wakesim::IommuPortStats>();
}

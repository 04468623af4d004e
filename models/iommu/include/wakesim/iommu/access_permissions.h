#pragma once
// What a translation lets a device do with a page: read, write, both or neither.
// The kernel's IOMMU_READ / IOMMU_WRITE prot bits, as the TLB and the page-table
// formats store them. A format that cannot express write-only (the ARM and Exynos
// ones) stores read-write instead, as their kernel drivers do; see
// PageTableFormat::representable().
namespace wakesim {

struct AccessPermissions {
  bool read = false;
  bool write = false;

  static constexpr AccessPermissions read_only() { return {true, false}; }
  static constexpr AccessPermissions write_only() { return {false, true}; }
  static constexpr AccessPermissions read_write() { return {true, true}; }

  bool none() const { return !read && !write; }
  bool allows(bool is_write) const { return is_write ? write : read; }

  friend bool operator==(AccessPermissions a, AccessPermissions b) { return a.read == b.read && a.write == b.write; }
  friend bool operator!=(AccessPermissions a, AccessPermissions b) { return !(a == b); }
};

}  // namespace wakesim

#pragma once
// The tree behind ConfigDocument and ConfigNode (an implementation detail: use
// ConfigNode). It is a copy of the parsed YAML that also keeps what yaml-cpp does
// not: where each node came from (file position or --set), and what the reader
// did with each map (keys read, keys asked for), which finish() needs.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wakesim/core/config_location.h"

namespace wakesim {

struct ConfigTreeNode {
  enum class Kind { null, scalar, map, sequence };

  struct MapEntry {
    std::string key;
    ConfigLocation key_location;
    std::unique_ptr<ConfigTreeNode> value;
    bool consumed = false;  // the reader read this key
  };

  Kind kind = Kind::null;
  ConfigLocation location;

  // Scalars: the text, and whether it was written plain (unquoted, untagged).
  // Only plain scalars can be numbers or booleans: "5" in quotes is a string.
  std::string text;
  bool plain = true;

  std::vector<MapEntry> entries;                          // maps, in document order
  std::vector<std::unique_ptr<ConfigTreeNode>> elements;  // sequences

  // Maps: every key the reader looked up here, present or not, in the order it
  // asked. These are the valid keys that finish() lists and suggests.
  std::vector<std::string> requested_keys;

  MapEntry* find(std::string_view key) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const MapEntry& entry) { return entry.key == key; });
    return it == entries.end() ? nullptr : &*it;
  }

  void note_requested(std::string_view key) {
    if (std::find(requested_keys.begin(), requested_keys.end(), key) == requested_keys.end())
      requested_keys.emplace_back(key);
  }
};

}  // namespace wakesim

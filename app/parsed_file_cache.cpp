#include "wakesim/app/parsed_file_cache.h"

namespace wakesim {

ConfigDocument ParsedFileCache::load(const std::string& path) {
  auto it = parsed_.find(path);
  if (it == parsed_.end()) it = parsed_.emplace(path, ConfigDocument::load_file(path)).first;
  return it->second.copy();
}

}  // namespace wakesim

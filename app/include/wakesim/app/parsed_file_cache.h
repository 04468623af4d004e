#pragma once
// Configuration files parsed once and handed out as fresh copies, for reading
// one scenario and its platform under many sets of overrides (a sweep checks
// every point before it runs any, docs/architecture.md): parsing the YAML is
// most of the cost of reading a point, and a copy of the parsed tree is cheap.
#include <map>
#include <string>

#include "wakesim/core/config_document.h"

namespace wakesim {

class ParsedFileCache {
 public:
  // The file as ConfigDocument::load_file reads it, parsed on first use; a
  // file that does not load throws its ConfigError every time.
  ConfigDocument load(const std::string& path);

 private:
  std::map<std::string, ConfigDocument> parsed_;
};

}  // namespace wakesim

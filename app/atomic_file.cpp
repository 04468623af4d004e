#include "wakesim/app/atomic_file.h"

#include "wakesim/app/atomic_output_file.h"

namespace wakesim {

void write_file_atomically(const std::string& path, const std::string& content) {
  AtomicOutputFile file(path);
  file.write(content);
  file.complete();
  file.commit();
}

}  // namespace wakesim

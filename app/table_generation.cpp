#include "wakesim/app/table_generation.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wakesim/app/atomic_file.h"

namespace wakesim {
namespace {

namespace fs = std::filesystem;

const std::string kCurrentLink = "tables";
const std::string kGenerationPrefix = "tables.";
const std::string kPartialSuffix = ".partial";

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error) {
  throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(error));
}

// N for a directory entry named tables.N.
std::optional<unsigned long> generation_number(const std::string& name) {
  if (name.rfind(kGenerationPrefix, 0) != 0 || name.size() == kGenerationPrefix.size() ||
      name.size() > kGenerationPrefix.size() + 9)
    return std::nullopt;
  for (std::size_t i = kGenerationPrefix.size(); i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
  return std::stoul(name.substr(kGenerationPrefix.size()));
}

bool is_partial_generation(const std::string& name) {
  return name.rfind(kGenerationPrefix, 0) == 0 && name.size() > kPartialSuffix.size() &&
         name.compare(name.size() - kPartialSuffix.size(), kPartialSuffix.size(), kPartialSuffix) == 0;
}

std::vector<std::string> entry_names(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  return names;
}

// What a killed publication left behind.
void remove_partial_generations(const fs::path& dir) {
  std::error_code ignored;
  for (const std::string& name : entry_names(dir))
    if (is_partial_generation(name)) fs::remove_all(dir / name, ignored);
}

std::string next_generation(const fs::path& dir) {
  unsigned long last = 0;
  for (const std::string& name : entry_names(dir))
    if (const std::optional<unsigned long> n = generation_number(name)) last = std::max(last, *n);
  return kGenerationPrefix + std::to_string(last + 1);
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open", dir, errno);
  const int status = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (status != 0) fail("cannot flush", dir, error);
}

// The generation written whole and renamed into place (not yet current).
void write_generation(const fs::path& dir, const std::string& generation,
                      const std::vector<std::pair<std::string, std::string>>& files) {
  const fs::path partial = dir / (generation + kPartialSuffix);
  if (::mkdir(partial.c_str(), 0755) != 0) fail("cannot create", partial, errno);
  try {
    for (const auto& file : files) write_file_atomically((partial / file.first).string(), file.second);
    sync_directory(partial);
    if (::rename(partial.c_str(), (dir / generation).c_str()) != 0) fail("cannot rename into", dir / generation, errno);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    throw;
  }
}

std::string link_target(const fs::path& link) {
  std::error_code error;
  const fs::path target = fs::read_symlink(link, error);
  return error ? std::string() : target.string();
}

// `link` becomes a symlink to `target` in one rename(2), whatever it was.
void replace_with_symlink(const fs::path& link, const std::string& target) {
  if (fs::is_symlink(fs::symlink_status(link)) && link_target(link) == target) return;
  const fs::path temporary = link.string() + ".next";
  ::unlink(temporary.c_str());
  if (::symlink(target.c_str(), temporary.c_str()) != 0) fail("cannot create", temporary, errno);
  if (::rename(temporary.c_str(), link.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail("cannot rename into", link, error);
  }
}

// Whether DIR's current generation already holds exactly `files`, linked.
bool same_as_current(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& file : files) {
    if (link_target(dir / file.first) != kCurrentLink + "/" + file.first) return false;
    std::ifstream in(dir / kCurrentLink / file.first, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in || text.str() != file.second) return false;
  }
  return true;
}

void remove_generations_except(const fs::path& dir, const std::string& current, const std::string& previous) {
  std::error_code ignored;
  for (const std::string& name : entry_names(dir))
    if (generation_number(name) && name != current && name != previous) fs::remove_all(dir / name, ignored);
}

}  // namespace

void publish_table_generation(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  remove_partial_generations(dir);
  if (same_as_current(dir, files)) return;  // a rerun that changed nothing
  const std::string generation = next_generation(dir);
  write_generation(dir, generation, files);
  // Until the first generation is current these links dangle: a reader finds
  // neither file rather than one.
  for (const auto& file : files) replace_with_symlink(dir / file.first, kCurrentLink + "/" + file.first);
  const std::string previous = link_target(dir / kCurrentLink);
  replace_with_symlink(dir / kCurrentLink, generation);
  sync_directory(dir);
  remove_generations_except(dir, generation, previous);
}

}  // namespace wakesim

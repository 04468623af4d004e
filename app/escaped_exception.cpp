#include "escaped_exception.h"

#include <exception>
#include <filesystem>
#include <new>
#include <ostream>
#include <system_error>

namespace wakesim {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

}  // namespace

bool names_a_bad_place(const std::error_code& code) {
  return code == std::errc::not_a_directory || code == std::errc::is_a_directory ||
         code == std::errc::permission_denied || code == std::errc::operation_not_permitted ||
         code == std::errc::read_only_file_system || code == std::errc::file_exists ||
         code == std::errc::no_such_file_or_directory || code == std::errc::filename_too_long;
}

int report_escaped_exception(std::ostream& errors) {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    errors << "wakesim: out of memory (the configuration asks for more than this machine has)\n";
    return kExitFailure;
  } catch (const std::filesystem::filesystem_error& error) {
    const std::string place = error.path1().empty() ? std::string("a file") : error.path1().string();
    errors << "wakesim: " << place << ": " << error.code().message() << "\n";
    return names_a_bad_place(error.code()) ? kExitBadInput : kExitFailure;
  } catch (const std::system_error& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitFailure;
  } catch (...) {
    errors << "wakesim: an unknown failure\n";
    return kExitFailure;
  }
}

}  // namespace wakesim

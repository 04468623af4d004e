#include "wakesim/app/escaped_exception.h"

#include <cstddef>
#include <exception>
#include <filesystem>
#include <new>
#include <ostream>
#include <string>
#include <system_error>

#include <systemc>

#include "wakesim/core/units.h"

namespace wakesim {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

constexpr const char* kOutOfMemory = "out of memory (the configuration asks for more than this machine has)";

// An exception thrown inside a SystemC process reaches sc_start() wrapped in an
// sc_report of type "uncaught exception" (E549) whose message is the original
// what(): unwrap it, and say in which process and at what simulated time.
std::string simulation_failure(const sc_core::sc_report& report) {
  const std::string where =
      report.get_process_name() && *report.get_process_name()
          ? std::string(" in ") + report.get_process_name() + " at " + format(Duration{report.get_time().value()})
          : std::string();
  if (std::string(report.get_msg_type()) != "uncaught exception") return first_line(report.what());
  const std::string message = report.get_msg();
  if (message == "std::bad_alloc") return std::string(kOutOfMemory) + where;
  return first_line(message.c_str()) + where;
}

}  // namespace

bool names_a_bad_place(const std::error_code& code) {
  return code == std::errc::not_a_directory || code == std::errc::is_a_directory ||
         code == std::errc::permission_denied || code == std::errc::operation_not_permitted ||
         code == std::errc::read_only_file_system || code == std::errc::file_exists ||
         code == std::errc::no_such_file_or_directory || code == std::errc::filename_too_long;
}

namespace {

char* failure_reserve = nullptr;

// std::new_handler: the reserve goes back, and the allocation that failed fails.
void give_back_reserve() {
  delete[] failure_reserve;
  failure_reserve = nullptr;
  std::set_new_handler(nullptr);
  throw std::bad_alloc();
}

}  // namespace

void keep_memory_for_failure_reports() {
  constexpr std::size_t kReserveBytes = std::size_t{4} << 20;
  if (failure_reserve) return;
  failure_reserve = new char[kReserveBytes];
  std::set_new_handler(give_back_reserve);
}

int report_escaped_exception(std::ostream& errors) {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    errors << "wakesim: " << kOutOfMemory << "\n";
    return kExitFailure;
  } catch (const sc_core::sc_report& report) {
    errors << "wakesim: " << simulation_failure(report) << "\n";
    return kExitFailure;
  } catch (const std::filesystem::filesystem_error& error) {
    const std::string place = error.path1().empty() ? std::string("a file") : error.path1().string();
    errors << "wakesim: " << place << ": " << error.code().message() << "\n";
    return names_a_bad_place(error.code()) ? kExitBadInput : kExitFailure;
  } catch (const std::system_error& error) {
    errors << "wakesim: " << error.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& error) {
    errors << "wakesim: " << first_line(error.what()) << "\n";
    return kExitFailure;
  } catch (...) {
    errors << "wakesim: an unknown failure\n";
    return kExitFailure;
  }
}

std::string first_line(const char* message) {
  const std::string text(message);
  return text.substr(0, text.find('\n'));
}

}  // namespace wakesim

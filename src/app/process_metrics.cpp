#include "app/process_metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace brigade::app {
namespace {

using metrics::metric_type;
using metrics::sample;

// /proc/self/statm: sizes in pages; the first is virtual, the second resident.
std::optional<std::pair<int64_t, int64_t>> statm_bytes() {
  std::ifstream in("/proc/self/statm");
  int64_t virtual_pages = 0;
  int64_t resident_pages = 0;
  if (!(in >> virtual_pages >> resident_pages)) return std::nullopt;
  const int64_t page = sysconf(_SC_PAGESIZE);
  return std::pair{virtual_pages * page, resident_pages * page};
}

double cpu_seconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double open_fds() {
  std::error_code ec;
  double count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++count;
  // The directory iterator's own descriptor is one of them.
  return count > 0 ? count - 1 : 0;
}

// Field 22 of /proc/self/stat is the start time in clock ticks after boot;
// /proc/stat's btime is the boot time in Unix seconds. Read once: it never
// changes. Falls back to "now" (registration happens at start-up).
double start_time_seconds() {
  const double fallback = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::ifstream stat("/proc/self/stat");
  std::string line;
  if (!std::getline(stat, line)) return fallback;
  // The command name (field 2) may hold spaces: fields resume after its ')'.
  const auto close = line.rfind(')');
  if (close == std::string::npos) return fallback;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i < 22) continue;
    std::ifstream boot("/proc/stat");
    std::string key;
    int64_t btime = 0;
    while (boot >> key) {
      if (key == "btime" && boot >> btime) {
        return static_cast<double>(btime) + std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
      }
    }
  }
  return fallback;
}

std::vector<sample> one(double value) {
  return {sample{"", {}, value}};
}

}  // namespace

std::optional<int64_t> resident_memory_bytes() {
  if (auto sizes = statm_bytes()) return sizes->second;
  return std::nullopt;
}

void register_process_metrics(metrics::registry& r) {
  r.add_callback("process_resident_memory_bytes", "Resident memory size in bytes.", metric_type::gauge, [] {
    return one(static_cast<double>(statm_bytes().value_or(std::pair{0, 0}).second));
  });
  r.add_callback("process_virtual_memory_bytes", "Virtual memory size in bytes.", metric_type::gauge, [] {
    return one(static_cast<double>(statm_bytes().value_or(std::pair{0, 0}).first));
  });
  r.add_callback("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", metric_type::counter,
                 [] { return one(cpu_seconds()); });
  r.add_callback("process_open_fds", "Number of open file descriptors.", metric_type::gauge,
                 [] { return one(open_fds()); });
  const double started = start_time_seconds();
  r.add_callback("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.",
                 metric_type::gauge, [started] { return one(started); });
  r.add_callback("brigade_build_info", "Always 1; the version of the running server is in its label.",
                 metric_type::gauge, [] {
                   return std::vector<sample>{sample{"", {{"version", BRIGADE_VERSION}}, 1}};
                 });
}

}  // namespace brigade::app

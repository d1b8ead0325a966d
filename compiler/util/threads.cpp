#include "util/threads.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace nplc::util {

unsigned workerThreads(std::size_t items, std::size_t enough) {
  static const unsigned forced = [] {
    const char* n = std::getenv("NPLC_THREADS");
    return n != nullptr ? static_cast<unsigned>(std::min(64UL, std::strtoul(n, nullptr, 10))) : 0U;
  }();
  if (forced != 0) return forced;
  if (items < enough) return 1;
  return std::min(8U, std::max(1U, std::thread::hardware_concurrency()));
}

}  // namespace nplc::util

#pragma once
// How many threads share a piece of work: one per core (at most 8) when there
// are at least `enough` items, else one. NPLC_THREADS=N forces N (1: the
// calling thread only), for tests and measurements.
#include <cstddef>

namespace nplc::util {

unsigned workerThreads(std::size_t items, std::size_t enough);

}  // namespace nplc::util

#pragma once
// How many threads share a piece of work: one per core (at most 8) when there
// are at least `enough` items, else one. NPLC_THREADS=N forces N (1: the
// calling thread only), for tests and measurements.
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace nplc::util {

unsigned workerThreads(std::size_t items, std::size_t enough);

// work(i) for every i below n, on workerThreads(n, enough) threads (the
// calling one among them), each i once, in no set order: work must write
// only what belongs to its i. The first exception thrown is rethrown here
// once every thread has stopped.
template <class Work>
void forEachIndex(std::size_t n, std::size_t enough, Work&& work) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failureLock;
  auto run = [&] {
    try {
      for (std::size_t i = next++; i < n; i = next++) work(i);
    } catch (...) {
      const std::lock_guard<std::mutex> hold(failureLock);
      if (!failure) failure = std::current_exception();
      next = n;  // the others stop at their next item
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < workerThreads(n, enough); ++t) threads.emplace_back(run);
  run();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace nplc::util

// Unit tests for util/threads: forEachIndex visits every index once, on
// several threads when there are enough items, and rethrows a failure.
#include "util/threads.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using nplc::util::forEachIndex;

TEST_CASE("forEachIndex: every index once, whatever the threads") {
  for (const std::size_t n : {0UL, 1UL, 7UL, 5000UL}) {
    std::vector<int> visits(n, 0);
    forEachIndex(n, 1, [&](std::size_t i) { ++visits[i]; });
    CHECK(visits == std::vector<int>(n, 1));
  }
}

TEST_CASE("forEachIndex: several threads share many items, one thread few") {
  // The threads that ran some item: one below `enough`; with one per core
  // (two or more here), more than one on many items.
  const auto threadsSeen = [](std::size_t n, std::size_t enough) {
    std::mutex lock;
    std::set<std::thread::id> ids;
    forEachIndex(n, enough, [&](std::size_t) {
      const std::lock_guard<std::mutex> hold(lock);
      ids.insert(std::this_thread::get_id());
    });
    return ids.size();
  };
  CHECK(threadsSeen(10, 100) == 1);
  if (std::thread::hardware_concurrency() > 1 && std::getenv("NPLC_THREADS") == nullptr) {
    // Many short items: another thread takes some of them almost surely; a
    // few rounds make it certain in practice.
    std::size_t most = 1;
    for (int round = 0; round < 20 && most == 1; ++round) most = std::max(most, threadsSeen(100000, 1));
    CHECK(most > 1);
  }
}

TEST_CASE("forEachIndex: the first failure is rethrown after every thread stopped") {
  CHECK_THROWS_WITH_AS(forEachIndex(1000, 1,
                                    [](std::size_t i) {
                                      if (i == 3) throw std::runtime_error("item 3");
                                    }),
                       "item 3", std::runtime_error);
}

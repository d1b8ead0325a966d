#pragma once
// The one checked macro for internal invariants: a broken invariant is a bug
// in nplc, reported as "internal error" with its location, never UB.
#include <stdexcept>
#include <string>

namespace nplc::util {

struct InternalError : std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] void internalError(const char* file, int line, const std::string& what);

}  // namespace nplc::util

#define NPLC_CHECK(cond, what)                                          \
  do {                                                                  \
    if (!(cond)) ::nplc::util::internalError(__FILE__, __LINE__, (what)); \
  } while (0)

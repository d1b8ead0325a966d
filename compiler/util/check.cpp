#include "util/check.h"

namespace nplc::util {

void internalError(const char* file, int line, const std::string& what) {
  throw InternalError(std::string("internal error at ") + file + ":" + std::to_string(line) + ": " + what);
}

}  // namespace nplc::util

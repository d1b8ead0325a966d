#pragma once
// Files embedded into the binary at build time (cmake/embed_files.cmake).
#include <string>
#include <vector>

namespace nplc::util {

struct EmbeddedFile {
  std::string name;  // e.g. "std/dns", or a diagnostic code
  std::string text;
};

}  // namespace nplc::util

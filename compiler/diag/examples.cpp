#include "diag/examples.h"

#include <algorithm>

namespace nplc::diag {

std::string_view exampleFor(std::string_view code) {
  const auto& files = exampleFiles();  // sorted by name
  const auto it = std::lower_bound(files.begin(), files.end(), code,
                                   [](const util::EmbeddedFile& f, std::string_view c) { return f.name < c; });
  return it != files.end() && it->name == code ? std::string_view(it->text) : std::string_view();
}

}  // namespace nplc::diag

#pragma once
// The hover on an `expect` or an edge: what each compiled target's objects
// decide about that connection, with the deciding source lines
// (driver/connection_judge.h), as `nplc query` answers it.
#include <optional>
#include <string>

#include "lsp/analysis.h"

namespace nplc::lsp {

struct VerdictHover {
  std::string markdown;
  source::Span span;  // the statement
};

// The verdict of the `expect` or edge written in `file` around `offset`;
// nullopt when there is none there or the program did not compile.
std::optional<VerdictHover> verdictAt(const Analysis& a, source::FileId file, std::uint32_t offset);

}  // namespace nplc::lsp

#pragma once
// What the formatter needs to know of a parsed file, as byte offsets of
// tokens: where each statement starts, which braces open and close a block
// (namespace, bundle) rather than a selector, and where each item of a
// selector or `ports { }` list starts.
#include <cstdint>
#include <set>

#include "syntax/ast.h"

namespace nplc::layout {

struct Structure {
  std::set<std::uint32_t> statements;     // first byte of every statement
  std::set<std::uint32_t> blockOpens;     // the `{` of a namespace or bundle block
  std::set<std::uint32_t> blockCloses;    // its `}`
  std::set<std::uint32_t> topBlocks;      // first byte of a top-level statement with a block
  std::set<std::uint32_t> externals;      // first byte of an `external NAME = ...` statement
  std::set<std::uint32_t> items;          // first byte of a selector requirement or a container port
};

// `text` is the file's text; block braces are found in it between the
// block's name and its end.
Structure structureOf(const ast::File& file, const std::string& text);

}  // namespace nplc::layout

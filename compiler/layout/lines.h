#pragma once
// The formatter's output before it is text: one entry per line, then the
// alignment of `=` in runs of externals and of trailing comments.
#include <cstdint>
#include <string>
#include <vector>

namespace nplc::layout {

struct Line {
  int indent = 0;
  std::string code;     // without the indentation
  std::string comment;  // `# ...`: trailing when `code` is set, else a comment line
  bool blank = false;
  bool opensBlock = false;      // ends with a namespace's or bundle's `{`
  bool closesTopBlock = false;  // the `}` of a top-level block
  int assignAt = -1;            // an external: where ` = ` starts in `code`
  // The source bytes of the tokens on the line (none on a blank line): range
  // formatting replaces the source lines of the lines it keeps.
  std::uint32_t from = UINT32_MAX, to = 0;
  bool head = false;  // starts a statement, or is a comment or blank line of its own
};

// Aligns the `=` of consecutive externals and the trailing comments of
// consecutive lines that have one, then joins the lines. `lineOf`, when
// given, receives the 0-based output line of each entry (-1: left out).
std::string render(std::vector<Line> lines, std::vector<int>* lineOf = nullptr);

}  // namespace nplc::layout

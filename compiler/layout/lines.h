#pragma once
// The formatter's output before it is text: one entry per line, then the
// alignment of `=` in runs of externals and of trailing comments.
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
};

// Aligns the `=` of consecutive externals and the trailing comments of
// consecutive lines that have one, then joins the lines.
std::string render(std::vector<Line> lines);

}  // namespace nplc::layout

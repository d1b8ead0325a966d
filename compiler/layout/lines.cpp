#include "layout/lines.h"

#include <algorithm>

namespace nplc::layout {

namespace {

// Columns are counted in code points, as an editor shows them.
int width(const std::string& s) {
  return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Calls `align(first, last)` for every run of consecutive lines that `member` accepts.
template <typename Member, typename Align>
void forEachRun(std::vector<Line>& lines, Member member, Align align) {
  std::size_t i = 0;
  while (i < lines.size()) {
    if (!member(lines[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < lines.size() && member(lines[j]) && lines[j].indent == lines[i].indent) ++j;
    align(i, j);
    i = j;
  }
}

}  // namespace

std::string render(std::vector<Line> lines, std::vector<int>* lineOf) {
  forEachRun(
      lines, [](const Line& l) { return l.assignAt >= 0; },
      [&](std::size_t first, std::size_t last) {
        int to = 0;
        for (std::size_t k = first; k < last; ++k) to = std::max(to, lines[k].assignAt);
        for (std::size_t k = first; k < last; ++k)
          lines[k].code.insert(static_cast<std::size_t>(lines[k].assignAt), to - lines[k].assignAt, ' ');
      });
  std::vector<int> commentColumn(lines.size(), 0);
  forEachRun(
      lines, [](const Line& l) { return !l.code.empty() && !l.comment.empty(); },
      [&](std::size_t first, std::size_t last) {
        int col = 0;
        for (std::size_t k = first; k < last; ++k) col = std::max(col, width(lines[k].code));
        for (std::size_t k = first; k < last; ++k) commentColumn[k] = col + 2;
      });
  // No blank line at the start or the end.
  if (lineOf != nullptr) lineOf->assign(lines.size(), -1);
  while (!lines.empty() && lines.back().blank) lines.pop_back();
  std::string out;
  bool started = false;
  int written = 0;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const auto& l = lines[k];
    if (l.blank && !started) continue;
    if (lineOf != nullptr) (*lineOf)[k] = written;
    ++written;
    if (l.blank) {
      out += '\n';
      continue;
    }
    started = true;
    out.append(static_cast<std::size_t>(l.indent), ' ');
    out += l.code;
    if (!l.comment.empty()) {
      if (!l.code.empty()) out.append(static_cast<std::size_t>(commentColumn[k] - width(l.code)), ' ');
      out += l.comment;
    }
    out += '\n';
  }
  return out;
}

}  // namespace nplc::layout

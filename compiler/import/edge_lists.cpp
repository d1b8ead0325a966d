#include "import/edge_lists.h"

#include <algorithm>
#include <map>

namespace nplc::import {

namespace {

// Statements merged where `key` is the same (`merge` adds the second to the
// first), in the order of their first appearance; comments and edges with
// one are never merged.
template <typename Key, typename Merge>
std::vector<Statement> group(const std::vector<Statement>& in, Key key, Merge merge) {
  std::vector<Statement> out;
  std::map<std::string, std::size_t> index;
  for (const auto& s : in) {
    if (!s.comment.empty() || !s.trailing.empty()) {
      out.push_back(s);
      continue;
    }
    const auto [it, fresh] = index.emplace(key(s), out.size());
    if (fresh)
      out.push_back(s);
    else
      merge(out[it->second], s);
  }
  return out;
}

const std::string& textOf(const std::string& source) { return source; }
const std::string& textOf(const Target& target) { return target.text; }

template <typename T>
std::string joinList(const std::vector<T>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + textOf(i);
  return out;
}

// `s` over as few lines as keep within kMaxWidth, cutting its `member` list
// into parts of even length.
template <typename T>
std::vector<Statement> cut(const Statement& s, std::vector<T> Statement::*member) {
  const auto& list = s.*member;
  auto parts = [&](std::size_t perLine) {
    std::vector<Statement> out;
    for (std::size_t i = 0; i < list.size(); i += perLine) {
      Statement part = s;
      (part.*member)
          .assign(list.begin() + static_cast<std::ptrdiff_t>(i),
                  list.begin() + static_cast<std::ptrdiff_t>(std::min(list.size(), i + perLine)));
      out.push_back(std::move(part));
    }
    return out;
  };
  for (std::size_t lines = 1; lines < list.size(); ++lines) {
    auto out = parts((list.size() + lines - 1) / lines);
    if (std::all_of(out.begin(), out.end(), [](const Statement& p) { return statementText(p).size() <= kMaxWidth; }))
      return out;
  }
  return parts(1);
}

}  // namespace

// A target without ports goes first: after `b:80`, `, c` would be a named
// port of b (docs/language.md, "Several sources or destinations").
std::vector<Statement> listStatements(const std::vector<Statement>& edges) {
  auto bySource = group(
      edges, [](const Statement& e) { return e.side + e.sources.front(); },
      [](Statement& into, const Statement& e) { into.targets.push_back(e.targets.front()); });
  for (auto& s : bySource)
    std::stable_partition(s.targets.begin(), s.targets.end(), [](const Target& t) { return !t.ported; });
  auto merged = group(
      bySource,
      [](const Statement& s) {
        std::string key = s.side;
        for (const auto& t : s.targets) key += "\n" + t.text + (t.note.empty() ? "" : "\n#" + s.sources.front());
        return key;
      },
      [](Statement& into, const Statement& s) { into.sources.push_back(s.sources.front()); });
  std::vector<Statement> out;
  for (const auto& s : merged) {
    if (!s.comment.empty()) {
      out.push_back(s);
      continue;
    }
    // Cut the longer list so that each line fits.
    const auto lines = s.sources.size() > s.targets.size() ? cut(s, &Statement::sources) : cut(s, &Statement::targets);
    out.insert(out.end(), lines.begin(), lines.end());
  }
  return out;
}

std::string statementText(const Statement& s) {
  if (!s.comment.empty()) return "  # " + s.comment;
  // With several notes, each says which target it is about.
  std::size_t notes = 0;
  for (const auto& t : s.targets) notes += t.note.empty() ? 0 : 1;
  std::string comment;
  for (const auto& t : s.targets)
    if (!t.note.empty())
      comment += (comment.empty() ? "" : "; ") + (notes > 1 ? t.text.substr(0, t.text.find(' ')) + " " : "") + t.note;
  if (!s.trailing.empty()) comment += (comment.empty() ? "" : "; ") + s.trailing;
  return "  " + s.side + joinList(s.sources) + " -> " + joinList(s.targets) + (comment.empty() ? "" : "  # " + comment);
}

}  // namespace nplc::import

#pragma once
// Spans of a compilation as LSP locations: the file's URI and the span's
// range in UTF-16 positions. Line tables are built once per file and request.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "lsp/analysis.h"
#include "lsp/positions.h"
#include "lsp/protocol.h"

namespace nplc::lsp {

struct FileLinks {
  // Whether the editor has the file open (its buffer then has no hidden
  // byte-order mark), and the URI that stands for a path.
  std::function<bool(const std::string& path)> isOpen;
  std::function<std::string(const std::string& path)> uriOf;
};

class Locator {
 public:
  Locator(const Analysis& a, FileLinks links) : a_(a), links_(std::move(links)) {}

  // The canonical path of the span's file; "" for no file or a std/ module.
  std::string pathOf(source::Span span) const;
  Range range(source::Span span);
  std::optional<Json> location(source::Span span);
  std::string uriOf(const std::string& path) const { return links_.uriOf(path); }
  // "file:line:col" as nplc prints it, for places the editor cannot open.
  std::string where(source::Span span) const;

 private:
  const Analysis& a_;
  FileLinks links_;
  std::map<source::FileId, std::unique_ptr<LineIndex>> indexes_;
};

}  // namespace nplc::lsp

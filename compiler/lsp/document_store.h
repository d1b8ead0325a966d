#pragma once
// The documents the editor has open: their current text (edits applied as
// they arrive) and the path the compiler knows them by. The overlay it keeps
// is what the loader reads instead of the disk, so a program sees every open
// buffer's unsaved text, imports included.
#include <map>
#include <string>

#include "lsp/protocol.h"
#include "source/overlay.h"

namespace nplc::lsp {

struct Document {
  std::string uri;
  // Canonical absolute path. Documents that are not files (untitled: buffers)
  // get a path under /nplc-virtual/ that exists only in the overlay.
  std::string path;
  bool isFile = false;
  std::string text;
  std::int64_t version = 0;
};

class DocumentStore {
 public:
  Document& open(const std::string& uri, std::string text, std::int64_t version);
  // Applies `contentChanges` of didChange in order: full replacements and
  // ranged edits (UTF-16 ranges). Throws std::invalid_argument on a malformed
  // change, leaving the document as it was.
  void change(Document& doc, const Json& contentChanges, std::int64_t version);
  void close(const std::string& uri);

  Document* find(const std::string& uri);
  const Document* find(const std::string& uri) const;
  const Document* findByPath(const std::string& path) const;
  const std::map<std::string, Document>& all() const { return docs_; }
  const source::Overlay& overlay() const { return overlay_; }

  // The path a URI stands for (canonical), or the virtual path of a non-file.
  static std::string pathFor(const std::string& uri, bool& isFile);

 private:
  std::map<std::string, Document> docs_;  // by URI
  std::map<std::string, std::string> uriByPath_;
  source::Overlay overlay_;
};

}  // namespace nplc::lsp

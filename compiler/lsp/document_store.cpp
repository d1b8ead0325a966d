#include "lsp/document_store.h"

#include <cctype>
#include <filesystem>
#include <stdexcept>

#include "lsp/positions.h"
#include "lsp/uri.h"

namespace nplc::lsp {

namespace fs = std::filesystem;

std::string DocumentStore::pathFor(const std::string& uri, bool& isFile) {
  std::error_code ec;
  if (auto p = uriToPath(uri)) {
    isFile = true;
    return fs::weakly_canonical(fs::path(*p), ec).string();
  }
  // Not a file: a name that no file has, made of the URI's safe characters.
  isFile = false;
  std::string name;
  for (const char c : uri) name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
  if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npl") != 0) name += ".npl";
  return "/nplc-virtual/" + name;
}

Document& DocumentStore::open(const std::string& uri, std::string text, std::int64_t version) {
  close(uri);
  Document doc;
  doc.uri = uri;
  doc.path = pathFor(uri, doc.isFile);
  doc.text = std::move(text);
  doc.version = version;
  overlay_[doc.path] = doc.text;
  uriByPath_[doc.path] = uri;
  return docs_[uri] = std::move(doc);
}

void DocumentStore::change(Document& doc, const Json& contentChanges, std::int64_t version) {
  if (!contentChanges.is_array()) throw std::invalid_argument("contentChanges is not an array");
  std::string text = doc.text;
  for (const auto& change : contentChanges) {
    const std::string& newText = change.at("text").get_ref<const std::string&>();
    if (!change.contains("range")) {
      text = newText;
      continue;
    }
    const LineIndex index(text, false);
    const Range r = rangeFromJson(change.at("range"));
    std::uint32_t begin = index.offset(r.start);
    std::uint32_t end = index.offset(r.end);
    if (end < begin) std::swap(begin, end);
    text.replace(begin, end - begin, newText);
  }
  doc.text = std::move(text);
  doc.version = version;
  overlay_[doc.path] = doc.text;
}

void DocumentStore::close(const std::string& uri) {
  const auto it = docs_.find(uri);
  if (it == docs_.end()) return;
  const std::string path = it->second.path;
  docs_.erase(it);
  overlay_.erase(path);
  uriByPath_.erase(path);
  // Two URIs may name one file (through a symbolic link): the other stays.
  for (const auto& [otherUri, other] : docs_) {
    if (other.path != path) continue;
    overlay_[path] = other.text;
    uriByPath_[path] = otherUri;
  }
}

Document* DocumentStore::find(const std::string& uri) {
  const auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : &it->second;
}

const Document* DocumentStore::find(const std::string& uri) const {
  const auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : &it->second;
}

const Document* DocumentStore::findByPath(const std::string& path) const {
  const auto it = uriByPath_.find(path);
  if (it == uriByPath_.end()) return nullptr;
  return &docs_.at(it->second);
}

}  // namespace nplc::lsp

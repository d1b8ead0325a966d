#include "lsp/workspace.h"

#include <filesystem>

#include "lsp/diagnostics.h"
#include "lsp/uri.h"

namespace nplc::lsp {

namespace fs = std::filesystem;

namespace {

bool isBelow(const std::string& path, const std::string& folder) {
  return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
         (folder.back() == '/' || path[folder.size()] == '/');
}

}  // namespace

void Workspace::setScope(ProgramScope scope) {
  if (scope == scope_) return;
  scope_ = scope;
  touchedAll();
}

void Workspace::setRoots(std::vector<std::string> roots) {
  roots_ = std::move(roots);
  touchedAll();
}

bool Workspace::insideRoots(const std::string& path) const {
  if (roots_.empty()) return true;
  for (const auto& r : roots_) {
    if (path == r || isBelow(path, r)) return true;
  }
  return false;
}

std::string Workspace::rootOf(const Document& doc) const {
  // A document outside the workspace folders is its own program: its folder
  // is not read.
  if (scope_ == ProgramScope::File || !doc.isFile || !insideRoots(doc.path)) return doc.path;
  return fs::path(doc.path).parent_path().string();
}

std::vector<std::string> Workspace::inputsOf(const std::string& root) const {
  std::vector<std::string> inputs;
  std::error_code ec;
  if (insideRoots(root) && fs::is_directory(root, ec)) inputs.push_back(root);
  // The open documents it owns, even when they are not .npl files or not on disk.
  for (const auto& [uri, doc] : docs_.all()) {
    if (rootOf(doc) == root) inputs.push_back(doc.path);
  }
  return inputs;
}

void Workspace::touched(const std::string& path) {
  for (auto& [root, p] : programs_) {
    if (!p.analysis || p.analysis->contains(path) || root == path || isBelow(path, root)) p.dirty = true;
  }
  if (const Document* doc = docs_.findByPath(path)) programs_[rootOf(*doc)].dirty = true;
}

void Workspace::touchedAll() {
  for (auto& [root, p] : programs_) p.dirty = true;
  for (const auto& [uri, doc] : docs_.all()) programs_[rootOf(doc)].dirty = true;
}

void Workspace::compile(const std::string& root, Program& p) {
  p.analysis = analyze(inputsOf(root), docs_.overlay(), roots_, 
                       projectSettingsFor(root, [this](const std::string& f) { return insideRoots(f); }));
  p.dirty = false;
  for (const auto& [uri, doc] : docs_.all()) {
    const ast::File* ast = p.analysis->astOf(doc.path);
    if (ast == nullptr || rootOf(doc) != root) continue;
    auto& decls = lastDecls_[doc.path];
    decls.clear();
    for (Decl d : p.analysis->index.decls()) {
      d.nsAst = nullptr;  // the AST goes away with the analysis
      d.service = nullptr;
      d.external = nullptr;
      d.bundle = nullptr;
      decls.push_back(std::move(d));
    }
  }
  publishAll(root, p);
}

const Analysis& Workspace::analysisFor(const Document& doc) {
  const std::string root = rootOf(doc);
  Program& p = programs_[root];
  if (p.dirty || !p.analysis) compile(root, p);
  return *p.analysis;
}

const std::vector<Decl>& Workspace::lastDecls(const std::string& path) const {
  static const std::vector<Decl> kNone;
  const auto it = lastDecls_.find(path);
  return it == lastDecls_.end() ? kNone : it->second;
}

void Workspace::send(const std::string& uri, Json diagnostics) {
  auto it = sent_.find(uri);
  if (it != sent_.end() && it->second == diagnostics) return;
  Json params = {{"uri", uri}, {"diagnostics", diagnostics}};
  sent_[uri] = std::move(diagnostics);
  publish_(std::move(params));
}

void Workspace::publishAll(const std::string& root, Program& p) {
  const FileLinks links{[&](const std::string& path) { return docs_.findByPath(path) != nullptr; },
                        [&](const std::string& path) {
                          const Document* d = docs_.findByPath(path);
                          return d != nullptr ? d->uri : pathToUri(path);
                        }};
  auto byPath = lspDiagnostics(*p.analysis, links);
  const Json nowhere = byPath[""];
  std::set<std::string> uris;
  // Open documents owned by this program, with what points at no file.
  for (const auto& [uri, doc] : docs_.all()) {
    if (rootOf(doc) != root) continue;
    Json list = byPath.count(doc.path) != 0 ? byPath[doc.path] : Json::array();
    for (const auto& d : nowhere) list.push_back(d);
    send(uri, std::move(list));
    uris.insert(uri);
  }
  // Files of the program that are not open (an open document owned by another
  // program gets its diagnostics from that one).
  for (auto& [path, list] : byPath) {
    if (path.empty() || docs_.findByPath(path) != nullptr) continue;
    const std::string uri = pathToUri(path);
    send(uri, std::move(list));
    uris.insert(uri);
  }
  for (const auto& uri : p.uris) {
    const Document* doc = docs_.find(uri);
    if (uris.count(uri) == 0 && (doc == nullptr || rootOf(*doc) == root)) send(uri, Json::array());
  }
  p.uris = std::move(uris);
}

void Workspace::flush() {
  std::set<std::string> owners;
  for (const auto& [uri, doc] : docs_.all()) owners.insert(rootOf(doc));
  for (auto it = lastDecls_.begin(); it != lastDecls_.end();) {
    it = docs_.findByPath(it->first) == nullptr ? lastDecls_.erase(it) : std::next(it);
  }
  for (auto it = programs_.begin(); it != programs_.end();) {
    if (owners.count(it->first) == 0) {
      for (const auto& uri : it->second.uris) {
        const Document* doc = docs_.find(uri);
        if (doc == nullptr || owners.count(rootOf(*doc)) == 0) send(uri, Json::array());
      }
      it = programs_.erase(it);
      continue;
    }
    if (it->second.dirty || !it->second.analysis) compile(it->first, it->second);
    ++it;
  }
}

}  // namespace nplc::lsp

#include "lsp/handlers.h"

#include <filesystem>

#include "lsp/completion.h"
#include "lsp/definition.h"
#include "lsp/document_symbols.h"
#include "lsp/edits.h"
#include "lsp/hover.h"
#include "lsp/locator.h"
#include "lsp/uri.h"

namespace nplc::lsp {

namespace {

const std::string& uriOf(const Json& params) {
  return params.at("textDocument").at("uri").get_ref<const std::string&>();
}

std::int64_t versionOf(const Json& params) {
  const Json& td = params.at("textDocument");
  return td.contains("version") && td["version"].is_number_integer() ? td["version"].get<std::int64_t>() : 0;
}

}  // namespace

Json Handlers::initialize(const Json& params) {
  // Paths in messages are shown relative to the working directory, as
  // `nplc check` run from the workspace's folder shows them.
  // The workspace folders are also the only places files are read from.
  if (params.is_object()) {
    std::vector<std::string> uris;
    if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array()) {
      for (const auto& f : params["workspaceFolders"]) {
        if (f.is_object() && f.contains("uri") && f["uri"].is_string()) uris.push_back(f["uri"].get<std::string>());
      }
    }
    if (uris.empty() && params.contains("rootUri") && params["rootUri"].is_string()) {
      uris.push_back(params["rootUri"].get<std::string>());
    }
    std::vector<std::string> roots;
    for (const auto& u : uris) {
      bool isFile = false;
      const std::string dir = DocumentStore::pathFor(u, isFile);
      std::error_code ec;
      if (isFile && std::filesystem::is_directory(dir, ec)) roots.push_back(dir);
    }
    if (!roots.empty()) {
      std::error_code ec;
      std::filesystem::current_path(roots.front(), ec);
    }
    ws_.setRoots(std::move(roots));
  }
  if (params.is_object() && params.contains("initializationOptions")) {
    const Json& opts = params["initializationOptions"];
    if (opts.is_object() && opts.contains("program") && opts["program"] == "file") ws_.setScope(ProgramScope::File);
  }
  return {
      {"capabilities",
       {
           {"positionEncoding", "utf-16"},
           {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
           {"hoverProvider", true},
           {"definitionProvider", true},
           {"completionProvider", {{"triggerCharacters", {"/"}}}},
           {"documentSymbolProvider", true},
           {"documentFormattingProvider", true},
           {"documentRangeFormattingProvider", true},
           {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
       }},
      {"serverInfo", {{"name", "nplc"}, {"version", NPLC_VERSION}}},
  };
}

const Document* Handlers::document(const Json& params) { return docs_.find(uriOf(params)); }

FileLinks Handlers::links() const {
  return {[this](const std::string& path) { return docs_.findByPath(path) != nullptr; },
          [this](const std::string& path) {
            const Document* d = docs_.findByPath(path);
            return d != nullptr ? d->uri : pathToUri(path);
          }};
}

Json Handlers::hover(const Json& params) {
  const Document* doc = document(params);
  if (doc == nullptr) return nullptr;
  const Position pos = positionFromJson(params.at("position"));
  const Analysis& a = ws_.analysisFor(*doc);
  Locator loc(a, links());
  return lsp::hover(*doc, a, loc, pos);
}

Json Handlers::definition(const Json& params) {
  const Document* doc = document(params);
  if (doc == nullptr) return nullptr;
  const Position pos = positionFromJson(params.at("position"));
  const Analysis& a = ws_.analysisFor(*doc);
  Locator loc(a, links());
  return lsp::definition(*doc, a, loc, pos);
}

Json Handlers::completion(const Json& params) {
  const Document* doc = document(params);
  if (doc == nullptr) return nullptr;
  const Position pos = positionFromJson(params.at("position"));
  const Analysis& a = ws_.analysisFor(*doc);
  return lsp::completion(*doc, a, ws_.lastDecls(doc->path), pos);
}

Json Handlers::documentSymbol(const Json& params) {
  const Document* doc = document(params);
  if (doc == nullptr) return nullptr;
  return documentSymbols(*doc);
}

Json Handlers::formatting(const Json& params) {
  const Document* doc = document(params);
  if (doc == nullptr) return nullptr;
  return lsp::formatting(*doc);
}

Json Handlers::rangeFormatting(const Json& params) {
  const Document* doc = document(params);
  if (doc == nullptr) return nullptr;
  return lsp::rangeFormatting(*doc, rangeFromJson(params.at("range")));
}

Json Handlers::codeAction(const Json& params) {
  const Document* doc = document(params);
  if (doc == nullptr) return nullptr;
  const Range range = rangeFromJson(params.at("range"));
  // A client that asks for other kinds only (source.organizeImports, ...) gets none.
  if (params.contains("context") && params["context"].contains("only")) {
    bool quickfix = false;
    for (const auto& kind : params["context"]["only"]) quickfix = quickfix || kind == "quickfix";
    if (!quickfix) return Json::array();
  }
  return quickFixes(*doc, ws_.analysisFor(*doc), links(), range);
}

void Handlers::didOpen(const Json& params) {
  const Json& td = params.at("textDocument");
  const Document& doc =
      docs_.open(td.at("uri").get<std::string>(), td.at("text").get<std::string>(), versionOf(params));
  ws_.touched(doc.path);
}

void Handlers::didChange(const Json& params) {
  Document* doc = docs_.find(uriOf(params));
  if (doc == nullptr) throw std::invalid_argument("didChange for a document that is not open: " + uriOf(params));
  docs_.change(*doc, params.at("contentChanges"), versionOf(params));
  ws_.touched(doc->path);
}

void Handlers::didClose(const Json& params) {
  const Document* doc = docs_.find(uriOf(params));
  if (doc == nullptr) return;
  const std::string path = doc->path;
  docs_.close(uriOf(params));
  ws_.touched(path);
}

void Handlers::didChangeWatchedFiles(const Json&) { ws_.touchedAll(); }

}  // namespace nplc::lsp

#pragma once
// The programs behind the open documents. A document belongs to one program:
// every .npl file below its folder (like `nplc check FOLDER`), or, with the
// "file" setting, itself and what it uses (like `nplc check FILE`). A program
// is compiled again when one of its files changes (in the editor or on disk),
// and its diagnostics are published for each of its files: open documents
// owned by it, and files that are not open.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lsp/analysis.h"
#include "lsp/document_store.h"

namespace nplc::lsp {

enum class ProgramScope { Folder, File };

class Workspace {
 public:
  using Publish = std::function<void(Json params)>;  // textDocument/publishDiagnostics

  Workspace(const DocumentStore& docs, Publish publish) : docs_(docs), publish_(std::move(publish)) {}

  void setScope(ProgramScope scope);
  // The workspace folders (canonical paths) from initialize: no file outside
  // them is read, neither a folder to scan nor a file a `use` names. A
  // document outside them is compiled alone, from its buffer.
  void setRoots(std::vector<std::string> roots);
  // A file's text changed (an edit, an open or a close): every program that
  // contains it, or owns it, is out of date.
  void touched(const std::string& path);
  // Files changed on disk (we are not told which matter): everything is.
  void touchedAll();

  // The analysis of the document's program, compiled first if out of date.
  const Analysis& analysisFor(const Document& doc);
  // The declarations of the program when the document last parsed: its own
  // and those of what it uses (completion offers them while the current text
  // has a syntax error, which stops the loader before the imports).
  const std::vector<Decl>& lastDecls(const std::string& path) const;

  // Compiles every out-of-date program that owns an open document, publishes
  // what changed, and forgets programs that no longer own one.
  void flush();

 private:
  struct Program {
    std::unique_ptr<Analysis> analysis;
    bool dirty = true;
    std::set<std::string> uris;  // where it published diagnostics
  };

  std::string rootOf(const Document& doc) const;
  bool insideRoots(const std::string& path) const;
  std::vector<std::string> inputsOf(const std::string& root) const;
  void compile(const std::string& root, Program& p);
  void publishAll(const std::string& root, Program& p);
  void send(const std::string& uri, Json diagnostics);

  const DocumentStore& docs_;
  Publish publish_;
  ProgramScope scope_ = ProgramScope::Folder;
  std::vector<std::string> roots_;
  std::map<std::string, Program> programs_;  // by root
  std::map<std::string, Json> sent_;         // last diagnostics sent, by URI
  std::map<std::string, std::vector<Decl>> lastDecls_;
};

}  // namespace nplc::lsp

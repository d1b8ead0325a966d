#pragma once
// The LSP methods nplc answers, one function each, over the document store
// and the workspace of programs. The server (server.cpp) owns the lifecycle
// and turns exceptions thrown here into error responses.
#include <string>

#include "lsp/document_store.h"
#include "lsp/locator.h"
#include "lsp/protocol.h"
#include "lsp/workspace.h"

namespace nplc::lsp {

class Handlers {
 public:
  Handlers(DocumentStore& docs, Workspace& ws) : docs_(docs), ws_(ws) {}

  // Requests: return the result. Params that do not have the required shape
  // throw nlohmann::json exceptions (InvalidParams).
  Json initialize(const Json& params);
  Json hover(const Json& params);
  Json definition(const Json& params);
  Json completion(const Json& params);
  Json documentSymbol(const Json& params);
  Json formatting(const Json& params);
  Json rangeFormatting(const Json& params);
  Json codeAction(const Json& params);

  // Notifications.
  void didOpen(const Json& params);
  void didChange(const Json& params);
  void didClose(const Json& params);
  void didChangeWatchedFiles(const Json& params);

 private:
  const Document* document(const Json& params);
  FileLinks links() const;

  DocumentStore& docs_;
  Workspace& ws_;
};

}  // namespace nplc::lsp

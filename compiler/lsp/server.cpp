#include "lsp/server.h"

#include <csignal>
#include <iostream>
#include <optional>

#include "lsp/handlers.h"
#include "lsp/transport.h"
#include "util/check.h"

namespace nplc::lsp {

namespace {

class Server {
 public:
  explicit Server(Transport& t)
      : t_(t),
        ws_(docs_, [this](Json params) { send(notification("textDocument/publishDiagnostics", std::move(params))); }),
        handlers_(docs_, ws_) {}

  int run() {
    std::string problem;
    for (;;) {
      auto body = t_.read(problem);
      if (!problem.empty()) log(problem);
      if (!body) break;
      if (!problem.empty()) continue;
      handle(*body);
      if (exitCode_) return *exitCode_;
      // Compile once a burst of edits is over, not after each keystroke.
      if (initialized_ && !shutdown_ && !t_.pending()) guarded("publishing diagnostics", [&] { ws_.flush(); });
    }
    return shutdown_ ? 0 : 1;
  }

 private:
  void send(const Json& message) {
    if (!t_.write(serialize(message))) log("cannot write to the client");
  }

  static void log(const std::string& what) { std::cerr << "nplc lsp: " << what << std::endl; }

  // Runs `fn`; an exception is a bug or bad input, never a reason to stop.
  template <typename Fn>
  bool guarded(const char* what, Fn&& fn) {
    try {
      fn();
      return true;
    } catch (const std::exception& e) {
      log(std::string(what) + ": " + e.what());
    }
    return false;
  }

  void handle(const std::string& body) {
    Json msg;
    try {
      msg = Json::parse(body);
    } catch (const Json::exception& e) {
      send(errorResponse(nullptr, kParseError, std::string("invalid JSON: ") + e.what()));
      return;
    }
    if (!msg.is_object()) {
      send(errorResponse(nullptr, kInvalidRequest, "a message is a JSON object"));
      return;
    }
    const bool hasId = msg.contains("id") && (msg["id"].is_number_integer() || msg["id"].is_string());
    if (!msg.contains("method") || !msg["method"].is_string()) {
      // A response to a request of ours (we send none) needs no answer.
      if (msg.contains("result") || msg.contains("error")) return;
      send(errorResponse(hasId ? msg["id"] : Json(nullptr), kInvalidRequest, "a request needs a method"));
      return;
    }
    const std::string method = msg["method"].get<std::string>();
    const Json params = msg.contains("params") ? msg["params"] : Json::object();
    if (hasId) {
      send(request(msg["id"], method, params));
    } else if (msg.contains("id") && !msg["id"].is_null()) {
      send(errorResponse(nullptr, kInvalidRequest, "a request id is a number or a string"));
    } else {
      notify(method, params);
    }
  }

  Json request(const Json& id, const std::string& method, const Json& params) {
    if (method == "initialize") {
      if (initialized_) return errorResponse(id, kInvalidRequest, "initialize was already received");
      return call(id, method, [&] {
        Json result = handlers_.initialize(params);
        initialized_ = true;
        return result;
      });
    }
    if (!initialized_) return errorResponse(id, kServerNotInitialized, "the first request must be initialize");
    if (shutdown_) return errorResponse(id, kInvalidRequest, "the server is shutting down");
    if (method == "shutdown") {
      shutdown_ = true;
      return response(id, nullptr);
    }
    // Diagnostics are published before the answer to any request that
    // follows an edit, so that a client sees them in order.
    guarded("publishing diagnostics", [&] { ws_.flush(); });
    using Handler = Json (Handlers::*)(const Json&);
    static const std::pair<const char*, Handler> kRequests[] = {
        {"textDocument/hover", &Handlers::hover},
        {"textDocument/definition", &Handlers::definition},
        {"textDocument/completion", &Handlers::completion},
        {"textDocument/documentSymbol", &Handlers::documentSymbol},
        {"textDocument/formatting", &Handlers::formatting},
        {"textDocument/rangeFormatting", &Handlers::rangeFormatting},
        {"textDocument/codeAction", &Handlers::codeAction},
    };
    // (Not a structured binding: clang 14, the fuzz build's compiler, cannot
    // capture one in a lambda.)
    for (const auto& entry : kRequests) {
      const Handler handler = entry.second;
      if (method == entry.first) return call(id, method, [&] { return (handlers_.*handler)(params); });
    }
    return errorResponse(id, kMethodNotFound, "nplc does not handle " + method);
  }

  template <typename Fn>
  Json call(const Json& id, const std::string& method, Fn&& fn) {
    try {
      return response(id, fn());
    } catch (const Json::exception& e) {
      return errorResponse(id, kInvalidParams, method + ": " + e.what());
    } catch (const std::invalid_argument& e) {
      return errorResponse(id, kInvalidParams, method + ": " + e.what());
    } catch (const std::out_of_range& e) {
      return errorResponse(id, kInvalidParams, method + ": " + e.what());
    } catch (const util::InternalError& e) {
      return errorResponse(id, kInternalError, std::string(e.what()) + " (this is a bug in nplc)");
    } catch (const std::exception& e) {
      return errorResponse(id, kRequestFailed, method + ": " + e.what());
    }
  }

  void notify(const std::string& method, const Json& params) {
    if (method == "exit") {
      exitCode_ = shutdown_ ? 0 : 1;
      return;
    }
    if (!initialized_ || shutdown_) return;
    using Handler = void (Handlers::*)(const Json&);
    static const std::pair<const char*, Handler> kNotifications[] = {
        {"textDocument/didOpen", &Handlers::didOpen},
        {"textDocument/didChange", &Handlers::didChange},
        {"textDocument/didClose", &Handlers::didClose},
        {"workspace/didChangeWatchedFiles", &Handlers::didChangeWatchedFiles},
    };
    for (const auto& entry : kNotifications) {
      const Handler handler = entry.second;
      if (method == entry.first) guarded(entry.first, [&] { (handlers_.*handler)(params); });
    }
    // Others (initialized, didSave, $/cancelRequest, $/setTrace, ...) need nothing.
  }

  Transport& t_;
  DocumentStore docs_;
  Workspace ws_;
  Handlers handlers_;
  bool initialized_ = false;
  bool shutdown_ = false;
  std::optional<int> exitCode_;
};

}  // namespace

int runServer(int in, int out) {
  // A client that goes away must not kill the server in the middle of a write.
  std::signal(SIGPIPE, SIG_IGN);
  Transport t(in, out);
  return Server(t).run();
}

}  // namespace nplc::lsp

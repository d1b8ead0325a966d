#pragma once
// `nplc lsp`: a language server speaking LSP on two file descriptors (stdin
// and stdout). It answers every request it receives — an error response for
// a malformed or unknown one, never a crash — and follows the lifecycle:
// initialize, requests and notifications, shutdown, exit.
namespace nplc::lsp {

// Runs until `exit` or the end of the input. Returns the process exit code:
// 0 when `shutdown` came first, 1 otherwise (as LSP asks).
int runServer(int in, int out);

}  // namespace nplc::lsp

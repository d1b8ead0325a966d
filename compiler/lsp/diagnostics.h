#pragma once
// A compilation's diagnostics as LSP Diagnostic objects: the same list
// `nplc check` prints (sorted, duplicates removed), each with the range of
// its span in UTF-16 positions, its code, its notes and help in the message,
// and its labels as related information.
#include <map>
#include <string>

#include "lsp/analysis.h"
#include "lsp/locator.h"
#include "lsp/protocol.h"

namespace nplc::lsp {

// By canonical path; every file of the program has an entry, empty when it
// has no diagnostics. Diagnostics that point at no file of the program (an
// I/O problem, a std/ module, an internal error) are under "".
// One diagnostic as LSP's Diagnostic (the code actions quote it).
Json convert(const diag::Diagnostic& d, Locator& loc);

std::map<std::string, Json> lspDiagnostics(const Analysis& a, const FileLinks& links);

}  // namespace nplc::lsp

#pragma once
// Model and AST pieces as short Markdown for hovers: selectors in the
// set-based form of `kubectl -l`, policies with their rules.
#include <string>

#include "model/model.h"
#include "syntax/ast.h"

namespace nplc::lsp {

// `app=api, tier in (a, b)`, in backticks for Markdown.
std::string selectorText(const model::LabelSelector& s, bool markdown = true);
std::string selectorText(const ast::Selector& s, bool markdown = true);
std::string policySummary(const model::Program& p, const model::Policy& pol);

}  // namespace nplc::lsp

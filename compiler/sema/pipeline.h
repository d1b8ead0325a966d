#pragma once
// The semantic pipeline: a named table of passes over the loaded files. The
// driver stops after a pass that reported errors.
#include <functional>
#include <optional>
#include <vector>

#include "diag/diagnostic.h"
#include "model/model.h"
#include "syntax/ast.h"

namespace nplc::sema {

// `edgesResolved`, when given, is called once every edge is in the model,
// before the planning: nothing after it reads the namespaces' edges in the
// syntax trees (the command line releases them there, driver/compile.cpp).
std::optional<model::Program> analyze(const source::SourceManager& sm, const std::vector<ast::File>& files,
                                      diag::Sink& sink, const std::function<void()>& edgesResolved = {});

}  // namespace nplc::sema

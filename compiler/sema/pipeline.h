#pragma once
// The semantic pipeline: a named table of passes over the loaded files. The
// driver stops after a pass that reported errors.
#include <optional>
#include <vector>

#include "diag/diagnostic.h"
#include "model/model.h"
#include "syntax/ast.h"

namespace nplc::sema {

std::optional<model::Program> analyze(const source::SourceManager& sm, const std::vector<ast::File>& files,
                                      diag::Sink& sink);

}  // namespace nplc::sema

#pragma once
// The dot target: the service dependency graph for Graphviz, dot/services.dot
// (render with `dot -Tsvg dot/services.dot`). The same graph as the docs
// target's diagrams: one cluster per namespace, arrows labelled with ports and
// HTTP routes, dashed when they come from a bundle.
#include "backends/output.h"
#include "diag/diagnostic.h"
#include "model/model.h"

namespace nplc::backends::dot {

// A DOT string literal: the text between double quotes, with '"' and '\' escaped.
std::string quoted(std::string_view s);

OutputFiles generate(const source::SourceManager& sm, const model::Program& program, diag::Sink& sink);

}  // namespace nplc::backends::dot

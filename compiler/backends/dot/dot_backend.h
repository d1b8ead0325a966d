#pragma once
// The dot target: the service dependency graph for Graphviz, dot/services.dot
// (render with `dot -Tsvg dot/services.dot`). The same graph as the docs
// target's diagrams: one cluster per namespace, arrows labelled with ports and
// HTTP routes, dashed when they come from a bundle.
#include "backends/backend.h"
#include "diag/diagnostic.h"
#include "model/model.h"

namespace nplc::backends::dot {

// A DOT string literal: the text between double quotes, with '"' and '\' escaped.
std::string quoted(std::string_view s);

OutputFiles generate(const BackendInput& in);

}  // namespace nplc::backends::dot

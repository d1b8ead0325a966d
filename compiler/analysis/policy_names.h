#pragma once
// A generated policy name must be a valid Kubernetes resource name (E0210),
// whichever target or pass made it.
#include <string>

#include "diag/diagnostic.h"

namespace nplc::analysis {

// Reports E0210 at `span` and returns false when `name` is invalid;
// `derivedFrom` says what to shorten ("service api", "the service name").
bool checkPolicyName(diag::Sink& sink, const std::string& name, source::Span span, const std::string& derivedFrom);

}  // namespace nplc::analysis

#include "analysis/policy_names.h"

#include <fmt/format.h>

#include "util/k8s_names.h"

namespace nplc::analysis {

bool checkPolicyName(diag::Sink& sink, const std::string& name, source::Span span, const std::string& derivedFrom) {
  const auto why = util::checkResourceName(name);
  if (!why) return true;
  sink.report("E0210", span, fmt::format("generated policy name '{}' is invalid: {}", name, *why))
      .withHelp(fmt::format("policy names derive from the {}: shorten it", derivedFrom));
  return false;
}

}  // namespace nplc::analysis

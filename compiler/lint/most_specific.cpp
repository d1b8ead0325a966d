// One construct, one warning: where a warning already states what another one
// says about the same text, only the more specific is reported.
#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "lint/lint.h"

namespace nplc::lint {

namespace {

struct Explains {
  std::string_view code;
  std::array<std::string_view, 2> explained;
};

// W0209 (the policy allows everything in one direction) says all that W0203
// (egress open to everywhere) and W0004 (no ports) say of the same edge; W0203
// names the missing ports itself, so it says what W0004 says.
constexpr std::array<Explains, 2> kExplains = {{
    {"W0209", {"W0203", "W0004"}},
    {"W0203", {"W0004", ""}},
}};

bool explains(std::string_view specific, std::string_view other) {
  for (const auto& e : kExplains) {
    if (e.code != specific) continue;
    for (auto x : e.explained) {
      if (!x.empty() && x == other) return true;
    }
  }
  return false;
}

bool contains(source::Span outer, source::Span inner) {
  return outer.valid() && inner.valid() && outer.file == inner.file && outer.begin <= inner.begin &&
         inner.end <= outer.end;
}

}  // namespace

void keepMostSpecific(diag::Sink& sink) {
  std::vector<std::pair<std::string, source::Span>> specific;
  for (const auto& d : sink.all()) {
    if (d.severity == diag::Severity::Warning) specific.emplace_back(d.code, d.span);
  }
  sink.rewrite([&](diag::Diagnostic& d) {
    if (d.severity != diag::Severity::Warning) return true;
    for (const auto& [code, span] : specific) {
      if (explains(code, d.code) && contains(span, d.span)) return false;
    }
    return true;
  });
}

}  // namespace nplc::lint

// One construct, one warning: where a warning already states what another one
// says about the same text, only the more specific is reported.
#include <algorithm>
#include <array>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "lint/lint.h"

namespace nplc::lint {

namespace {

// Each warning here says all that the ones after it say about text it covers:
// W0209 (the policy allows everything in one direction) what W0203 (egress
// open to everywhere) and W0004 (no ports) say of the same edge, and W0203,
// which names the missing ports itself, what W0004 says.
constexpr std::array<std::string_view, 3> kMostSpecificFirst = {"W0209", "W0203", "W0004"};

int rank(const diag::Diagnostic& d) {
  if (d.severity != diag::Severity::Warning) return -1;
  const auto it = std::find(kMostSpecificFirst.begin(), kMostSpecificFirst.end(), d.code);
  return it == kMostSpecificFirst.end() ? -1 : static_cast<int>(it - kMostSpecificFirst.begin());
}

}  // namespace

// A sweep in source order, not a comparison of every pair: a program with
// tens of thousands of open edges has as many of these warnings. The spans are
// those of AST nodes, which nest or are disjoint, so the warnings whose text
// holds the current one are a stack.
void keepMostSpecific(diag::Sink& sink) {
  struct Item {
    const diag::Diagnostic* d;
    int rank;
  };
  std::vector<Item> items;
  for (const auto& d : sink.all()) {
    if (const int r = rank(d); r >= 0 && d.span.valid()) items.push_back({&d, r});
  }
  if (items.size() < 2) return;
  // Outer spans first, and at one span the most specific first.
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    const auto& x = a.d->span;
    const auto& y = b.d->span;
    return std::tuple(x.file, x.begin, -static_cast<std::int64_t>(x.end), a.rank) <
           std::tuple(y.file, y.begin, -static_cast<std::int64_t>(y.end), b.rank);
  });
  std::set<const diag::Diagnostic*> explained;
  std::vector<Item> open;  // the warnings whose span holds the current one
  for (const auto& item : items) {
    while (!open.empty() && !open.back().d->span.contains(item.d->span)) open.pop_back();
    for (const auto& outer : open) {
      if (outer.rank < item.rank) {
        explained.insert(item.d);
        break;
      }
    }
    open.push_back(item);
  }
  if (explained.empty()) return;
  sink.rewrite([&](diag::Diagnostic& d) { return explained.count(&d) == 0; });
}

}  // namespace nplc::lint

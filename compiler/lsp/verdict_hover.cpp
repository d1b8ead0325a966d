#include "lsp/verdict_hover.h"

#include <fmt/format.h>

#include <algorithm>

#include "driver/connection_judge.h"
#include "driver/expectations.h"

namespace nplc::lsp {

namespace {

using fmt::format;
using K = model::Peer::Kind;

bool judgeable(const model::Peer& p) {
  return p.kind == K::Service || p.kind == K::NamespacePods || p.kind == K::IpBlocks || p.kind == K::Fqdn ||
         p.kind == K::Entity;
}

// An edge as the connections it allows: one per port it lists (a range by
// its first port), with its first HTTP rule as a request (`*` standing for
// any text).
std::vector<model::Expect> connectionsOf(const model::Program& p, const model::Edge& e, bool deny) {
  std::vector<model::Expect> out;
  for (const auto& port : e.ports) {
    if (port.kind == model::Port::Kind::AllOfProtocol) continue;
    model::Expect x;
    x.from = e.from, x.to = e.to, x.port = port, x.allowed = !deny, x.span = e.span;
    if (x.port.kind == model::Port::Kind::Range) x.port.kind = model::Port::Kind::Number;
    if (!e.http.empty()) {
      x.hasHttp = true;
      x.http = e.http.front();
      std::replace(x.http.path.begin(), x.http.path.end(), '*', 'x');
    }
    if (x.port.kind == model::Port::Kind::Named && (x.to.kind != K::Service || driver::expectPort(p, x) == 0)) continue;
    out.push_back(std::move(x));
  }
  return out;
}

std::string answerText(const driver::Compilation& c, const driver::TargetAnswer& a) {
  std::string out = format("- **{}: {}**{}\n", a.target, a.verdict(),
                           a.requestIgnored ? " (it does not see HTTP requests: the connection is judged)" : "");
  const bool several = a.pairs.size() > 1;
  for (const auto& pair : a.pairs) {
    if (several) out += format("  - `{} -> {}`: {}\n", pair.from, pair.to, pair.verdict.allowed() ? "allowed" : "denied");
    for (const auto& r : pair.reasons) out += format("{}  - {}\n", several ? "  " : "", driver::locatedReason(c.sm, r));
  }
  return out;
}

}  // namespace

std::optional<VerdictHover> verdictAt(const Analysis& a, source::FileId file, std::uint32_t offset) {
  if (!a.c.program || a.c.sink.hasErrors()) return std::nullopt;
  const model::Program& p = *a.c.program;
  const auto at = [&](source::Span s) { return s.file == file && s.begin <= offset && offset <= s.end; };
  std::vector<model::Expect> connections;
  source::Span span;
  std::string what;
  for (const auto& x : p.expects) {
    if (at(x.span)) connections = {x}, span = x.span, what = "expectation";
  }
  for (const auto* edges : {&p.edges, &p.denies}) {
    for (const auto& e : *edges) {
      if (!e.bundle.empty() || !at(e.span)) continue;
      connections = connectionsOf(p, e, edges == &p.denies), span = e.span, what = edges == &p.denies ? "deny" : "edge";
    }
  }
  if (!span.valid()) return std::nullopt;
  const auto targets = driver::judgedTargets(a.targets);
  std::string md = format("**Verdict of the generated objects** on this {}\n\n", what);
  if (targets.empty()) return VerdictHover{md + "*No policy target is built (nplc.yaml `targets:`).*\n", span};
  if (connections.empty() || !judgeable(connections.front().from) || !judgeable(connections.front().to)) {
    return VerdictHover{md + "*nplc judges connections between services, namespaces (`ns/*`), addresses, DNS names "
                             "and entities on listed ports: ask `nplc query --matrix` for the rest.*\n",
                        span};
  }
  const driver::ConnectionJudge judge(a.c, targets);
  for (const auto& x : connections) {
    md += format("`{}`\n\n", driver::describeConnection(p, x));
    for (std::size_t t = 0; t < targets.size(); ++t) md += answerText(a.c, judge.judge(x, t));
    md += "\n";
  }
  return VerdictHover{md, span};
}

}  // namespace nplc::lsp

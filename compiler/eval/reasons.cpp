#include "eval/reasons.h"

#include <fmt/format.h>

#include "eval/generated.h"
#include "model/plan_text.h"

namespace nplc::eval {
namespace {

class Explainer {
 public:
  Explainer(const source::SourceManager& sm, const model::Program& p, const backends::RuleOrigins& origins,
            const std::string& target)
      : sm_(sm), p_(p), origins_(origins), target_(target) {}

  void side(const SideVerdict& v, bool egress, const std::string& end) {
    const char* dir = egress ? "egress" : "ingress";
    if (!v.deniedBy.empty()) {
      for (const auto& r : v.deniedBy) rule(r, egress, Reason::Kind::Denied);
      return;
    }
    if (!v.isolated) {
      add(Reason::Kind::NotIsolated, egress, fmt::format("no policy isolates the {} of {}", dir, end), {});
      return;
    }
    if (!v.allowedBy.empty()) {
      for (const auto& r : v.allowedBy) rule(r, egress, Reason::Kind::Allowed);
      return;
    }
    // Denied for want of a rule: what isolates the end is the deciding line.
    const PolicyRef* chosen = nullptr;
    const model::Policy* pol = nullptr;
    for (const auto& ref : v.isolatedBy) {
      const model::Policy* p = planPolicy(ref);
      if (!chosen || (p && p->subject.kind == model::PolicySubject::Kind::Baseline &&
                      (!pol || pol->subject.kind != model::PolicySubject::Kind::Baseline))) {
        chosen = &ref;
        pol = p;
      }
    }
    if (chosen) {
      add(Reason::Kind::Isolated, egress,
          fmt::format("the {} of {} is isolated by {} ({})", dir, end, isolator(pol), chosen->str()),
          pol ? pol->span : source::Span{});
    }
    add(Reason::Kind::NoRule, egress, fmt::format("no edge allows it at the {} of {}", dir, end), {});
  }

  std::vector<Reason> take() { return std::move(out_); }

 private:
  const source::SourceManager& sm_;
  const model::Program& p_;
  const backends::RuleOrigins& origins_;
  const std::string& target_;
  std::vector<Reason> out_;

  void add(Reason::Kind kind, bool egress, std::string text, source::Span span) {
    out_.push_back({kind, egress, std::move(text), span});
  }

  // "`deny-all baseline`" (as written), "the policy of service api", …
  std::string isolator(const model::Policy* pol) const {
    if (!pol) return "a policy nplc did not plan";
    if (pol->subject.kind == model::PolicySubject::Kind::Baseline && pol->span.valid()) {
      return fmt::format("`{}`", sm_.text(pol->span));
    }
    return "the policy of " + model::describeSubject(p_, pol->subject);
  }

  const model::Policy* planPolicy(const PolicyRef& ref) const {
    for (const auto& pol : p_.policies) {
      if (pol.name == ref.name && p_.namespaces[pol.ns].name == ref.ns) return &pol;
    }
    return nullptr;
  }

  void rule(const RuleRef& r, bool egress, Reason::Kind kind) {
    const bool clusterScoped = r.policy.kind == "ClusterNetworkPolicy";
    const auto it = origins_.find({clusterScoped ? kClusterTier : target_, r.policy.ns, r.policy.name, r.section, r.index});
    if (it != origins_.end() && it->second.clusterRule) {
      const model::ClusterRule& c = p_.clusterRules[*it->second.clusterRule];
      add(kind, egress,
          fmt::format("{} by this `{}` statement ({})", kind == Reason::Kind::Denied ? "denied" : "allowed",
                      c.tier == model::ClusterRule::Tier::Admin ? "admin" : "baseline", r.str()),
          c.span);
      return;
    }
    if (it == origins_.end() || (it->second.edges.empty() && it->second.added.empty())) {
      add(kind, egress, fmt::format("{} (no source line recorded)", r.str()), {});
      return;
    }
    if (it->second.edges.empty()) {
      add(kind, egress, fmt::format("{}: {}", r.str(), it->second.added), {});
      return;
    }
    const bool deny = kind == Reason::Kind::Denied;
    for (std::size_t e : it->second.edges) {
      const model::Edge& edge = deny ? p_.denies[e] : p_.edges[e];
      if (deny) {
        add(kind, egress, fmt::format("denied by this deny ({})", r.str()), edge.span);
      } else if (!edge.bundle.empty()) {
        add(kind, egress, fmt::format("allowed by bundle `{}` ({})", edge.bundle, r.str()), edge.allowSpan);
        add(kind, egress, fmt::format("the edge of bundle `{}`", edge.bundle), edge.span);
      } else {
        add(kind, egress, fmt::format("allowed by this edge ({})", r.str()), edge.span);
      }
    }
  }
};

}  // namespace

std::vector<Reason> reasonsFor(const source::SourceManager& sm, const model::Program& program, const backends::RuleOrigins& origins,
                               const std::string& target, const Verdict& verdict, const std::string& from,
                               const std::string& to) {
  Explainer x(sm, program, origins, target);
  const bool both = verdict.allowed();
  if (both || !verdict.egress.allowed) x.side(verdict.egress, true, from);
  if (both || !verdict.ingress.allowed) x.side(verdict.ingress, false, to);
  return x.take();
}

}  // namespace nplc::eval

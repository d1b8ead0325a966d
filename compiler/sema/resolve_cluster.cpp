// Pass: resolve the cluster-scope blocks (`admin { }`, `baseline { }`) to
// model::ClusterRule, in source order: peers as at cluster scope (`*` the
// namespaces nplc manages), ports as on edges, bundles expanded with `*` on
// the managed side, `deny-all` as a deny from or to everything.
#include <fmt/format.h>

#include "sema/context.h"

namespace nplc::sema {

namespace {

using CR = model::ClusterRule;

class ClusterResolver {
 public:
  explicit ClusterResolver(Context& cx) : cx_(cx) {}

  void run() {
    for (const auto& file : cx_.files)
      for (const auto& block : file.clusterBlocks)
        for (const auto& rule : block.rules) add(block, rule);
  }

 private:
  Context& cx_;

  std::optional<int> priority(const ast::ClusterRule& r) {
    if (!r.priority) return -1;
    if (*r.priority > 1000) {
      cx_.sink.report("E0601", r.prioritySpan, fmt::format("priority {} is out of range", *r.priority))
          .withHelp("a ClusterNetworkPolicy priority is 0 to 1000 (lower is evaluated first)");
      return std::nullopt;
    }
    return static_cast<int>(*r.priority);
  }

  // Peers at cluster scope and ports as on edges; false after an error.
  bool resolveInto(CR& rule, const ast::Peer& from, const ast::Peer& to, const std::optional<ast::PortSpec>& ports) {
    auto f = resolvePeer(cx_, from, model::kNone);
    // Nodes only as the destination of an egress statement (E0604 otherwise).
    auto t = resolvePeer(cx_, to, model::kNone, rule.sides == ast::Sides::EgressOnly);
    bool ok = f && t;
    if (ports)
      for (const auto& item : ports->ports) {
        if (auto p = resolvePort(cx_, item)) rule.ports.push_back(*p);
        else ok = false;
      }
    if (!ok) return false;
    rule.from = std::move(*f);
    rule.to = std::move(*t);
    return true;
  }

  void add(const ast::ClusterBlock& block, const ast::ClusterRule& r) {
    CR base;
    base.tier = block.tier == ast::ClusterBlock::Tier::Admin ? CR::Tier::Admin : CR::Tier::Baseline;
    base.span = r.span;
    const auto prio = priority(r);
    if (!prio) return;
    base.priority = *prio;
    using Kind = ast::ClusterRule::Kind;
    switch (r.kind) {
      case Kind::Allow:
      case Kind::Deny:
      case Kind::Pass: {
        base.action = r.kind == Kind::Allow ? CR::Action::Allow : r.kind == Kind::Deny ? CR::Action::Deny : CR::Action::Pass;
        // `allow ingress A -> B` keeps B's side only, `egress` A's (ast::ClusterRule::dir).
        base.sides = r.dir == ast::Direction::Ingress  ? ast::Sides::IngressOnly
                     : r.dir == ast::Direction::Egress ? ast::Sides::EgressOnly
                                                       : ast::Sides::Both;
        if (resolveInto(base, r.from, r.to, r.ports)) cx_.program.clusterRules.push_back(std::move(base));
        return;
      }
      case Kind::DenyAll: {
        base.action = CR::Action::Deny;
        const model::Peer managed = managedPods(cx_, "*", r.span);
        model::Peer any;
        any.kind = model::Peer::Kind::Any;
        any.text = "any";
        any.span = r.span;
        if (r.dir != ast::Direction::Egress) {  // ingress: anything into the managed pods
          CR in = base;
          in.from = any;
          in.to = managed;
          in.sides = ast::Sides::IngressOnly;
          cx_.program.clusterRules.push_back(std::move(in));
        }
        if (r.dir != ast::Direction::Ingress) {
          CR out = base;
          out.from = managed;
          out.to = any;
          out.sides = ast::Sides::EgressOnly;
          cx_.program.clusterRules.push_back(std::move(out));
        }
        return;
      }
      case Kind::Bundle:
        expandBundle(base, r);
        return;
    }
  }

  void expandBundle(const CR& base, const ast::ClusterRule& r) {
    auto it = cx_.bundles.find(r.bundle.text);
    if (it == cx_.bundles.end()) {
      cx_.sink.report("E0103", r.bundle.span, fmt::format("unknown bundle '{}'", r.bundle.text))
          .withHelp(r.bundle.text == "dns" ? "add `use std/dns` at the top of the file"
                                           : "declare it with `bundle NAME { edges }`, or `use` the module that does");
      return;
    }
    for (const auto& e : it->second->edges) {
      CR rule = base;
      rule.action = CR::Action::Allow;
      rule.bundle = r.bundle.text;
      rule.sides = e.sides;
      if (resolveInto(rule, e.from, e.to, e.ports)) cx_.program.clusterRules.push_back(std::move(rule));
    }
  }
};

}  // namespace

void resolveClusterRules(Context& cx) { ClusterResolver(cx).run(); }

}  // namespace nplc::sema

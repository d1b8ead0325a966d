// The intent half of `nplc diff`: every intent of each side's resolved model
// (and of its parse trees, for the externals as declared), keyed by a stable
// identity, compared value by value; a change that widens access says how.
#include "driver/diff_intent.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include "backends/cilium/http_regex.h"
#include "model/describe.h"
#include "util/cidr.h"

namespace nplc::driver {
namespace {

using model::Port;

// What widening is judged on, per kind.
struct Item {
  std::string kind, key, value;
  std::vector<source::Span> spans;  // the first is shown
  // edge, bundle, deny: the ports of each path (from -> to), by path.
  std::map<std::string, std::vector<Port>> paths;
  std::map<std::string, std::set<std::string>> http;  // by path: "GET /x"; empty: every route
  const model::LabelSelector* selector = nullptr;     // service, namespace
  std::vector<model::IpBlock> blocks;                 // external
  std::set<std::string> names;                        // external: DNS names and names of other externals
  // edge, deny, expect: the ends, and the key with each end written inline
  // (a selector or a CIDR) as "(inline)", "" when neither is: an intent whose
  // inline end changed is the one of the other side with the same shape.
  const model::Peer *from = nullptr, *to = nullptr;
  std::string shape;
};

const char* const kKinds[] = {"edge", "deny", "baseline", "bundle", "external", "expect", "service", "namespace"};

int kindRank(const std::string& kind) {
  return static_cast<int>(std::find(std::begin(kKinds), std::end(kKinds), kind) - std::begin(kKinds));
}

std::string nsName(const model::Program& p, model::Index ns) {
  return ns == model::kNone ? "(top level)" : p.namespaces[ns].name;
}

// A selector or a CIDR written at the end of an edge, a deny or an expect,
// rather than a name: editing it changes the intent's key.
bool inlineEnd(const model::Peer& peer) {
  using K = model::Peer::Kind;
  if (peer.kind == K::Pods || peer.kind == K::PodsInNamespaces || peer.kind == K::Namespaces) return true;
  return peer.kind == K::IpBlocks && util::parseCidr(peer.text).cidr.has_value();
}

std::string edgeValue(const model::Edge& e) {
  std::string v = model::portsText(e.ports);
  if (!e.http.empty()) v += " " + model::httpText(e.http);
  if (const auto sides = model::sidesText(e); !sides.empty()) v += " (" + sides + ")";
  return v;
}

class Collector {
 public:
  Collector(const DiffSide& side) : c_(*side.c), p_(*c_.program) {}

  std::map<std::string, Item> collect() {
    edges(p_.edges, "edge");
    edges(p_.denies, "deny");
    baselines();
    expects();
    for (const auto& f : c_.asts) {
      for (const auto& x : f.externals) external("", x);
      for (const auto& ns : f.namespaces) {
        for (const auto& x : ns.externals) external(ns.name.text, x);
      }
    }
    for (const auto& svc : p_.services) {
      Item& it = item("service", p_.namespaces[svc.ns].name + "/" + svc.name, svc.span);
      it.value = "{ " + model::selectorNpl(svc.selector) + " }";
      std::string ports;
      for (const auto& cp : svc.ports) {
        ports += fmt::format("{}{}: {}/{}", ports.empty() ? "" : ", ", cp.name, cp.port, model::protocolName(cp.protocol));
      }
      if (!ports.empty()) it.value += " ports { " + ports + " }";
      it.selector = &svc.selector;
    }
    for (const auto& ns : p_.namespaces) {
      Item& it = item("namespace", ns.name, ns.span);
      it.value = std::string(ns.external ? "external, " : "") + "labels { " + model::selectorNpl(ns.selector) + " }";
      it.selector = &ns.selector;
    }
    return std::move(items_);
  }

 private:
  const Compilation& c_;
  const model::Program& p_;
  std::map<std::string, Item> items_;  // by kind and key

  Item& item(const std::string& kind, const std::string& key, source::Span span) {
    Item& it = items_[kind + "\n" + key];
    it.kind = kind;
    it.key = key;
    it.spans.push_back(span);
    return it;
  }

  // Edges with the same ends in the same namespace are one intent (their
  // ports joined); a bundle's edges are the intent of its `allow` line.
  void edges(const std::vector<model::Edge>& list, const std::string& kind) {
    std::map<std::string, std::vector<std::string>> values;
    for (const auto& e : list) {
      const std::string path = model::peerNpl(p_, e.from, e.ns) + " -> " + model::peerNpl(p_, e.to, e.ns);
      const bool bundle = !e.bundle.empty();
      const std::string key = bundle ? fmt::format("{}: allow {}", nsName(p_, e.ns), e.bundle)
                                     : fmt::format("{}: {}", nsName(p_, e.ns), path);
      Item& it = item(bundle ? "bundle" : kind, key, bundle ? e.allowSpan : e.span);
      if (!bundle) ends(it, e.from, e.to, e.ns, "");
      auto& ports = it.paths[path];
      ports.insert(ports.end(), e.ports.begin(), e.ports.end());
      if (e.ports.empty()) {  // every port and protocol
        for (auto proto : {model::Protocol::TCP, model::Protocol::UDP, model::Protocol::SCTP}) {
          Port all;
          all.kind = Port::Kind::AllOfProtocol;
          all.protocol = proto;
          ports.push_back(all);
        }
      }
      for (const auto& h : e.http) it.http[path].insert(h.method + " " + h.path);
      if (e.http.empty()) it.http[path].insert("*");
      values[bundle ? "bundle\n" + key : kind + "\n" + key].push_back(bundle ? path + ": " + edgeValue(e) : edgeValue(e));
    }
    for (auto& [k, vs] : values) {
      std::sort(vs.begin(), vs.end());
      vs.erase(std::unique(vs.begin(), vs.end()), vs.end());
      std::string v;
      for (const auto& s : vs) v += (v.empty() ? "" : "; ") + s;
      items_[k].value = v;
    }
  }

  // `rest`: what follows the ends in the key (an expectation's port and request).
  void ends(Item& it, const model::Peer& from, const model::Peer& to, model::Index ns, const std::string& rest) {
    it.from = &from;
    it.to = &to;
    if (!inlineEnd(from) && !inlineEnd(to)) return;
    const auto shape = [&](const model::Peer& peer) {
      return inlineEnd(peer) ? std::string("(inline)") : model::peerNpl(p_, peer, ns);
    };
    it.shape = fmt::format("{}: {} -> {}{}", nsName(p_, ns), shape(from), shape(to), rest);
  }

  void baselines() {
    for (const auto& ns : p_.namespaces) {
      if (ns.enforceIngress) item("baseline", ns.name + " ingress", ns.ingressBaseline).value = "deny-all ingress baseline";
      if (ns.enforceEgress) item("baseline", ns.name + " egress", ns.egressBaseline).value = "deny-all egress baseline";
    }
    for (const auto& svc : p_.services) {
      const std::string name = p_.namespaces[svc.ns].name + "/" + svc.name;
      if (svc.isolateIngress) item("baseline", name + " ingress", svc.isolateSpan).value = "deny-all ingress " + svc.name;
      if (svc.isolateEgress) item("baseline", name + " egress", svc.isolateSpan).value = "deny-all egress " + svc.name;
    }
  }

  void expects() {
    for (const auto& x : p_.expects) {
      std::string rest = ":" + model::portText(x.port);
      if (x.hasHttp) rest += " " + x.http.method + " " + x.http.path;
      const std::string key = fmt::format("{}: {} -> {}{}", nsName(p_, x.ns), model::peerNpl(p_, x.from, x.ns),
                                          model::peerNpl(p_, x.to, x.ns), rest);
      Item& it = item("expect", key, x.span);
      ends(it, x.from, x.to, x.ns, rest);
      it.value = x.allowed ? "allowed" : "denied";
      if (!x.targets.empty()) it.value += fmt::format(" on {}", fmt::join(x.targets, ", "));
    }
  }

  void external(const std::string& ns, const ast::External& x) {
    Item& it = item("external", ns.empty() ? x.name.text : ns + "/" + x.name.text, x.span);
    std::vector<std::string> parts;
    std::vector<util::Cidr> excepts;
    for (const auto& e : x.excepts) {
      if (auto c = util::parseCidr(e.text).cidr; c && !e.isName) excepts.push_back(*c);
      if (e.isName) it.names.insert("except " + e.text);
    }
    for (const auto& b : x.blocks) {
      parts.push_back(b.text);
      if (b.isName) it.names.insert(b.text);
      if (auto c = util::parseCidr(b.text).cidr; c && !b.isName) {
        model::IpBlock block{*c, {}, {}};
        for (const auto& e : excepts) {
          if (util::overlaps(*c, e)) block.except.push_back(e);
        }
        it.blocks.push_back(std::move(block));
      }
    }
    std::string v = fmt::format("{}", fmt::join(parts, ", "));
    if (!x.excepts.empty()) {
      std::vector<std::string> ex;
      for (const auto& e : x.excepts) ex.push_back(e.text);
      v += fmt::format(" except {}", fmt::join(ex, ", "));
    }
    for (const auto& f : x.fqdns) {
      v += (v.empty() ? "\"" : ", \"") + f.text + "\"";
      it.names.insert(f.text);
    }
    if (x.kind == ast::External::Kind::Entity) v = "entity " + x.entity.text;
    it.value = v;
  }
};

// ------------------------------------------------------------- widening

// Whether `ports` covers every port of `p`.
bool covered(const std::vector<Port>& ports, const Port& p) {
  for (const auto& q : ports) {
    if (q.protocol != p.protocol) continue;
    if (q.kind == Port::Kind::AllOfProtocol) return true;
    if (p.kind == Port::Kind::AllOfProtocol) continue;
    if (p.kind == Port::Kind::Named) {
      if (q.kind == Port::Kind::Named && q.name == p.name) return true;
      continue;
    }
    if (q.kind == Port::Kind::Named) continue;
    const int qFirst = q.port, qLast = q.kind == Port::Kind::Range ? q.endPort : q.port;
    const int pFirst = p.port, pLast = p.kind == Port::Kind::Range ? p.endPort : p.port;
    if (qFirst <= pFirst && pLast <= qLast) return true;
  }
  return false;
}

bool portsGrown(const std::vector<Port>& before, const std::vector<Port>& after) {
  for (const auto& p : after) {
    if (!covered(before, p)) return true;
  }
  return false;
}

bool implied(const model::Requirement& r, const std::vector<model::Requirement>& old) {
  using Op = ast::ReqOp;
  const auto inLike = [](Op op) { return op == Op::Equals || op == Op::In; };
  const auto subset = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::all_of(a.begin(), a.end(), [&](const auto& v) { return std::find(b.begin(), b.end(), v) != b.end(); });
  };
  for (const auto& o : old) {
    if (o.key != r.key) continue;
    if (o.op == r.op && o.values == r.values) return true;
    if (r.op == Op::Exists && (inLike(o.op) || o.op == Op::Exists)) return true;
    if (inLike(r.op) && inLike(o.op) && subset(o.values, r.values)) return true;
    if (r.op == Op::NotIn && o.op == Op::NotIn && subset(r.values, o.values)) return true;
  }
  return false;
}

// Every pod (namespace) `before` selects, `after` selects too, and it differs.
bool broader(const model::LabelSelector& before, const model::LabelSelector& after) {
  return std::all_of(after.reqs.begin(), after.reqs.end(), [&](const auto& r) { return implied(r, before.reqs); }) &&
         !std::all_of(before.reqs.begin(), before.reqs.end(), [&](const auto& r) { return implied(r, after.reqs); });
}

// An address `after` covers that `before` does not (approximated per block:
// a block no old block contains, or an old except the new block dropped).
bool cidrGrown(const std::vector<model::IpBlock>& before, const std::vector<model::IpBlock>& after) {
  for (const auto& nb : after) {
    const auto ob = std::find_if(before.begin(), before.end(), [&](const auto& b) { return util::contains(b.cidr, nb.cidr); });
    if (ob == before.end()) return true;
    for (const auto& e : ob->except) {
      if (!util::overlaps(e, nb.cidr)) continue;
      if (std::none_of(nb.except.begin(), nb.except.end(), [&](const auto& x) { return util::contains(x, e); })) return true;
    }
  }
  return false;
}

// Every pod `narrow` selects, `wide` selects too (as far as the requirements tell).
bool selectsAll(const model::LabelSelector& wide, const model::LabelSelector& narrow) {
  return std::all_of(wide.reqs.begin(), wide.reqs.end(), [&](const auto& r) { return implied(r, narrow.reqs); });
}

// Whether `wide` stands for everything `narrow` does (false when unsure).
// Two ends of intents paired by shape are the same unless written inline.
bool covers(const model::Peer& wide, const model::Peer& narrow) {
  using K = model::Peer::Kind;
  if (!inlineEnd(wide) || !inlineEnd(narrow)) return !inlineEnd(wide) && !inlineEnd(narrow);
  if (wide.kind != narrow.kind) return false;
  switch (wide.kind) {
    case K::Pods: return wide.ns == narrow.ns && selectsAll(wide.pods, narrow.pods);
    case K::PodsInNamespaces: return selectsAll(wide.pods, narrow.pods) && selectsAll(wide.namespaces, narrow.namespaces);
    case K::Namespaces: return selectsAll(wide.namespaces, narrow.namespaces);
    case K::IpBlocks: return !cidrGrown(wide.blocks, narrow.blocks);
    default: return false;
  }
}

bool coversEnds(const Item& wide, const Item& narrow) {
  return covers(*wide.from, *narrow.from) && covers(*wide.to, *narrow.to);
}

// An edge whose inline end changed (its key did): how the ends widen it.
std::string endsWidening(const Item& before, const Item& after) {
  if (coversEnds(before, after)) return "";
  if (!coversEnds(after, before)) return "new allowed path";
  const bool cidr = after.from->kind == model::Peer::Kind::IpBlocks || after.to->kind == model::Peer::Kind::IpBlocks;
  return cidr ? "CIDR grown" : "selector broader";
}

// Whether every request `route` ("GET /api/v1/*") allows, `old` allows too:
// the same method, and old's glob matches route's path read as text (its
// `*` matched by old's `*`, which matches anything, as globToRegex says).
bool routeCovered(const std::set<std::string>& old, const std::string& route) {
  if (old.count("*") || old.count(route)) return true;
  const auto space = route.find(' ');
  return std::any_of(old.begin(), old.end(), [&](const std::string& o) {
    const auto s = o.find(' ');
    return o.compare(0, s, route, 0, space) == 0 &&
           std::regex_match(route.substr(space + 1), std::regex(backends::cilium::globToRegex(o.substr(s + 1))));
  });
}

// The path of `before` that `path` of `after` stands for: the same, or, for
// an edge or a deny whose inline end changed, its only path.
const std::string& oldPath(const Item& before, const Item& after, const std::string& path) {
  return before.key == after.key ? path : before.paths.begin()->first;
}

std::string widening(const Item* before, const Item* after) {
  if (!before) {
    if (after->kind == "edge" || after->kind == "bundle") return "new allowed path";
    return "";
  }
  if (!after) {
    if (before->kind == "baseline") return "baseline removed";
    if (before->kind == "deny") return "deny removed";
    return "";
  }
  const std::string& kind = after->kind;
  if (kind == "edge" || kind == "bundle") {
    if (before->key != after->key) {
      if (auto ends = endsWidening(*before, *after); !ends.empty()) return ends;
    }
    for (const auto& [path, ports] : after->paths) {
      const auto old = before->paths.find(oldPath(*before, *after, path));
      if (old == before->paths.end()) return "new allowed path";
      if (portsGrown(old->second, ports)) return "port range grown";
    }
    for (const auto& [path, routes] : after->http) {
      const auto& old = before->http.at(oldPath(*before, *after, path));
      if (std::any_of(routes.begin(), routes.end(), [&](const auto& r) { return !routeCovered(old, r); }))
        return "HTTP routes grown";
    }
  }
  if (kind == "deny") {
    if (before->key != after->key && !coversEnds(*after, *before)) return "deny narrowed";
    for (const auto& [path, ports] : after->paths) {
      if (portsGrown(ports, before->paths.at(oldPath(*before, *after, path)))) return "deny narrowed";
    }
  }
  if ((kind == "service" || kind == "namespace") && broader(*before->selector, *after->selector))
    return "selector broader";
  if (kind == "external") {
    if (cidrGrown(before->blocks, after->blocks)) return "CIDR grown";
    for (const auto& n : after->names) {
      if (!before->names.count(n)) return "destination added";
    }
  }
  return "";
}

DiffLocation locate(const source::SourceManager& sm, source::Span span) {
  if (!span.valid()) return {};
  return {sm.file(span.file).path, sm.lineCol(span.file, span.begin).line};
}

// Intents of one side only, paired with those of the other side whose
// inline ends changed (`web -> pods { app: api }` edited in place): the
// same kind and shape, and either the only two of that shape or written on
// the same line. The rest stay added or removed.
void pairInline(std::vector<std::pair<const Item*, const Item*>>& diffs, const DiffSide& before,
                const DiffSide& after) {
  std::map<std::string, std::vector<std::size_t>> removed, added;  // by kind and shape
  for (std::size_t i = 0; i < diffs.size(); ++i) {
    const auto [oi, ni] = diffs[i];
    if (oi && !ni && !oi->shape.empty()) removed[oi->kind + "\n" + oi->shape].push_back(i);
    if (ni && !oi && !ni->shape.empty()) added[ni->kind + "\n" + ni->shape].push_back(i);
  }
  std::set<std::size_t> merged;
  for (const auto& [shape, olds] : removed) {
    const auto news = added.find(shape);
    if (news == added.end()) continue;
    const bool only = olds.size() == 1 && news->second.size() == 1;
    for (std::size_t o : olds) {
      for (std::size_t n : news->second) {
        if (merged.count(n)) continue;
        const auto oldAt = locate(before.c->sm, diffs[o].first->spans.front());
        const auto newAt = locate(after.c->sm, diffs[n].second->spans.front());
        if (!only && oldAt.str() != newAt.str()) continue;
        diffs[o].second = diffs[n].second;
        merged.insert(n);
        break;
      }
    }
  }
  std::vector<std::pair<const Item*, const Item*>> kept;
  for (std::size_t i = 0; i < diffs.size(); ++i) {
    if (!merged.count(i)) kept.push_back(diffs[i]);
  }
  diffs = std::move(kept);
}

}  // namespace

std::vector<IntentChange> diffIntent(const DiffSide& before, const DiffSide& after) {
  const auto oldItems = Collector(before).collect();
  const auto newItems = Collector(after).collect();
  std::set<std::string> keys;
  for (const auto* m : {&oldItems, &newItems}) {
    for (const auto& kv : *m) keys.insert(kv.first);
  }
  std::vector<std::pair<const Item*, const Item*>> diffs;
  for (const auto& k : keys) {
    const auto o = oldItems.find(k);
    const auto n = newItems.find(k);
    const Item* oi = o == oldItems.end() ? nullptr : &o->second;
    const Item* ni = n == newItems.end() ? nullptr : &n->second;
    if (!oi || !ni || oi->value != ni->value) diffs.push_back({oi, ni});
  }
  pairInline(diffs, before, after);
  std::vector<IntentChange> out;
  for (const auto& [oi, ni] : diffs) {
    IntentChange ch;
    ch.change = !oi ? IntentChange::Change::Added : !ni ? IntentChange::Change::Removed : IntentChange::Change::Changed;
    const Item& any = ni ? *ni : *oi;
    ch.kind = any.kind;
    ch.key = any.key;
    if (oi && ni && oi->key != ni->key) ch.oldKey = oi->key;
    if (oi) {
      ch.oldValue = oi->value;
      ch.oldAt = locate(before.c->sm, oi->spans.front());
      ch.oldSpans = oi->spans;
    }
    if (ni) {
      ch.newValue = ni->value;
      ch.newAt = locate(after.c->sm, ni->spans.front());
      ch.newSpans = ni->spans;
    }
    ch.widens = widening(oi, ni);
    out.push_back(std::move(ch));
  }
  std::stable_sort(out.begin(), out.end(), [](const IntentChange& a, const IntentChange& b) {
    return std::tuple(a.widens.empty(), kindRank(a.kind), a.key) < std::tuple(b.widens.empty(), kindRank(b.kind), b.key);
  });
  return out;
}

}  // namespace nplc::driver

// The intent half of `nplc diff`: every intent of each side's resolved model
// (and of its parse trees, for the externals as declared), keyed by a stable
// identity, compared value by value; a change that widens access says how.
#include "driver/diff_intent.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <set>

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
};

const char* const kKinds[] = {"edge", "deny", "baseline", "bundle", "external", "expect", "service", "namespace"};

int kindRank(const std::string& kind) {
  return static_cast<int>(std::find(std::begin(kKinds), std::end(kKinds), kind) - std::begin(kKinds));
}

std::string nsName(const model::Program& p, model::Index ns) {
  return ns == model::kNone ? "(top level)" : p.namespaces[ns].name;
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
      std::string key = fmt::format("{}: {} -> {}:{}", nsName(p_, x.ns), model::peerNpl(p_, x.from, x.ns),
                                    model::peerNpl(p_, x.to, x.ns), model::portText(x.port));
      if (x.hasHttp) key += " " + x.http.method + " " + x.http.path;
      Item& it = item("expect", key, x.span);
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
    for (const auto& [path, ports] : after->paths) {
      const auto old = before->paths.find(path);
      if (old == before->paths.end()) return "new allowed path";
      if (portsGrown(old->second, ports)) return "port range grown";
    }
    for (const auto& [path, routes] : after->http) {
      const auto& old = before->http.at(path);
      if (!old.count("*") && std::any_of(routes.begin(), routes.end(), [&](const auto& r) { return !old.count(r); }))
        return "HTTP routes grown";
    }
  }
  if (kind == "deny") {
    for (const auto& [path, ports] : before->paths) {
      if (portsGrown(after->paths.at(path), ports)) return "deny narrowed";
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

}  // namespace

std::vector<IntentChange> diffIntent(const DiffSide& before, const DiffSide& after) {
  const auto oldItems = Collector(before).collect();
  const auto newItems = Collector(after).collect();
  std::set<std::string> keys;
  for (const auto* m : {&oldItems, &newItems}) {
    for (const auto& kv : *m) keys.insert(kv.first);
  }
  std::vector<IntentChange> out;
  for (const auto& k : keys) {
    const auto o = oldItems.find(k);
    const auto n = newItems.find(k);
    const Item* oi = o == oldItems.end() ? nullptr : &o->second;
    const Item* ni = n == newItems.end() ? nullptr : &n->second;
    if (oi && ni && oi->value == ni->value) continue;
    IntentChange ch;
    ch.change = !oi ? IntentChange::Change::Added : !ni ? IntentChange::Change::Removed : IntentChange::Change::Changed;
    const Item& any = ni ? *ni : *oi;
    ch.kind = any.kind;
    ch.key = any.key;
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

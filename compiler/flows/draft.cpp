#include "flows/draft.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diag/diagnostic.h"
#include "eval/network_policy.h"
#include "import/edge_lists.h"
#include "import/npl_text.h"
#include "layout/layout.h"
#include "util/check.h"
#include "util/cidr.h"

namespace nplc::flows {

namespace {

// std/dns declares kube-system (an external namespace) and kube-dns; `allow
// dns` covers the connections to it.
const char* const kDnsNamespace = "kube-system";
const char* const kDnsLabel = "k8s-app=kube-dns";

// Labels that differ between the replicas of one workload: never in a selector.
bool perReplica(const std::string& key) {
  static const std::set<std::string> keys = {"pod-template-hash", "controller-revision-hash",
                                             "statefulset.kubernetes.io/pod-name", "pod-template-generation",
                                             "apps.kubernetes.io/pod-index"};
  return keys.count(key) > 0;
}

std::pair<std::string, std::string> splitLabel(const std::string& l) {
  const auto eq = l.find('=');
  return {l.substr(0, eq), eq == std::string::npos ? "" : l.substr(eq + 1)};
}

// The characters of the random suffixes Kubernetes gives pods and
// ReplicaSets (apimachinery's rand.SafeEncodeString: no vowels, no 0, 1, 3).
bool safeEncoded(const std::string& s) { return s.find_first_not_of("bcdfghjklmnpqrstvwxz2456789") == std::string::npos; }

std::string lastPart(const std::string& s) { return s.substr(s.rfind('-') + 1); }
std::string dropLastPart(const std::string& s) { return s.find('-') == std::string::npos ? s : s.substr(0, s.rfind('-')); }

// A DNS label nplc can write as a name (import's serviceName sanitises it).
std::string nameFor(const std::string& raw, const std::set<std::string>& taken) {
  bool fromApp = false;
  return import::serviceName(eval::LabelSelector{{{"app", raw}}, {}}, taken, fromApp);
}

std::string portText(const Connection& c) {
  if (c.protocol == "TCP") return std::to_string(c.port);
  return fmt::format("{}/{}", c.port, c.protocol == "UDP" ? "udp" : "sctp");
}

// The path of a URL as Hubble writes it (http://host:port/path?query), cut
// before the first character an NPL path cannot hold (`?`, `#`, `,`…) with
// `*` in its place: `/search?q=1` is drafted as `/search*`.
std::string draftPath(const std::string& url) {
  const auto scheme = url.find("://");
  std::string path = scheme == std::string::npos ? url : url.substr(std::min(url.size(), url.find('/', scheme + 3)));
  if (path.empty() || path.front() != '/') path = "/" + path;
  const auto bad = path.find_first_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~*/%:@!$&'()+;=");
  if (bad != std::string::npos) path = path.substr(0, bad) + "*";
  return path;
}

// HTTP rules for a method's paths: the paths under one parent folder become
// `/folder/*` when at least `threshold` distinct ones share it.
std::vector<std::string> httpRules(const std::set<std::pair<std::string, std::string>>& requests, std::size_t threshold) {
  std::map<std::string, std::set<std::string>> byMethod;
  for (const auto& [method, url] : requests) byMethod[method].insert(draftPath(url));
  std::vector<std::string> rules;
  for (const auto& [method, paths] : byMethod) {
    std::map<std::string, std::set<std::string>> byFolder;
    for (const auto& p : paths) byFolder[p.substr(0, p.rfind('/') + 1)].insert(p);
    std::set<std::string> out;
    for (const auto& [folder, inside] : byFolder) {
      if (inside.size() >= threshold && threshold > 0)
        out.insert(folder + "*");
      else
        out.insert(inside.begin(), inside.end());
    }
    for (const auto& p : out) rules.push_back(method + " " + p);
  }
  return rules;
}

// The addresses of one namespace grouped into CIDRs: the IPv4 addresses of
// a /24 seen more than once become the smallest prefix that covers them;
// every other address is its own /32 (/128).
std::vector<util::Cidr> groupAddresses(const std::set<std::string>& ips) {
  std::map<std::string, std::vector<util::Cidr>> by24;
  std::vector<util::Cidr> out;
  for (const auto& ip : ips) {
    auto a = util::parseAddress(ip);
    if (!a) continue;
    if (a->v6) {
      out.push_back(*a);
      continue;
    }
    by24[fmt::format("{}.{}.{}", a->addr[0], a->addr[1], a->addr[2])].push_back(*a);
  }
  for (auto& [net, addrs] : by24) {
    if (addrs.size() == 1) {
      out.push_back(addrs.front());
      continue;
    }
    util::Cidr c = addrs.front();
    c.prefix = 24;
    int common = 8;
    for (const auto& a : addrs)
      for (int bit = 0; bit < common; ++bit)
        if (((a.addr[3] ^ addrs.front().addr[3]) >> (7 - bit)) & 1) common = bit;
    c.prefix = 24 + common;
    c.addr[3] = static_cast<uint8_t>(common == 0 ? 0 : (addrs.front().addr[3] & (0xff << (8 - common))));
    out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Service {
  std::string name;
  std::string selector;  // "" for `service NAME` (app=NAME)
  std::string comment;
};

// An edge before it is written: its ends as the namespace block names them.
struct Edge {
  std::string src, dst, port;
  bool tcp = true;
  std::size_t flows = 0, dropped = 0;
  std::set<std::pair<std::string, std::string>> requests;
  bool requestsCapped = false;  // a connection held as many requests as nplc keeps
  std::string why;              // said in the comment: why the edge is there besides its flows

  void add(const Edge& other) {
    flows += other.flows;
    dropped += other.dropped;
    requests.insert(other.requests.begin(), other.requests.end());
    requestsCapped = requestsCapped || other.requestsCapped;
  }
};

struct Namespace {
  std::set<std::string> taken;                      // service and external names
  std::map<std::string, Service> services;          // by selector text
  std::map<std::string, std::string> dnsExternals;  // DNS name -> external name
  std::set<std::string> addresses;
  std::map<std::string, std::string> addressExternal;  // address -> external name (after grouping)
  std::vector<std::pair<std::string, std::string>> externals;  // name, value
  std::map<std::string, Edge> edges;                // by "src -> dst:port", in key order
  std::vector<std::string> edgeOrder;
  std::size_t dnsFlows = 0;
};

class Drafter {
 public:
  Drafter(const Connections& conns, const DraftOptions& options, Draft& out)
      : conns_(conns), options_(options), out_(out) {}

  void run() {
    const auto all = conns_.all();
    // Services first (from every pod end), so that names are stable.
    for (const auto* c : all)
      for (const auto* e : {&c->src, &c->dst})
        if (e->isPod() && !isDns(*e)) service(*e, c->at);
    for (const auto* c : all) connection(*c);
    for (auto& [name, ns] : namespaces_) groupExternals(ns);
    for (const auto& at : conns_.notL4At())
      warn(at, "a flow that is not TCP, UDP or SCTP (ICMP…): NPL allows ports of these protocols only; left out");
    if (conns_.notL4() > conns_.notL4At().size())
      warn("", fmt::format("and {} more flows that are not TCP, UDP or SCTP", conns_.notL4() - conns_.notL4At().size()));
    for (const auto& [name, ns] : namespaces_) {
      diag::Sink sink;
      const std::string text = render(name, ns);
      auto formatted = layout::formatText(name + ".npl", text, sink);
      NPLC_CHECK(formatted.has_value(), "nplc import --flows wrote NPL that does not parse:\n" + text);
      out_.files[name] = *formatted;
    }
  }

 private:
  static bool isDns(const FlowEnd& e) {
    return e.ns == kDnsNamespace && std::find(e.labels.begin(), e.labels.end(), kDnsLabel) != e.labels.end();
  }

  // The service that selects the workload, declared in its namespace; empty
  // (with a warning) when none can.
  std::string service(const FlowEnd& e, const std::string& at) {
    const std::string key = e.ns + " " + fmt::format("{}", fmt::join(e.labels, " "));
    if (auto it = serviceOf_.find(key); it != serviceOf_.end()) return it->second;
    std::string& result = serviceOf_[key];
    if (e.ns == kDnsNamespace) {
      warn(at, fmt::format("pod {}/{}: kube-system is std/dns's external namespace: its pods other than kube-dns "
                           "are not drafted; declare a service for them there by hand",
                           e.ns, e.pod));
      return result;
    }
    if (!import::writableName(e.ns)) {
      warn(at, fmt::format("namespace '{}': NPL cannot name it (a reserved word, or not a DNS label)", e.ns));
      return result;
    }
    eval::LabelSelector sel;
    std::string comment, templateHash;
    for (const auto& l : e.labels) {
      auto [k, v] = splitLabel(l);
      if (k == "pod-template-hash") templateHash = v;
    }
    for (const char* k : {"app", "app.kubernetes.io/name"})
      for (const auto& l : e.labels)
        if (sel.matchLabels.empty() && splitLabel(l).first == k) sel.matchLabels.insert(splitLabel(l));
    std::string base;
    if (sel.matchLabels.empty()) {
      for (const auto& l : e.labels)
        if (!perReplica(splitLabel(l).first)) sel.matchLabels.insert(splitLabel(l));
      if (sel.matchLabels.empty()) {
        warn(at, fmt::format("pod {}/{} has no labels a service could select it by: its connections are left out",
                             e.ns, e.pod.empty() ? "?" : e.pod));
        return result;
      }
      base = workloadOfPod(e.pod, templateHash);
      comment = fmt::format("no app label: named after its pods ({})", e.pod.empty() ? "?" : e.pod);
    }
    std::string why;
    const auto selText = import::selectorText(sel, why);
    if (!selText) {
      warn(at, fmt::format("pod {}/{}: {}: its connections are left out", e.ns, e.pod, why));
      return result;
    }
    Namespace& ns = namespaces_[e.ns];
    auto it = ns.services.find(*selText);
    if (it == ns.services.end()) {
      Service svc;
      bool fromApp = false;
      svc.name = base.empty() ? import::serviceName(sel, ns.taken, fromApp) : nameFor(base, ns.taken);
      const auto app = sel.matchLabels.find("app");
      if (!(sel.matchLabels.size() == 1 && app != sel.matchLabels.end() && app->second == svc.name))
        svc.selector = *selText;
      svc.comment = comment;
      ns.taken.insert(svc.name);
      it = ns.services.emplace(*selText, svc).first;
    }
    result = e.ns + "/" + it->second.name;
    return result;
  }

  // The end as namespace `block` names it; empty when it cannot be drafted.
  std::string peer(const FlowEnd& e, const std::string& dnsName, const std::string& block, const std::string& at) {
    if (e.isPod()) {
      const std::string s = service(e, at);
      if (s.empty()) return "";
      return s.substr(0, s.find('/')) == block ? s.substr(s.find('/') + 1) : s;
    }
    if (!e.entity.empty()) return "entity " + e.entity;
    Namespace& ns = namespaces_[block];
    if (!dnsName.empty()) {
      auto [it, fresh] = ns.dnsExternals.try_emplace(dnsName);
      if (fresh) {
        it->second = nameFor(dnsName, ns.taken);
        ns.taken.insert(it->second);
        ns.externals.push_back({it->second, fmt::format("dns \"{}\"", dnsName)});
      }
      return it->second;
    }
    ns.addresses.insert(e.ip);
    return "@" + e.ip;  // named once the addresses are grouped
  }

  void connection(const Connection& c) {
    if (isDns(c.dst) && c.port == 53 && c.src.isPod()) {
      if (service(c.src, c.at).empty()) return;
      namespaces_[c.src.ns].dnsFlows += c.flows;
      return;
    }
    const std::string block = c.dst.isPod() ? c.dst.ns : c.src.ns;
    if (block.empty()) {
      warn(c.at, "a connection between two ends outside the pods: no namespace to draft it in; left out");
      return;
    }
    if (c.dst.isPod() && service(c.dst, c.at).empty()) return;
    if (!c.dst.isPod() && service(c.src, c.at).empty()) return;
    const std::string src = peer(c.src, "", block, c.at), dst = peer(c.dst, c.dstName, block, c.at);
    if (src.empty() || dst.empty()) return;
    addEdge(namespaces_[block], src, dst, c, "");
    // NetworkPolicy cannot name a DNS name (W0002): an edge to the address
    // it had keeps the traffic allowed on the Kubernetes target too. (An
    // entity has no such stand-in: check --flows judges it as the entity.)
    if (!c.dstName.empty() && !c.dst.ip.empty())
      addEdge(namespaces_[block], src, peer(c.dst, "", block, c.at), c,
              "the address of " + c.dstName + ", for NetworkPolicy");
  }

  void addEdge(Namespace& ns, const std::string& src, const std::string& dst, const Connection& c,
               const std::string& why) {
    Edge one;
    one.src = src;
    one.dst = dst;
    one.port = portText(c);
    one.tcp = c.protocol == "TCP";
    one.why = why;
    one.flows = c.flows;
    one.dropped = c.dropped;
    one.requests = c.requests;
    one.requestsCapped = c.requests.size() >= Connection::kMaxRequests;
    const std::string key = src + " -> " + dst + ":" + one.port;
    auto [it, fresh] = ns.edges.try_emplace(key, one);
    if (fresh)
      ns.edgeOrder.push_back(key);
    else
      it->second.add(one);
  }

  void groupExternals(Namespace& ns) {
    for (const auto& cidr : groupAddresses(ns.addresses)) {
      const bool one = cidr.prefix == (cidr.v6 ? 128 : 32);
      std::string text = cidr.str();
      const std::string raw = (one ? "host-" : "net-") + (one ? text.substr(0, text.find('/')) : text);
      std::string name = nameFor(raw, ns.taken);
      ns.taken.insert(name);
      ns.externals.push_back({name, text});
      for (const auto& ip : ns.addresses)
        if (util::containsAddress(cidr, ip)) ns.addressExternal[ip] = name;
    }
  }

  std::string resolve(const Namespace& ns, const std::string& peerText) const {
    return peerText.front() == '@' ? ns.addressExternal.at(peerText.substr(1)) : peerText;
  }

  std::string render(const std::string& name, const Namespace& ns) const {
    std::string out = "use std/dns\n\nnamespace " + name + " {\n  deny-all baseline\n  allow dns";
    if (ns.dnsFlows > 0) out += fmt::format("  # kube-dns: {} flow{}", ns.dnsFlows, ns.dnsFlows == 1 ? "" : "s");
    out += "\n";
    if (!ns.externals.empty()) out += "\n";
    for (const auto& [ext, value] : ns.externals) out += "  external " + ext + " = " + value + "\n";
    if (!ns.services.empty()) out += "\n";
    for (const auto& [sel, svc] : ns.services)
      out += "  service " + svc.name + (svc.selector.empty() ? "" : " " + svc.selector) +
             (svc.comment.empty() ? "" : "  # " + svc.comment) + "\n";
    // Addresses grouped into one external make their edges one.
    std::vector<std::string> order;
    std::map<std::string, Edge> merged;
    for (const auto& key : ns.edgeOrder) {
      Edge e = ns.edges.at(key);
      e.src = resolve(ns, e.src);
      e.dst = resolve(ns, e.dst);
      auto [it, fresh] = merged.try_emplace(e.src + " -> " + e.dst + ":" + e.port, e);
      if (fresh)
        order.push_back(it->first);
      else
        it->second.add(e);
    }
    std::vector<import::Statement> edges;
    for (const auto& key : order) {
      const Edge& e = merged.at(key);
      std::string target = e.dst + ":" + e.port;
      std::string note = fmt::format("{} flow{}", e.flows, e.flows == 1 ? "" : "s");
      if (e.dropped > 0) note += fmt::format(", {} dropped by the cluster", e.dropped);
      if (!e.why.empty()) note += " (" + e.why + ")";
      if (!e.requests.empty() && e.tcp && !e.requestsCapped) {
        const auto rules = httpRules(e.requests, options_.httpGlobThreshold);
        target += " " + fmt::format("{}", fmt::join(rules, ", "));
      } else if (e.requestsCapped) {
        note += fmt::format(", more than {} HTTP requests: the whole port", Connection::kMaxRequests - 1);
      }
      edges.push_back({"", "", {e.src}, {{target, true, note}}, ""});
    }
    if (!edges.empty()) out += "\n";
    for (const auto& s : import::listStatements(edges)) out += import::statementText(s) + "\n";
    return out + "}\n";
  }

  void warn(const std::string& at, const std::string& message) { out_.warnings.push_back({at, message}); }

  const Connections& conns_;
  const DraftOptions& options_;
  Draft& out_;
  std::map<std::string, Namespace> namespaces_;
  std::map<std::string, std::string> serviceOf_;  // workload key -> "ns/service", "" when none
};

}  // namespace

std::string workloadOfPod(const std::string& pod, const std::string& templateHash) {
  std::string name = pod;
  if (!templateHash.empty()) {  // Deployment: NAME-HASH-SUFFIX, HASH the pod-template-hash
    const auto at = name.rfind("-" + templateHash + "-");
    if (at != std::string::npos && at > 0) return name.substr(0, at);
  }
  const std::string last = lastPart(name);
  if (name.find('-') == std::string::npos) return name;
  if (last.find_first_not_of("0123456789") == std::string::npos) return dropLastPart(name);  // StatefulSet ordinal
  if (last.size() == 5 && safeEncoded(last)) {  // the pod's random suffix
    name = dropLastPart(name);
    const std::string hash = lastPart(name);
    if (name.find('-') != std::string::npos && hash.size() >= 6 && hash.size() <= 10 && safeEncoded(hash))
      name = dropLastPart(name);  // a ReplicaSet's hash
  }
  return name;
}

Draft draftSources(const Connections& conns, const DraftOptions& options) {
  Draft out;
  Drafter(conns, options, out).run();
  return out;
}

}  // namespace nplc::flows

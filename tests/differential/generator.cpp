#include "generator.h"

#include <random>
#include <vector>

namespace nplc::differential {
namespace {

// std::mt19937_64's sequence is fixed by the standard; the distributions are
// not, so every choice is taken from the raw numbers.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(g_() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  std::mt19937_64 g_;
};

struct Ns {
  std::string name;
  std::vector<std::string> services;
  bool external = false;
};

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : r_(seed) {}

  std::string run() {
    dns_ = r_.chance(30);
    if (dns_) out_ += "use std/dns\n";
    out_ +=
        "external office = 203.0.113.0/24 except 203.0.113.128/25\n"
        "external partners = 198.51.100.0/24, 192.0.2.0/25\n"
        "external internet = 0.0.0.0/0 except private\n"
        "external stripe = dns \"api.stripe.com\", \"*.stripe.com\"\n"
        "external apiserver = entity kube-apiserver\n";
    declareNamespaces();
    const std::vector<std::string> bundles = declareBundles();
    for (const Ns& ns : namespaces_) {
      if (!ns.external) writeNamespace(ns, bundles);
    }
    return out_;
  }

 private:
  void declareNamespaces() {
    std::vector<std::string> names = {"shop", "pay", "ops", "data"};
    const std::size_t count = 2 + r_.below(3);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t at = r_.below(names.size());
      Ns ns{names[at], {}, false};
      names.erase(names.begin() + static_cast<long>(at));
      std::vector<std::string> pool = {"web", "api", "db", "worker", "cache"};
      const std::size_t services = 2 + r_.below(3);
      for (std::size_t s = 0; s < services && !pool.empty(); ++s) {
        const std::size_t k = r_.below(pool.size());
        ns.services.push_back(pool[k]);
        pool.erase(pool.begin() + static_cast<long>(k));
      }
      if (r_.chance(15)) ns.services.push_back("all");
      namespaces_.push_back(ns);
    }
    if (r_.chance(40)) {
      namespaces_.push_back({"partner", {"gateway", "batch"}, true});
      out_ += "external namespace partner {\n" + labels() + "  service gateway\n  service batch { tier: back }\n}\n";
    }
  }

  std::string labels() {
    if (!r_.chance(50)) return "";
    return "  labels { " + r_.pick<std::string>({"env: prod", "env: dev", "env: prod, team: a", "team: a"}) + " }\n";
  }

  std::string selectorFor(const std::string& service) {
    if (service == "all") return " { }";
    const std::string tier = r_.pick<std::string>({"front", "back", "data"});
    switch (r_.below(9)) {
      case 0: return " { app: " + service + ", tier: " + tier + " }";
      case 1: return " { tier: " + tier + " }";
      case 2: return " { app in (" + service + ", worker) }";
      case 3: return " { app: " + service + ", !canary }";
      case 4: return " { tier notin (" + tier + ") }";
      case 5: return " { canary }";
      default: return "";  // app=NAME
    }
  }

  const Ns& managed() {
    for (;;) {
      const Ns& ns = r_.pick(namespaces_);
      if (!ns.external) return ns;
    }
  }

  std::string podSelector() {
    return r_.pick<std::string>({"app: web", "tier: back", "app in (api, db)", "tier notin (front)", "!canary",
                                 "app: worker, canary"});
  }
  std::string nsSelector() { return r_.pick<std::string>({"env: prod", "team: a", "env notin (dev)", "env"}); }

  // A policy subject of a managed namespace: a service, `*` or `ns/*`.
  std::string subject(const Ns& here) {
    const Ns& other = managed();
    switch (r_.below(6)) {
      case 0: return "*";
      case 1: return other.name + "/" + r_.pick(other.services);
      case 2: return other.name + "/*";
      default: return r_.pick(here.services);
    }
  }

  // Any peer; `to` allows the kinds that can only be destinations.
  std::string anyPeer(const Ns& here, bool to) {
    const Ns& other = r_.pick(namespaces_);
    std::size_t kind = r_.below(to ? 16 : 14);
    if (to && (kind == 1 || kind == 2)) kind = 3;  // a target must be a service (E0304)
    switch (kind) {
      case 0: return "*/*";
      case 1: return "pods { " + podSelector() + " }";
      case 2: return "pods { " + podSelector() + " } in " + other.name;
      case 3: return "pods { " + podSelector() + " } in namespaces { " + nsSelector() + " }";
      case 4: return "pods { " + podSelector() + " } in *";
      case 5: return "namespaces { " + nsSelector() + " }";
      case 6: return "any";
      case 7: return r_.pick<std::string>({"office", "partners", "internet", "192.0.2.128/25"});
      case 8: return r_.pick<std::string>({"apiserver", "entity world", "entity cluster", "entity host"});
      case 9: return other.name + "/" + r_.pick(other.services);
      case 14:
      case 15: return "stripe";
      default: return subject(here);
    }
  }

  std::string ports(bool& httpAllowed) {
    httpAllowed = false;
    if (r_.chance(15)) return "";
    const std::vector<std::string> all = {"80", "443", "8080", "5432", "53/udp", "7000-7010", "*/udp", "9090/sctp",
                                          "http"};
    std::string first = r_.pick(all);
    if (r_.chance(25)) {
      const std::string second = r_.pick(all);
      if (second != first) return ":" + first + "," + second;
    }
    httpAllowed = first == "80" || first == "8080";
    return ":" + first;
  }

  std::string http() {
    return " " + r_.pick<std::string>({"GET /api/*", "POST /v1/entries, GET /v1/entries/*", "GET /healthz"});
  }

  // A one-sided edge keeps the side that is a policy subject (E0305); an
  // edge from `pods { }` of a managed namespace is ingress-only, since its
  // pods may be enforced and it has no policy to carry their rule (E0304).
  std::string edge(const Ns& here) {
    std::string from, to, sides;
    const bool oneSided = r_.chance(30);
    if (r_.chance(50)) {
      from = subject(here);
      to = anyPeer(here, true);
      if (oneSided) sides = "egress ";
    } else {
      from = anyPeer(here, false);
      to = subject(here);
      const bool ownPods = from.starts_with("pods {") && from.find("} in namespaces") == std::string::npos &&
                           !from.ends_with("} in *");
      if (oneSided || ownPods) sides = "ingress ";
    }
    bool httpAllowed = false;
    std::string text = sides + from + " -> " + to + ports(httpAllowed);
    if (httpAllowed && r_.chance(20)) text += http();
    return text;
  }

  std::vector<std::string> declareBundles() {
    std::vector<std::string> names;
    const std::size_t count = r_.below(3);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string name = "b" + std::to_string(i + 1);
      const Ns& other = r_.pick(namespaces_);
      const std::string end = other.name + "/" + r_.pick(other.services);
      std::string e;
      switch (r_.below(4)) {
        case 0: e = "ingress " + end + " -> *:9090"; break;
        case 1: e = end + " -> *:9100"; break;
        case 2: e = "* -> " + end + ":8443"; break;
        default: e = "* -> " + r_.pick<std::string>({"internet:443", "office:22", "stripe:443"}); break;
      }
      out_ += "bundle " + name + " {\n  " + e + "\n}\n";
      names.push_back(name);
    }
    return names;
  }

  void writeNamespace(const Ns& ns, const std::vector<std::string>& bundles) {
    out_ += "namespace " + ns.name + " {\n" + labels();
    for (const auto& s : ns.services) out_ += "  service " + s + selectorFor(s) + "\n";
    const std::size_t baseline = r_.below(6);
    if (baseline == 1) out_ += "  deny-all baseline\n";
    if (baseline == 2) out_ += "  deny-all ingress baseline\n";
    if (baseline == 3) out_ += "  deny-all egress baseline\n";
    if (r_.chance(30)) {
      out_ += "  deny-all " + r_.pick<std::string>({"", "ingress ", "egress "}) + r_.pick(ns.services) + "\n";
    }
    for (const auto& b : bundles) {
      if (r_.chance(50)) out_ += "  allow " + b + "\n";
    }
    if (dns_ && r_.chance(50)) out_ += "  allow dns\n";
    const std::size_t edges = 1 + r_.below(4);
    for (std::size_t i = 0; i < edges; ++i) {
      out_ += "  " + edge(ns) + "\n";
    }
    if (baseline == 1 && r_.chance(60)) {
      // From a namespace that enforces egress, on ports few edges open, so
      // that most deny intents hold.
      const std::string port = r_.pick<std::string>({":22", ":23,3306", ":6379/udp", ""});
      const std::string from = r_.chance(70) ? r_.pick(ns.services) : "*";
      out_ += "  deny " + from + " -> " + anyPeer(ns, true) + port + "\n";
    }
    out_ += "}\n";
  }

  Rng r_;
  std::string out_;
  std::vector<Ns> namespaces_;
  bool dns_ = false;
};

}  // namespace

std::string generateProgram(std::uint64_t seed) { return Generator(seed).run(); }

}  // namespace nplc::differential

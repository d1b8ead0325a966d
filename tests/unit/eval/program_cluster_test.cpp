// eval/program_cluster.h: the cluster model of a program. Which pods each
// selector selects is decided by the NetworkPolicy evaluator's matcher.
#include "eval/program_cluster.h"

#include <doctest/doctest.h>

#include <set>

#include "../test_support.h"

using namespace nplc;

namespace {

struct Model {
  std::unique_ptr<test::Compiled> c;
  eval::ProgramCluster pc;

  const eval::Pod& pod(const std::string& key) const {
    const eval::Pod* p = pc.cluster.findPod(key);
    REQUIRE_MESSAGE(p != nullptr, "no pod ", key);
    return *p;
  }
  const eval::Pod& servicePod(const std::string& ns, const std::string& name) const {
    const auto& prog = c->prog();
    for (std::size_t i = 0; i < prog.services.size(); ++i) {
      if (prog.services[i].name == name && prog.namespaces[prog.services[i].ns].name == ns)
        return pod(pc.servicePods[i]);
    }
    FAIL("no service ", ns, "/", name);
    throw;
  }
  // The services (ns/name) whose selector selects the pod.
  std::vector<std::string> selectedBy(const eval::Pod& p) const {
    std::vector<std::string> out;
    const auto& prog = c->prog();
    for (const auto& s : prog.services) {
      const std::string ns = prog.namespaces[s.ns].name;
      if (ns == p.ns && eval::toLabelSelector(s.selector).matches(p.labels)) out.push_back(ns + "/" + s.name);
    }
    return out;
  }
  std::vector<std::string> ends(eval::ExternalEnd::Role role, const std::string& peer) const {
    std::vector<std::string> out;
    for (const auto& e : pc.externals) {
      if (e.role == role && e.peer == peer) out.push_back(e.end.str());
    }
    return out;
  }
};

Model build(const std::string& text) {
  Model m;
  m.c = test::compileText(text);
  INFO(test::joinCodes(m.c->sink));
  REQUIRE_FALSE(m.c->sink.hasErrors());
  m.pc = eval::buildProgramCluster(m.c->prog());
  return m;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("program cluster: a representative pod per service, selected by its own selector and no unrelated one") {
  auto m = build(
      "namespace shop {\n"
      "  service web    { app: web }\n"
      "  service canary { app: web, track: canary }\n"
      "  service api    { app in (api, api-v2) }\n"
      "  service worker { app: worker, tier notin (db, cache) }\n"
      "  service db     { tier: db, !legacy }\n"
      "  service mon    { monitoring }\n"
      "  web -> api:80\n"
      "}\n");
  CHECK(m.servicePod("shop", "web").labels == eval::Labels{{"app", "web"}});
  CHECK(m.servicePod("shop", "api").labels == eval::Labels{{"app", "api"}});
  CHECK(m.servicePod("shop", "worker").labels == eval::Labels{{"app", "worker"}});
  CHECK(m.servicePod("shop", "db").labels == eval::Labels{{"tier", "db"}});
  CHECK(m.servicePod("shop", "mon").labels == eval::Labels{{"monitoring", "present"}});
  CHECK(m.selectedBy(m.servicePod("shop", "web")) == Strings{"shop/web"});
  // The canary's labels are a superset of web's: both select it.
  CHECK(m.selectedBy(m.servicePod("shop", "canary")) == Strings{"shop/web", "shop/canary"});
  CHECK(m.selectedBy(m.servicePod("shop", "api")) == Strings{"shop/api"});
  CHECK(m.selectedBy(m.servicePod("shop", "worker")) == Strings{"shop/worker"});
  CHECK(m.selectedBy(m.servicePod("shop", "db")) == Strings{"shop/db"});
  CHECK(m.selectedBy(m.servicePod("shop", "mon")) == Strings{"shop/mon"});
  // Every pod has its own address in the pod range.
  std::set<std::string> ips;
  for (const auto& p : m.pc.cluster.pods()) {
    CHECK(util::containsAddress(*util::parseCidr("10.244.0.0/16").cidr, p.ip));
    CHECK(ips.insert(p.ip).second);
  }
}

TEST_CASE("program cluster: set-based selectors: intersections, notin against in, exists against notin") {
  auto both = eval::labelsSatisfying({{{ast::ReqOp::In, "app", {"a", "b", "c"}},
                                       {ast::ReqOp::NotIn, "app", {"a"}},
                                       {ast::ReqOp::In, "app", {"c", "b"}}}});
  REQUIRE(both);
  CHECK(*both == eval::Labels{{"app", "b"}});
  auto exists = eval::labelsSatisfying({{{ast::ReqOp::Exists, "k", {}}, {ast::ReqOp::NotIn, "k", {"present"}}}});
  REQUIRE(exists);
  CHECK(*exists == eval::Labels{{"k", "present-2"}});
  CHECK_FALSE(eval::labelsSatisfying({{{ast::ReqOp::Equals, "k", {"a"}}, {ast::ReqOp::NotIn, "k", {"a"}}}}));
  CHECK_FALSE(eval::labelsSatisfying({{{ast::ReqOp::Exists, "k", {}}, {ast::ReqOp::DoesNotExist, "k", {}}}}));
  CHECK(eval::labelsSatisfying({})->empty());
}

TEST_CASE("program cluster: a pod per namespace that no service selects, when there is one") {
  auto m = build(
      "namespace a {\n  service web { app: web }\n  service rest { tier notin (db), !legacy }\n  web -> rest:80\n}\n"
      "namespace b {\n  service all { }\n  service other { app: other }\n  other -> all:80\n}\n");
  const auto& prog = m.c->prog();
  for (std::size_t i = 0; i < prog.namespaces.size(); ++i) {
    const std::string& key = m.pc.otherPods[i];
    INFO("namespace ", prog.namespaces[i].name);
    if (prog.namespaces[i].name == "b") {
      CHECK(key.empty());  // `service all { }` selects every pod of b
      continue;
    }
    if (prog.namespaces[i].name != "a") continue;
    REQUIRE_FALSE(key.empty());
    CHECK(key == "a/other");
    CHECK(m.selectedBy(m.pod(key)).empty());
    CHECK(m.pod(key).labels == eval::Labels{{"tier", "db"}});
  }
}

TEST_CASE("program cluster: namespaces with their labels, external namespaces, and one nplc does not manage") {
  auto m = build(
      "use std/dns\n"
      "namespace prod {\n  labels { env: prod, team: core }\n  service api { app: api }\n  allow dns\n}\n"
      "namespace unmanaged {\n  service x { app: x }\n  x -> prod/api:80\n}\n");
  const eval::Namespace* prod = m.pc.cluster.findNamespace("prod");
  REQUIRE(prod);
  CHECK(prod->labels == eval::Labels{{"env", "prod"}, {"team", "core"}, {"kubernetes.io/metadata.name", "prod"}});
  const eval::Namespace* ks = m.pc.cluster.findNamespace("kube-system");
  REQUIRE(ks);
  CHECK(ks->labels.at("kubernetes.io/metadata.name") == "kube-system");
  CHECK(m.selectedBy(m.pod("kube-system/kube-dns")) == Strings{"kube-system/kube-dns"});
  // The name `unmanaged` is taken by the program.
  CHECK(m.pc.unmanagedNamespace == "unmanaged-2");
  const eval::Namespace* um = m.pc.cluster.findNamespace("unmanaged-2");
  REQUIRE(um);
  CHECK(um->labels == eval::Labels{{"kubernetes.io/metadata.name", "unmanaged-2"}});
  CHECK(m.pc.unmanagedPod == "unmanaged-2/pod");
  CHECK(m.pod(m.pc.unmanagedPod).labels.empty());
}

TEST_CASE("program cluster: addresses inside, outside and in the except of each CIDR external; DNS names; entities") {
  using Role = eval::ExternalEnd::Role;
  auto m = build(
      "external office = 203.0.113.0/24 except 203.0.113.0/25\n"
      "external partners = 198.51.100.0/24, 2001:db8::/64\n"
      "external anywhere = 0.0.0.0/0 except 10.0.0.0/8\n"
      "external stripe = dns \"api.stripe.com\", \"*.stripe.com\"\n"
      "external apiserver = entity kube-apiserver\n"
      "namespace shop {\n  service api { app: api }\n"
      "  api -> office:443\n  api -> partners:443\n  api -> anywhere:443\n"
      "  api -> stripe:443\n  api -> apiserver:6443\n}\n");
  // Inside: outside the except (the first half of the /24 is excepted).
  CHECK(m.ends(Role::Inside, "office") == Strings{"203.0.113.128"});
  CHECK(m.ends(Role::Outside, "office") == Strings{"203.0.114.0"});
  CHECK(m.ends(Role::Excepted, "office") == Strings{"203.0.113.1"});
  CHECK(m.ends(Role::Inside, "partners") == Strings{"198.51.100.1", "2001:db8::1"});
  CHECK(m.ends(Role::Outside, "partners") == Strings{"198.51.101.0", "2001:db8:0:1::"});
  CHECK(m.ends(Role::Inside, "anywhere") == Strings{"0.0.0.1"});
  CHECK(m.ends(Role::Outside, "anywhere").empty());  // /0 has no outside
  CHECK(m.ends(Role::Excepted, "anywhere") == Strings{"10.0.0.1"});
  CHECK(m.ends(Role::DnsName, "stripe") == Strings{"api.stripe.com", "x.stripe.com"});
  CHECK(m.ends(Role::Entity, "apiserver") == Strings{"entity:kube-apiserver"});
  // Each excepted address is in an except, each inside address in its
  // block and outside every except, each outside address out of the block.
  const auto& prog = m.c->prog();
  for (const auto& e : m.pc.externals) {
    if (e.role != Role::Inside && e.role != Role::Outside && e.role != Role::Excepted) continue;
    bool inAnyBlock = false, inAnyExcept = false, insideOne = false;
    for (const auto& edge : prog.edges) {
      if (edge.to.text != e.peer) continue;
      for (const auto& b : edge.to.blocks) {
        inAnyBlock = inAnyBlock || util::containsAddress(b.cidr, e.end.address);
        insideOne = insideOne || eval::inBlock(e.end.address, b.cidr, b.except);
        for (const auto& ex : b.except) inAnyExcept = inAnyExcept || util::containsAddress(ex, e.end.address);
      }
    }
    INFO(e.peer, " ", e.end.address);
    if (e.role == Role::Inside) CHECK(insideOne);
    if (e.role == Role::Excepted) CHECK((inAnyBlock && inAnyExcept && !insideOne));
    if (e.role == Role::Outside) CHECK_FALSE(inAnyBlock);
  }
}

// Unit tests for sema: loading (imports), name resolution and the policy plan
// (program.policies). The E03xx checks are in check_intents_test.cpp.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../test_support.h"
#include "analysis/well_known.h"

using namespace nplc;
using test::compileFiles;
using test::compileText;
using test::eq;
using test::sameSelector;
using PK = model::Peer::Kind;

namespace {

std::string portText(const model::Port& p) {
    std::string out = std::string(model::protocolName(p.protocol)) + ":";
    switch (p.kind) {
        case model::Port::Kind::Number: return out + std::to_string(p.port);
        case model::Port::Kind::Range: return out + std::to_string(p.port) + "-" + std::to_string(p.endPort);
        case model::Port::Kind::Named: return out + p.name;
        case model::Port::Kind::AllOfProtocol: return out + "*";
    }
    return out;
}

// "peer,peer -> TCP:80,UDP:53 [GET /x]": the peers as written, "any" for anyPeer.
std::string describe(const model::Rule& r) {
    std::string peers = r.anyPeer ? "any" : "";
    for (const auto& p : r.peers) peers += (peers.empty() ? "" : ",") + p.peer->text;
    std::string ports;
    for (const auto& p : r.ports()) ports += (ports.empty() ? "" : ",") + portText(p);
    std::string out = peers + " -> " + (ports.empty() ? "all" : ports);
    for (const auto& h : r.http()) out += " " + h.method + " " + h.path;
    return out;
}

std::vector<std::string> rules(const std::vector<model::Rule>& rs) {
    std::vector<std::string> out;
    for (const auto& r : rs) out.push_back(describe(r));
    return out;
}

using Strings = std::vector<std::string>;

// A program that must compile without errors.
std::unique_ptr<test::Compiled> good(const std::string& text) {
    auto c = compileText(text);
    INFO(test::joinCodes(c->sink));
    REQUIRE_FALSE(c->sink.hasErrors());
    REQUIRE(c->program.has_value());
    return c;
}

// A program that must fail with `code`; returns the first such diagnostic.
diag::Diagnostic failsWith(const test::Compiled& c, const std::string& code) {
    INFO("diagnostics:\n", test::joinCodes(c.sink));
    CHECK_FALSE(c.program.has_value());
    auto found = test::withCode(c.sink, code);
    REQUIRE_FALSE(found.empty());
    return found[0];
}

}  // namespace

TEST_CASE("sema: namespace-wide baselines") {
    auto c = good("namespace a { deny-all baseline }\nnamespace b { deny-all ingress baseline }\n"
                  "namespace c { deny-all egress baseline }\nnamespace d { }\n");
    CHECK(c->policyList() == Strings{"a/default-deny-all", "b/default-deny-ingress", "c/default-deny-egress"});
    const auto& all = c->policy("a", "default-deny-all");
    CHECK((all.ingress && all.egress && all.podSelector.empty()));
    CHECK((all.ingressRules.empty() && all.egressRules.empty()));
    CHECK(c->line(all.span) == 1);
    CHECK((c->policy("b", "default-deny-ingress").ingress && !c->policy("b", "default-deny-ingress").egress));
    CHECK((!c->policy("c", "default-deny-egress").ingress && c->policy("c", "default-deny-egress").egress));
    // Two one-way baselines add up to deny-all.
    auto both = good("namespace a { deny-all ingress baseline\n deny-all egress baseline }");
    CHECK(both->policyList() == Strings{"a/default-deny-all"});
}

TEST_CASE("sema: service baselines") {
    auto c = good("namespace a {\n service api\n service db { app: pg }\n service w\n"
                  " deny-all api\n deny-all ingress db\n deny-all egress w\n}");
    CHECK(c->policyList() == Strings{"a/api-egress", "a/api-ingress", "a/db-ingress", "a/w-egress"});
    const auto& db = c->policy("a", "db-ingress");
    CHECK(sameSelector(db.podSelector, {eq("app", "pg")}));
    CHECK((db.ingress && !db.egress && db.ingressRules.empty()));
    CHECK(sameSelector(c->policy("a", "api-egress").podSelector, {eq("app", "api")}));
    CHECK(c->line(c->policy("a", "w-egress").span) == 7);
    auto bad = compileText("namespace a { deny-all nothere }");
    CHECK(failsWith(*bad, "E0306").message.find("nothere") != std::string::npos);
}

TEST_CASE("sema: being an edge target isolates ingress, egress is never implicit") {
    auto c = good("namespace a {\n service web\n service api\n web -> api:8080\n}");
    CHECK(c->policyList() == Strings{"a/api-ingress"});
    const auto& pol = c->policy("a", "api-ingress");
    CHECK((pol.ingress && !pol.egress));
    CHECK(rules(pol.ingressRules) == Strings{"web -> TCP:8080"});
    CHECK(pol.subject == model::PolicySubject{model::PolicySubject::Kind::Service, c->prog().namespaces[pol.ns].services[1], {}});
    CHECK(pol.ingressRules[0].peers[0].edges == std::vector<model::Index>{0});  // the peer knows its edge
    CHECK(c->line(pol.span) == 4);

    // `*` as a target is every pod of the namespace.
    auto all = good("namespace a { service web\n web -> *:80 }");
    CHECK(all->policyList() == Strings{"a/all-pods-ingress"});
    CHECK(all->policy("a", "all-pods-ingress").podSelector.empty());
}

TEST_CASE("sema: egress rules only where egress is enforced") {
    const std::string edges = " service web\n service api\n web -> api:80\n";
    auto base = good("namespace a {\n deny-all egress baseline\n" + edges + "}");
    CHECK(base->policyList() == Strings{"a/api-ingress", "a/default-deny-egress", "a/web-egress"});
    CHECK(rules(base->policy("a", "web-egress").egressRules) == Strings{"api -> TCP:80"});
    CHECK(base->policy("a", "web-egress").podSelector.reqs.at(0).values == Strings{"web"});

    auto svc = good("namespace a {\n deny-all egress web\n" + edges + "}");
    CHECK(svc->policyList() == Strings{"a/api-ingress", "a/web-egress"});
    CHECK(rules(svc->policy("a", "web-egress").egressRules) == Strings{"api -> TCP:80"});

    // The egress side of an external destination.
    auto ext = good("namespace a {\n deny-all baseline\n service web\n web -> 10.0.0.0/8:443\n}");
    CHECK(ext->policyList() == Strings{"a/default-deny-all", "a/web-egress"});
    CHECK(rules(ext->policy("a", "web-egress").egressRules) == Strings{"10.0.0.0/8 -> TCP:443"});
}

TEST_CASE("sema: one-sided edges") {
    const std::string head = "namespace a {\n deny-all egress baseline\n service web\n service api\n";
    auto in = good(head + " ingress web -> api:80\n}");
    CHECK(in->policyList() == Strings{"a/api-ingress", "a/default-deny-egress"});
    auto out = good(head + " egress web -> api:80\n}");
    CHECK(out->policyList() == Strings{"a/default-deny-egress", "a/web-egress"});
    CHECK(rules(out->policy("a", "web-egress").egressRules) == Strings{"api -> TCP:80"});
    // Without enforced egress, a one-sided egress edge generates nothing, and says so.
    auto none = good("namespace a { service web\n service api\n egress web -> api:80 }");
    CHECK(none->policyList().empty());
    CHECK(test::codes(none->sink) == Strings{"W0008"});
}

TEST_CASE("sema: cross-namespace peers") {
    auto c = good(R"(namespace front {
  labels { tier: frontend, zone: eu }
  service web
}
namespace plain { service job }
external namespace kube-system { service kube-dns { k8s-app: kube-dns } }
namespace prod {
  service api
  front/web -> api:80
  plain/job -> api:80
  kube-system/kube-dns -> api:53/udp
}
)");
    const auto& p = c->prog();
    CHECK(c->policyList() == Strings{"prod/api-ingress"});  // nothing in front, plain or kube-system
    const auto& rs = c->policy("prod", "api-ingress").ingressRules;
    REQUIRE(rs.size() == 2);
    REQUIRE(rs[0].peers.size() == 2);
    const model::Peer& web = *rs[0].peers[0].peer;
    CHECK(web.kind == PK::Service);
    CHECK(p.namespaces[web.ns].name == "front");
    CHECK(p.services[web.service].name == "web");
    CHECK(sameSelector(p.namespaces[web.ns].selector, {eq("tier", "frontend"), eq("zone", "eu")}));
    const model::Peer& job = *rs[0].peers[1].peer;
    CHECK(sameSelector(p.namespaces[job.ns].selector, {eq("kubernetes.io/metadata.name", "plain")}));
    CHECK(p.namespaces[rs[1].peers.at(0).peer->ns].external);
}

TEST_CASE("sema: rule merging") {
    auto c = good(R"(namespace a {
  service web
  service db
  service api
  web -> api:80
  db -> api:80
  web -> api:443
  web -> api:80
  any -> api:9090
}
)");
    CHECK(rules(c->policy("a", "api-ingress").ingressRules) ==
          Strings{"web,db -> TCP:80", "web -> TCP:443", "any -> TCP:9090"});
    const auto& merged = c->policy("a", "api-ingress").ingressRules[0];
    CHECK(merged.edges.size() == 3);  // web:80 twice and db:80; the peer is kept once
}

TEST_CASE("sema: a rule's peer is the remote end of its first edge, its ports the first edge's") {
    auto c = good(R"(use std/dns
namespace a {
  deny-all baseline
  allow dns
  service web
  service api
  web -> api:80
  web -> api:80
  b/* -> api:80
  web -> b/*:443
}
namespace b { }
)");
    const model::Program& p = c->prog();
    std::size_t seen = 0;
    for (const auto& pol : p.policies) {
        for (bool ingress : {true, false}) {
            for (const auto& r : ingress ? pol.ingressRules : pol.egressRules) {
                REQUIRE_FALSE(r.edges.empty());
                CHECK(r.first == &p.edges[r.edges.front()]);  // its ports and HTTP rules
                for (model::Index e : r.edges) CHECK(p.edges[e].ports.size() == r.ports().size());
                for (const auto& rp : r.peers) {
                    REQUIRE_FALSE(rp.edges.empty());
                    const model::Edge& first = p.edges[rp.edges.front()];
                    CHECK(rp.peer == (ingress ? &first.from : &first.to));
                    ++seen;
                }
            }
        }
    }
    CHECK(seen >= 4);  // web and b/* into api, api from web's egress, dns from the bundle
}

TEST_CASE("sema: peers of every kind") {
    auto c = compileText(R"(namespace o { service x }
namespace a {
  service api
  */* -> api:1
  o/* -> api:2
  pods { role: batch } -> api:3
  pods { role: batch } in o -> api:4
  pods { role: batch } in namespaces { team: x } -> api:5
  namespaces { team: x } -> api:6
  entity world -> api:7
  office -> api:8
}
external office = 203.0.113.0/24 except 203.0.113.128/25
)");
    const auto& rs = c->policy("a", "api-ingress").ingressRules;
    std::vector<PK> kinds;
    for (const auto& r : rs) kinds.push_back(r.peers.at(0).peer->kind);
    CHECK(kinds == std::vector<PK>{PK::AllPods, PK::NamespacePods, PK::Pods, PK::Pods, PK::PodsInNamespaces,
                                   PK::Namespaces, PK::Entity, PK::IpBlocks});
    CHECK(c->prog().namespaces[rs[3].peers[0].peer->ns].name == "o");
    const model::Peer& office = *rs[7].peers[0].peer;
    REQUIRE(office.blocks.size() == 1);
    CHECK(office.blocks[0].cidr.str() == "203.0.113.0/24");
    REQUIRE(office.blocks[0].except.size() == 1);
    CHECK(office.blocks[0].except[0].str() == "203.0.113.128/25");
    CHECK(test::withCode(c->sink, "W0005").size() == 2);  // */* and o/*
}

TEST_CASE("sema: allow dns with an egress baseline") {
    auto c = good("use std/dns\nnamespace a {\n deny-all baseline\n allow dns\n service api\n}");
    CHECK(c->policyList() == Strings{"a/allow-dns", "a/default-deny-all"});
    const auto& dns = c->policy("a", "allow-dns");
    CHECK((dns.egress && !dns.ingress && dns.podSelector.empty()));
    REQUIRE(dns.egressRules.size() == 1);
    CHECK(rules(dns.egressRules) == Strings{"kube-system/kube-dns -> UDP:53,TCP:53"});
    CHECK(c->prog().services[dns.egressRules[0].peers[0].peer->service].name == "kube-dns");
    CHECK(c->line(dns.span) == 4);
    CHECK_FALSE(test::hasCode(c->sink, "W0006"));
}

TEST_CASE("sema: allow dns without egress enforcement generates nothing") {
    auto c = good("use std/dns\nnamespace a {\n deny-all ingress baseline\n allow dns\n}");
    CHECK(c->policyList() == Strings{"a/default-deny-ingress"});
    auto w = test::withCode(c->sink, "W0006");
    REQUIRE(w.size() == 1);
    CHECK(c->line(w[0].span) == 4);
}

TEST_CASE("sema: allow dns with deny-all egress SERVICE goes into SERVICE-egress") {
    auto c = good("use std/dns\nnamespace a {\n service svc\n service other\n deny-all egress svc\n allow dns\n"
                  " svc -> other:80\n}");
    CHECK(c->policyList() == Strings{"a/other-ingress", "a/svc-egress"});
    CHECK(rules(c->policy("a", "svc-egress").egressRules) ==
          Strings{"other -> TCP:80", "kube-system/kube-dns -> UDP:53,TCP:53"});
    CHECK_FALSE(test::hasCode(c->sink, "W0006"));
}

TEST_CASE("sema: a bundle edge keeps the rule of its other end") {
    // Regression (fixed): plan.cpp addBundleEdge only adds rules on the `*` side. A bundle edge
    // `monitoring/prometheus -> *:9090` allowed in `shop` gets no egress rule on
    // prometheus although monitoring enforces egress, while the same edge written
    // directly in shop generates monitoring/prometheus-egress.
    auto c = good(R"(bundle metrics { monitoring/prometheus -> *:9090 }
namespace monitoring { deny-all baseline
 service prometheus }
namespace shop { deny-all baseline
 allow metrics }
)");
    CHECK(c->findPolicy("shop", "allow-metrics") != nullptr);
    REQUIRE(c->findPolicy("monitoring", "prometheus-egress") != nullptr);
    CHECK(rules(c->policy("monitoring", "prometheus-egress").egressRules) == Strings{"* -> TCP:9090"});
}

TEST_CASE("sema: an ingress bundle without a baseline goes into the enforced services") {
    auto c = good(R"(namespace monitoring { service prometheus }
bundle metrics { ingress monitoring/prometheus -> *:9090 }
namespace shop {
  service api
  service web
  service idle
  web -> api:80
  deny-all ingress web
  allow metrics
}
)");
    CHECK(c->policyList() == Strings{"shop/api-ingress", "shop/web-ingress"});
    CHECK(rules(c->policy("shop", "api-ingress").ingressRules) == Strings{"web -> TCP:80", "monitoring/prometheus -> TCP:9090"});
    CHECK(rules(c->policy("shop", "web-ingress").ingressRules) == Strings{"monitoring/prometheus -> TCP:9090"});
}

TEST_CASE("sema: bundle edges must touch *") {
    auto c = compileText("bundle b { x -> y:80 }\nnamespace a { service x\n service y\n allow b }");
    const auto d = failsWith(*c, "E0307");
    REQUIRE(d.labels.size() == 1);
    CHECK(c->line(d.labels[0].span) == 4);
}

TEST_CASE("sema: duplicate declarations (E0105)") {
    const char* const programs[] = {
        "namespace a { service x\n service x }",
        "namespace a { service x }\nnamespace a { service x }",
        "namespace a { external x = 10.0.0.0/8\n external x = 10.0.0.0/8 }",
        "namespace a { service x\n external x = 10.0.0.0/8 }",
        "namespace a { labels { a: b }\n labels { c: d } }",
        "external x = 10.0.0.0/8\nexternal x = 10.0.0.0/16",
        "bundle b { * -> *:1 }\nbundle b { * -> *:2 }",
        "namespace a { }\nexternal namespace a",
    };
    for (const char* text : programs) {
        INFO(text);
        auto c = compileText(text);
        const auto d = failsWith(*c, "E0105");
        CHECK(c->line(d.span) == 2);
        REQUIRE(d.labels.size() == 1);
        CHECK(c->line(d.labels[0].span) == 1);
    }
    // A namespace split over two files is merged, and a clash across files is found.
    auto split = compileFiles({{"a.npl", "namespace a { service x }"}, {"b.npl", "namespace a { service y\n x -> y:1 }"}});
    CHECK_FALSE(split->sink.hasErrors());
    CHECK(split->policyList() == Strings{"a/y-ingress"});
    auto clash = compileFiles({{"a.npl", "namespace a { service x }"}, {"b.npl", "namespace a { service x }"}});
    CHECK(failsWith(*clash, "E0105").message == "service 'x' is declared twice");
}

TEST_CASE("sema: unknown names and suggestions") {
    auto typo = compileText("namespace a {\n service api\n service db\n apii -> db:1\n}");
    auto d = failsWith(*typo, "E0103");
    CHECK(typo->text(d.span) == "apii");
    CHECK(d.help == "did you mean 'api'?");

    auto elsewhere = compileText("namespace o { service job }\nnamespace a { service x\n job -> x:1 }");
    d = failsWith(*elsewhere, "E0103");
    CHECK(d.help == "did you mean o/job?");

    auto ambiguous = compileText("namespace o { service job }\nnamespace p { service job }\nnamespace a {"
                                 " service x\n job -> x:1 }");
    d = failsWith(*ambiguous, "E0104");
    CHECK(d.notes.at(0) == "candidates: o/job, p/job");

    auto ns = compileText("namespace prod { service api }\nnamespace a { service x\n prd/api -> x:1 }");
    d = failsWith(*ns, "E0106");
    CHECK(ns->text(d.span) == "prd");
    CHECK(d.help == "did you mean 'prod'?");

    auto svc = compileText("namespace prod { service api }\nnamespace a { service x\n prod/apx -> x:1 }");
    d = failsWith(*svc, "E0103");
    CHECK(d.message == "namespace 'prod' has no service 'apx'");
    CHECK(d.help == "did you mean 'api'?");

    auto bundle = compileText("namespace a { deny-all baseline\n allow dns }");
    d = failsWith(*bundle, "E0103");
    CHECK(d.help == "add `use std/dns` at the top of the file");

    // Several unknown names are all reported.
    auto many = compileText("namespace a {\n service x\n q -> x:1\n x -> r:1\n zz/x -> x:1\n}");
    CHECK(test::codes(many->sink) == Strings{"E0103", "E0103", "E0106"});
}

TEST_CASE("sema: imports") {
    auto c = compileFiles({{"main.npl", "use \"lib/shared.npl\"\nnamespace a { service x\n lib -> x:1 }"},
                           {"lib/shared.npl", "use \"base.npl\"\nexternal lib = base"},
                           {"lib/base.npl", "external base = 10.0.0.0/8"}},
                          {"main.npl"});
    CHECK_FALSE(c->sink.hasErrors());
    CHECK(c->sm.size() == 4);  // std/networks, and each file once
    CHECK(rules(c->policy("a", "x-ingress").ingressRules) == Strings{"lib -> TCP:1"});

    auto missing = compileText("use \"nothere.npl\"\nnamespace a { }");
    auto d = failsWith(*missing, "E0101");
    CHECK(missing->line(d.span) == 1);
    CHECK(failsWith(*compileText("use std/nope"), "E0101").message == "no standard module 'std/nope'");
    CHECK(failsWith(*compileText("use shared"), "E0101").help == "files are imported with quotes: use \"shared.npl\"");
}

TEST_CASE("sema: an import cycle is E0102") {
    auto c = compileFiles({{"a.npl", "use \"b.npl\"\nnamespace a { }"}, {"b.npl", "# b\nuse \"a.npl\""}});
    const auto d = failsWith(*c, "E0102");
    CHECK(c->line(d.span) == 2);  // the `use` in b.npl that closes the cycle
    REQUIRE(d.labels.size() == 1);  // the other `use` of the cycle, in a.npl
    CHECK(c->line(d.labels[0].span) == 1);
    CHECK(d.labels[0].span.file != d.span.file);
    auto self = compileFiles({{"a.npl", "use \"a.npl\""}});
    failsWith(*self, "E0102");
    // A diamond is not a cycle, and the shared file is read once.
    auto diamond = compileFiles({{"a.npl", "use \"b.npl\"\nuse \"c.npl\""}, {"b.npl", "use \"d.npl\""},
                                 {"c.npl", "use \"d.npl\""}, {"d.npl", "namespace d { service x }"}});
    CHECK_FALSE(diamond->sink.hasErrors());
}

TEST_CASE("sema: except must be strictly inside (E0209)") {
    auto c = compileText("external x = 10.0.0.0/8 except 192.168.0.0/16\nnamespace a { }");
    auto d = failsWith(*c, "E0209");
    CHECK(c->text(d.span) == "192.168.0.0/16");
    auto same = compileText("external x = 10.0.0.0/8 except 10.0.0.0/8");
    failsWith(*same, "E0209");
    // An except is attached to every block that contains it, and only to those.
    auto ok = good("external x = 10.0.0.0/8, 172.16.0.0/12 except 10.1.0.0/16\n"
                   "namespace a { service s\n x -> s:1 }");
    const model::Peer& peer = *ok->policy("a", "s-ingress").ingressRules.at(0).peers.at(0).peer;
    REQUIRE(peer.blocks.size() == 2);
    CHECK(peer.blocks[0].except.size() == 1);
    CHECK(peer.blocks[1].except.empty());
}

TEST_CASE("std/dns declares the kube-dns that analysis/well_known.h knows") {
    auto c = good("use std/dns\nnamespace a {\n  deny-all baseline\n  allow dns\n}");
    const auto& p = c->prog();
    const auto& pol = c->policy("a", "allow-dns");
    REQUIRE(pol.egressRules.size() == 1);
    const auto& rule = pol.egressRules[0];
    REQUIRE(rule.peers.size() == 1);
    const model::Peer& dns = *rule.peers[0].peer;
    REQUIRE(dns.kind == PK::Service);
    CHECK(p.namespaces[dns.ns].name == analysis::kKubeSystem);
    CHECK(sameSelector(p.services[dns.service].selector, {eq(analysis::kKubeDnsLabelKey, analysis::kKubeDnsLabelValue)}));
    CHECK(analysis::mayBeKubeDns(p, dns));
    REQUIRE(rule.ports().size() == 2);
    for (const auto& port : rule.ports()) CHECK(port.port == analysis::kDnsPort);
}

// Unit tests for syntax/parser: every construct of NPL to its AST, with spans.
// The source text itself (encodings, line ends, errors) is parser_input_test.
#include "syntax/parser.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "../test_support.h"

using namespace nplc;
using ast::Peer;
using ast::PortItem;
using ast::ReqOp;

namespace {

using test::ok;
using test::Parsed;

// The only namespace of a valid one-namespace program.
const ast::Namespace& onlyNs(const Parsed& p) {
    REQUIRE(p.file->namespaces.size() == 1);
    return p.file->namespaces[0];
}

// The single edge of `namespace n { EDGE }`.
ast::Edge edgeOf(const std::string& edge) {
    auto p = ok("namespace n {\n  " + edge + "\n}\n");
    const auto& ns = onlyNs(*p);
    REQUIRE(ns.edges.size() == 1);
    return ns.edges[0];
}

Peer peerOf(const std::string& peerText) { return edgeOf(peerText + " -> x:80").from; }

// The requirements of `service s { SEL }`.
std::vector<ast::Requirement> reqsOf(const std::string& sel) {
    auto p = ok("namespace n { service s { " + sel + " } }");
    const auto& svc = onlyNs(*p).services.at(0);
    REQUIRE(svc.selector.has_value());
    return svc.selector->reqs;
}

std::vector<std::string> texts(const std::vector<ast::Ident>& ids) {
    std::vector<std::string> out;
    for (const auto& i : ids) out.push_back(i.text);
    return out;
}

// "Op key [v1,v2]" for each requirement.
std::vector<std::string> describe(const std::vector<ast::Requirement>& reqs) {
    static const char* const kOps[] = {"Equals", "In", "NotIn", "Exists", "DoesNotExist"};
    std::vector<std::string> out;
    for (const auto& r : reqs) {
        std::string vals;
        for (const auto& v : r.values) vals += (vals.empty() ? "" : ",") + v.text;
        out.push_back(std::string(kOps[static_cast<int>(r.op)]) + " " + r.key.text + " [" + vals + "]");
    }
    return out;
}

std::vector<PortItem> portsOf(const std::string& spec) {
    auto e = edgeOf("a -> b" + spec);
    REQUIRE(e.ports.has_value());
    return e.ports->ports;
}

}  // namespace

TEST_CASE("parser: every top-level and namespace statement") {
    auto p = ok(R"(use std/dns
use "teams/shared.npl"
external private2 = 10.0.0.0/8
bundle metrics {
  ingress monitoring/prometheus -> *:9090
}
external namespace kube-system {
  labels { team: platform }
  service kube-dns { k8s-app: kube-dns }
}
external namespace bare
namespace prod {
  labels { env: prod }
  service api
  service db { app: postgres }
  deny-all baseline
  deny-all ingress baseline
  deny-all egress api
  deny-all db
  allow dns
  external office = 203.0.113.0/24
  deny api -> db:22
  api -> db:5432
}
)");
    const ast::File& f = *p->file;
    REQUIRE(f.uses.size() == 2);
    CHECK((f.uses[0].path == "std/dns" && !f.uses[0].quoted));
    CHECK((f.uses[1].path == "teams/shared.npl" && f.uses[1].quoted));
    CHECK(p->text(f.uses[1].span) == "use \"teams/shared.npl\"");
    REQUIRE(f.externals.size() == 1);
    CHECK(f.externals[0].name.text == "private2");
    REQUIRE(f.bundles.size() == 1);
    CHECK(f.bundles[0].name.text == "metrics");
    REQUIRE(f.bundles[0].edges.size() == 1);
    CHECK(f.bundles[0].edges[0].sides == ast::Sides::IngressOnly);

    REQUIRE(f.namespaces.size() == 3);
    const auto& ks = f.namespaces[0];
    CHECK((ks.external && ks.name.text == "kube-system" && ks.labels.size() == 1));
    REQUIRE(ks.services.size() == 1);
    CHECK(ks.services[0].name.text == "kube-dns");
    CHECK((f.namespaces[1].external && f.namespaces[1].name.text == "bare" && f.namespaces[1].services.empty()));

    const auto& ns = f.namespaces[2];
    CHECK_FALSE(ns.external);
    CHECK(p->text(ns.name.span) == "prod");
    REQUIRE(ns.labels.size() == 1);
    CHECK(ns.labels[0].selector.reqs.at(0).key.text == "env");
    REQUIRE(ns.services.size() == 2);
    CHECK_FALSE(ns.services[0].selector.has_value());
    CHECK(ns.services[1].selector.has_value());
    // Each baseline as "direction:service".
    std::vector<std::string> baselines;
    for (const auto& b : ns.baselines) {
        baselines.push_back(std::to_string(static_cast<int>(b.dir)) + ":" + (b.service ? b.service->text : "*"));
    }
    CHECK(baselines == std::vector<std::string>{"0:*", "1:*", "2:api", "0:db"});
    REQUIRE(ns.allows.size() == 1);
    CHECK(ns.allows[0].bundle.text == "dns");
    CHECK(ns.externals.size() == 1);
    REQUIRE(ns.edges.size() == 2);
    CHECK(ns.edges[0].deny);
    CHECK(p->text(ns.edges[0].span) == "deny api -> db:22");
    CHECK_FALSE(ns.edges[1].deny);
    CHECK(ns.edges[1].sides == ast::Sides::Both);
    CHECK(p->text(ns.edges[1].span) == "api -> db:5432");
}

TEST_CASE("parser: soft keywords are names") {
    auto p = ok("namespace ingress { service labels service dns service in\n  labels -> dns:53 }");
    const auto& ns = onlyNs(*p);
    CHECK(ns.name.text == "ingress");
    CHECK(texts({ns.services[0].name, ns.services[1].name, ns.services[2].name}) ==
          std::vector<std::string>{"labels", "dns", "in"});
    REQUIRE(ns.edges.size() == 1);
    CHECK(ns.edges[0].from.name.text == "labels");
}

TEST_CASE("parser: every peer form") {
    CHECK(peerOf("any").kind == Peer::Kind::Any);
    CHECK(peerOf("*/*").kind == Peer::Kind::AllPods);
    CHECK(peerOf("*").kind == Peer::Kind::LocalPods);

    Peer p = peerOf("ns/*");
    CHECK((p.kind == Peer::Kind::NamespacePods && p.ns.text == "ns"));
    p = peerOf("ns/api");
    CHECK((p.kind == Peer::Kind::Qualified && p.ns.text == "ns" && p.name.text == "api"));

    p = peerOf("pods { role: db }");
    CHECK((p.kind == Peer::Kind::Pods && p.nsRef == Peer::NsRef::None && p.selector.reqs.size() == 1));
    p = peerOf("pods { role: db } in other");
    CHECK((p.kind == Peer::Kind::Pods && p.nsRef == Peer::NsRef::Named && p.ns.text == "other"));
    p = peerOf("pods { role: db } in namespaces { team: x }");
    CHECK(p.nsRef == Peer::NsRef::Selector);
    REQUIRE(p.nsSelector.reqs.size() == 1);
    CHECK(p.nsSelector.reqs[0].key.text == "team");
    p = peerOf("pods { } in *");
    CHECK((p.nsRef == Peer::NsRef::All && p.selector.reqs.empty()));

    p = peerOf("namespaces { team: x }");
    CHECK((p.kind == Peer::Kind::Namespaces && p.selector.reqs.size() == 1));
    p = peerOf("entity world");
    CHECK((p.kind == Peer::Kind::Entity && p.name.text == "world"));
    // Inline addresses keep their text; an address without prefix is E0208 in sema.
    for (const char* cidr : {"10.0.0.0/8", "fd00::/8", "10.1.2.3"}) {
        p = peerOf(cidr);
        CHECK((p.kind == Peer::Kind::Cidr && p.name.text == cidr));
    }
    p = peerOf("office");
    CHECK((p.kind == Peer::Kind::Name && p.name.text == "office"));
}

TEST_CASE("parser: peer and selector spans cover what was written") {
    auto p = ok("namespace n {\n  pods { a: b } in namespaces { c: d } -> ns/api:80\n}");
    const auto& e = onlyNs(*p).edges.at(0);
    CHECK(p->text(e.from.span) == "pods { a: b } in namespaces { c: d }");
    CHECK(p->text(e.to.span) == "ns/api");
    CHECK(p->text(e.to.name.span) == "api");
    CHECK(p->at(e.to.span).line == 2);
    const auto& req = e.from.selector.reqs.at(0);
    CHECK(p->text(req.span) == "a: b");
    CHECK(p->text(req.key.span) == "a");
    CHECK(p->text(req.values.at(0).span) == "b");
}

TEST_CASE("parser: selector requirements") {
    CHECK(describe(reqsOf("app: web, tier in (a, b) env notin (dev) canary !legacy")) ==
          std::vector<std::string>{"Equals app [web]", "In tier [a,b]", "NotIn env [dev]", "Exists canary []",
                                   "DoesNotExist legacy []"});
    CHECK(describe(reqsOf("app.kubernetes.io/name: web")) == std::vector<std::string>{"Equals app.kubernetes.io/name [web]"});
    // Quotes and escapes removed; values starting with a digit are single values.
    CHECK(describe(reqsOf(R"(version: "1.0", quote: "a\"b", n: 2, date: 2024-01-01, r: 1-2, word: 1.0)")) ==
          std::vector<std::string>{"Equals version [1.0]", "Equals quote [a\"b]", "Equals n [2]",
                                   "Equals date [2024-01-01]", "Equals r [1-2]", "Equals word [1.0]"});
    CHECK(reqsOf("").empty());
}

TEST_CASE("parser: ports") {
    auto ports = portsOf(":8080");
    REQUIRE(ports.size() == 1);
    CHECK((ports[0].kind == PortItem::Kind::Number && ports[0].lo == 8080 && !ports[0].protocol));

    ports = portsOf(":53/UDP");
    REQUIRE((ports.size() == 1 && ports[0].protocol.has_value()));
    CHECK((ports[0].lo == 53 && ports[0].protocol->text == "UDP"));  // case is checked by sema

    ports = portsOf(":7000-7010");
    CHECK((ports.at(0).kind == PortItem::Kind::Range && ports[0].lo == 7000 && ports[0].hi == 7010));
    ports = portsOf(":http");
    CHECK((ports.at(0).kind == PortItem::Kind::Named && ports[0].name == "http"));
    ports = portsOf(":serve-80-tcp");
    CHECK((ports.at(0).kind == PortItem::Kind::Named && ports[0].name == "serve-80-tcp"));
    ports = portsOf(":*/udp");
    CHECK((ports.at(0).kind == PortItem::Kind::AllOfProtocol && ports[0].protocol->text == "udp"));

    ports = portsOf(":80, 443/tcp,8443-8444");
    REQUIRE(ports.size() == 3);
    CHECK((ports[0].lo == 80 && ports[1].lo == 443 && ports[1].protocol->text == "tcp"));
    CHECK(ports[2].kind == PortItem::Kind::Range);

    ports = portsOf(":99999999999999999999");  // saturates; E0204 comes from sema
    CHECK(ports.at(0).lo > 65535);
    CHECK_FALSE(edgeOf("a -> b").ports.has_value());

    auto p = ok("namespace n { a -> b:53/udp, 80 }");
    const auto& spec = *onlyNs(*p).edges.at(0).ports;
    CHECK(p->text(spec.span) == ":53/udp, 80");
    CHECK(p->text(spec.ports.at(0).span) == "53/udp");
    CHECK(p->text(spec.ports.at(0).valueSpan) == "53");
    CHECK(p->text(spec.ports.at(1).span) == "80");
}

TEST_CASE("parser: HTTP rules split into method and path") {
    auto p = ok("# señal ✓\nnamespace n {\n  a -> b:8080 GET /api/v1/users/*, POST\t/v1/entries\n}");
    const auto& e = onlyNs(*p).edges.at(0);
    REQUIRE(e.ports.has_value());
    REQUIRE(e.ports->ports.size() == 1);
    REQUIRE(e.ports->http.size() == 2);
    const auto& get = e.ports->http[0];
    CHECK((get.method == "GET" && get.path == "/api/v1/users/*"));
    CHECK(p->text(get.span) == "GET /api/v1/users/*");
    CHECK(p->text(get.pathSpan) == "/api/v1/users/*");  // in bytes, after the non-ASCII comment
    const auto& post = e.ports->http[1];
    CHECK((post.method == "POST" && post.path == "/v1/entries"));
    CHECK(p->text(post.pathSpan) == "/v1/entries");
}

TEST_CASE("parser: one-sided edges and a->b without spaces") {
    CHECK(edgeOf("ingress a -> b:80").sides == ast::Sides::IngressOnly);
    CHECK(edgeOf("egress a -> b:80").sides == ast::Sides::EgressOnly);
    CHECK(edgeOf("a -> b:80").sides == ast::Sides::Both);
    auto e = edgeOf("egress ingress -> egress:80");  // soft keywords as peers
    CHECK((e.sides == ast::Sides::EgressOnly && e.from.name.text == "ingress" && e.to.name.text == "egress"));

    e = edgeOf("a->b:80");
    CHECK((e.from.name.text == "a" && e.to.name.text == "b"));
    e = edgeOf("web-gateway->api-v2:80");
    CHECK((e.from.name.text == "web-gateway" && e.to.name.text == "api-v2"));
    e = edgeOf("ns/a->*");
    CHECK((e.from.kind == Peer::Kind::Qualified && e.to.kind == Peer::Kind::LocalPods));
}

TEST_CASE("parser: externals") {
    auto p = ok(R"(external office = 203.0.113.0/24, other, fd00::/8 except 203.0.113.100/32, private
external stripe = dns "api.stripe.com", "*.stripe.com"
external api = entity kube-apiserver
)");
    const auto& xs = p->file->externals;
    REQUIRE(xs.size() == 3);
    const auto& office = xs[0];
    CHECK(office.kind == ast::External::Kind::Cidr);
    std::vector<std::string> blocks, excepts;
    for (const auto& b : office.blocks) blocks.push_back(b.text + (b.isName ? "(name)" : ""));
    for (const auto& b : office.excepts) excepts.push_back(b.text + (b.isName ? "(name)" : ""));
    CHECK(blocks == std::vector<std::string>{"203.0.113.0/24", "other(name)", "fd00::/8"});
    CHECK(excepts == std::vector<std::string>{"203.0.113.100/32", "private(name)"});
    CHECK(p->text(office.excepts[0].span) == "203.0.113.100/32");

    CHECK(xs[1].kind == ast::External::Kind::Fqdn);
    CHECK(texts(xs[1].fqdns) == std::vector<std::string>{"api.stripe.com", "*.stripe.com"});
    CHECK(p->text(xs[1].fqdns.at(1).span) == "\"*.stripe.com\"");
    CHECK((xs[2].kind == ast::External::Kind::Entity && xs[2].entity.text == "kube-apiserver"));
}

TEST_CASE("parser: comments are ignored") {
    auto p = ok("# head\nnamespace n { # after brace\n  service a # trailing\n  # alone\n  a -> a:80 # end\n}\n# tail");
    const auto& ns = onlyNs(*p);
    CHECK(ns.services.size() == 1);
    CHECK(ns.edges.size() == 1);
    CHECK(p->text(ns.edges[0].span) == "a -> a:80");
}

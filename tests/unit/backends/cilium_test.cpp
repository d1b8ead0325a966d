// Unit tests for backends/cilium: the HTTP glob translation, pod ranges
// reached by a CIDR, and the generated CiliumNetworkPolicies parsed back with
// yaml-cpp.
#include "backends/cilium/cilium_backend.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <regex>
#include <string>
#include <vector>

#include "../test_support.h"
#include "backends/cilium/http_regex.h"
#include "backends/cilium/peers.h"

using namespace nplc;
using Strings = std::vector<std::string>;

namespace {

struct Generated {
    std::unique_ptr<test::Compiled> c;
    const model::Program* program = nullptr;  // c's (a Program is move-only)
    diag::Sink sink;
    backends::OutputFiles files;

    YAML::Node policy(const std::string& ns, const std::string& name) const {
        auto it = files.find("cilium/" + ns + "/" + name + ".yaml");
        std::string have;
        for (const auto& [path, _] : files) have += path + " ";
        REQUIRE_MESSAGE(it != files.end(), "no ", ns, "/", name, "; have: ", have);
        YAML::Node doc = YAML::Load(it->second);
        CHECK(doc["apiVersion"].as<std::string>() == "cilium.io/v2");
        CHECK(doc["kind"].as<std::string>() == "CiliumNetworkPolicy");
        CHECK(doc["metadata"]["name"].as<std::string>() == name);
        CHECK(doc["metadata"]["namespace"].as<std::string>() == ns);
        return doc;
    }
};

std::unique_ptr<Generated> generate(const std::string& text, backends::TargetOptions options = {}) {
    auto g = std::make_unique<Generated>();
    g->c = test::compileText(text);
    INFO(test::joinCodes(g->c->sink));
    REQUIRE_FALSE(g->c->sink.hasErrors());
    g->program = &g->c->prog();
    const std::vector<diag::Diagnostic> analysis = g->c->sink.sorted();
    g->files = backends::cilium::generate({g->c->sm, *g->program, options, analysis, g->sink});
    return g;
}

util::Cidr cidr(const char* text) { return *util::parseCidr(text).cidr; }

std::map<std::string, std::string> matchLabels(const YAML::Node& sel) {
    std::map<std::string, std::string> out;
    for (const auto& kv : sel["matchLabels"]) out[kv.first.as<std::string>()] = kv.second.as<std::string>();
    return out;
}

using Labels = std::map<std::string, std::string>;

// The L3 keys of a rule (fromEndpoints, toFQDNs, ...).
Strings l3Keys(const YAML::Node& rule) {
    Strings out;
    for (const auto& kv : rule) {
        const auto k = kv.first.as<std::string>();
        if (k != "toPorts") out.push_back(k);
    }
    return out;
}

}  // namespace

TEST_CASE("cilium: HTTP globs become anchored, escaped regexps") {
    using backends::cilium::globToRegex;
    CHECK(globToRegex("/api/v1/users/*") == "/api/v1/users/.*");
    CHECK(globToRegex("/v1.0/x") == "/v1\\.0/x");
    CHECK(globToRegex("/a+b/(c)/$d") == "/a\\+b/\\(c\\)/\\$d");
    CHECK(globToRegex("/*/*") == "/.*/.*");
    // Every character the grammar allows in a path (PATH_CHAR) stands for
    // itself: the translated path is a valid regexp matching exactly it.
    const std::string chars = "abcXYZ019-._~/%:@!$&'()+;=";
    for (char ch : chars) {
        const std::string path = std::string("/p") + ch + "q";
        INFO("path ", path);
        const std::regex re(globToRegex(path));
        CHECK(std::regex_match(path, re));
        CHECK_FALSE(std::regex_match(std::string("/pZZq"), re));
        CHECK_FALSE(std::regex_match("x" + path, re));
    }
    const std::regex glob(globToRegex("/v1.0/items/*"));
    CHECK(std::regex_match(std::string("/v1.0/items/7/parts"), glob));
    CHECK_FALSE(std::regex_match(std::string("/v1x0/items/7"), glob));
}

TEST_CASE("cilium: pod ranges a CIDR reaches, minus its excepts") {
    using backends::cilium::podRangesReached;
    const std::vector<util::Cidr> pods = {cidr("10.244.0.0/16"), cidr("10.42.0.0/16")};
    auto reached = [&](const char* c, std::vector<const char*> except = {}) {
        model::IpBlock b{cidr(c), {}};
        for (const auto* e : except) b.except.push_back(cidr(e));
        Strings out;
        for (const auto& r : podRangesReached(b, pods)) out.push_back(r.str());
        return out;
    };
    CHECK(reached("203.0.113.0/24").empty());
    CHECK(reached("10.244.1.11/32") == Strings{"10.244.0.0/16"});
    CHECK(reached("10.0.0.0/8") == Strings{"10.244.0.0/16", "10.42.0.0/16"});
    CHECK(reached("0.0.0.0/0", {"10.0.0.0/8"}).empty());
    CHECK(reached("10.0.0.0/8", {"10.244.0.0/16"}) == Strings{"10.42.0.0/16"});
    CHECK(reached("10.244.0.0/16", {"10.244.0.0/17", "10.244.128.0/17"}).empty());  // halves cover it
    CHECK(reached("10.244.0.0/16", {"10.244.0.0/17", "10.244.128.0/18"}) == Strings{"10.244.0.0/16"});
    CHECK(reached("::/0").empty());  // another family
}

TEST_CASE("cilium: metadata, endpointSelector, and the empty rule for isolation") {
    auto g = generate("namespace prod {\n  deny-all baseline\n  service api\n  service web\n  web -> api:80\n}");
    CHECK(g->sink.all().empty());
    auto deny = g->policy("prod", "default-deny-all");
    CHECK(deny["metadata"]["labels"]["app.kubernetes.io/managed-by"].as<std::string>() == "nplc");
    const auto source = deny["metadata"]["annotations"]["nplc.dev/source"].as<std::string>();
    CHECK(source.substr(source.size() - 11) == "/main.npl:2");
    CHECK(deny["spec"]["endpointSelector"].size() == 0);
    REQUIRE(deny["spec"]["ingress"].size() == 1);
    CHECK(deny["spec"]["ingress"][0].size() == 0);  // `- {}`: allows nothing
    REQUIRE(deny["spec"]["egress"].size() == 1);
    CHECK(deny["spec"]["egress"][0].size() == 0);
    auto api = g->policy("prod", "api-ingress");
    CHECK(matchLabels(api["spec"]["endpointSelector"]) == Labels{{"app", "api"}});
    CHECK_FALSE(api["spec"]["egress"].IsDefined());
    const auto rule = api["spec"]["ingress"][0];
    CHECK(matchLabels(rule["fromEndpoints"][0]) == Labels{{"app", "web"}});
    CHECK(rule["toPorts"][0]["ports"][0]["port"].as<std::string>() == "80");
    CHECK(rule["toPorts"][0]["ports"][0]["port"].Tag() == "!");  // a quoted string, as Cilium wants
    const YAML::Node k = YAML::Load(g->files.at("cilium/kustomization.yaml"));
    CHECK(k["resources"].as<Strings>() ==
          Strings{"prod/api-ingress.yaml", "prod/default-deny-all.yaml", "prod/web-egress.yaml"});
}

TEST_CASE("cilium: one L3 kind per rule, DNS visibility only with DNS names") {
    auto g = generate(R"(namespace a {
  deny-all egress baseline
  service api
  service web
  external stripe = dns "api.stripe.com", "*.stripe.com"
  api -> stripe:443
  api -> 198.51.100.0/24:443
  api -> entity world:443
  api -> web:443
  web -> 198.51.100.0/24:443
}
)");
    auto rules = g->policy("a", "api-egress")["spec"]["egress"];
    REQUIRE(rules.size() == 5);
    CHECK(l3Keys(rules[0]) == Strings{"toFQDNs"});
    CHECK(rules[0]["toFQDNs"][0]["matchName"].as<std::string>() == "api.stripe.com");
    CHECK(rules[0]["toFQDNs"][1]["matchPattern"].as<std::string>() == "*.stripe.com");
    CHECK(l3Keys(rules[1]) == Strings{"toCIDRSet"});
    CHECK(l3Keys(rules[2]) == Strings{"toEntities"});
    CHECK(l3Keys(rules[3]) == Strings{"toEndpoints"});
    for (int i = 0; i < 4; ++i) CHECK(rules[i]["toPorts"][0]["ports"][0]["port"].as<std::string>() == "443");
    // The DNS visibility rule comes last.
    CHECK(matchLabels(rules[4]["toEndpoints"][0]) ==
          Labels{{"k8s:io.kubernetes.pod.namespace", "kube-system"}, {"k8s-app", "kube-dns"}});
    CHECK(rules[4]["toPorts"][0]["ports"][0]["protocol"].as<std::string>() == "ANY");
    CHECK(rules[4]["toPorts"][0]["rules"]["dns"][0]["matchPattern"].as<std::string>() == "*");
    auto web = g->policy("a", "web-egress")["spec"]["egress"];
    CHECK(web.size() == 1);  // no DNS name, no visibility rule
}

TEST_CASE("cilium: peers in other namespaces name the namespace") {
    auto g = generate(R"(namespace front {
  labels { tier: frontend }
  service web
}
namespace plain { service job }
namespace prod {
  service api
  front/web -> api:80
  plain/job -> api:81
  plain/* -> api:82
  */* -> api:83
  * -> api:84
}
)");
    auto rules = g->policy("prod", "api-ingress")["spec"]["ingress"];
    REQUIRE(rules.size() == 5);
    CHECK(matchLabels(rules[0]["fromEndpoints"][0]) ==
          Labels{{"k8s:io.cilium.k8s.namespace.labels.tier", "frontend"}, {"app", "web"}});
    CHECK(matchLabels(rules[1]["fromEndpoints"][0]) == Labels{{"k8s:io.kubernetes.pod.namespace", "plain"}, {"app", "job"}});
    CHECK(matchLabels(rules[2]["fromEndpoints"][0]) == Labels{{"k8s:io.kubernetes.pod.namespace", "plain"}});
    const auto all = rules[3]["fromEndpoints"][0]["matchExpressions"];
    REQUIRE(all.size() == 1);
    CHECK(all[0]["key"].as<std::string>() == "k8s:io.kubernetes.pod.namespace");
    CHECK(all[0]["operator"].as<std::string>() == "Exists");
    CHECK(rules[4]["fromEndpoints"][0].size() == 0);  // `{}`: this namespace (Cilium adds it)
}

TEST_CASE("cilium: `any` is the entity all; ports of every kind") {
    auto g = generate("namespace a {\n  service api\n  any -> api\n  any -> api:*/udp, 7000-7010, http/tcp\n}");
    auto rules = g->policy("a", "api-ingress")["spec"]["ingress"];
    REQUIRE(rules.size() == 2);
    CHECK(rules[0]["fromEntities"].as<Strings>() == Strings{"all"});
    CHECK_FALSE(rules[0]["toPorts"].IsDefined());  // every port
    const auto ports = rules[1]["toPorts"][0]["ports"];
    REQUIRE(ports.size() == 3);
    CHECK(ports[0]["port"].as<std::string>() == "0");
    CHECK(ports[0]["protocol"].as<std::string>() == "UDP");
    CHECK(ports[1]["port"].as<std::string>() == "7000");
    CHECK(ports[1]["endPort"].as<int>() == 7010);
    CHECK(ports[2]["port"].as<std::string>() == "http");
}

TEST_CASE("cilium: more than 40 ports are split over PortRules") {
    std::string list;
    for (int p = 1; p <= 85; ++p) list += (p > 1 ? "," : "") + std::to_string(p);
    auto g = generate("namespace a {\n  service api\n  service web\n  web -> api:" + list + " GET /x\n}");
    const auto toPorts = g->policy("a", "api-ingress")["spec"]["ingress"][0]["toPorts"];
    REQUIRE(toPorts.size() == 3);
    CHECK(toPorts[0]["ports"].size() == 40);
    CHECK(toPorts[1]["ports"].size() == 40);
    CHECK(toPorts[2]["ports"].size() == 5);
    CHECK(toPorts[2]["ports"][4]["port"].as<std::string>() == "85");
    for (const auto& pr : toPorts) CHECK(pr["rules"]["http"][0]["path"].as<std::string>() == "/x");
}

TEST_CASE("cilium: errors only where Cilium reads the rule differently") {
    const char* text = "namespace a {\n  deny-all egress baseline\n  service api\n  api -> 10.0.0.0/8:443\n}";
    auto ok = generate(text, {{cidr("100.64.0.0/10")}, false});
    CHECK_FALSE(ok->sink.hasErrors());
    auto bad = generate(text);
    CHECK(test::codes(bad->sink) == Strings{"E0402"});
}

TEST_CASE("cilium: deny rules only with the option, in policies that isolate nothing") {
    const char* text = "namespace a {\n  deny-all baseline\n  service api\n  service web\n  deny web -> api:22\n}";
    auto off = generate(text);
    CHECK(off->files.count("cilium/a/api-ingress-deny.yaml") == 0);
    auto on = generate(text, {model::defaultPodCidrs(), true});
    CHECK_FALSE(on->sink.hasErrors());
    auto in = on->policy("a", "api-ingress-deny")["spec"];
    CHECK(in["enableDefaultDeny"]["ingress"].as<bool>() == false);
    CHECK_FALSE(in["enableDefaultDeny"]["egress"].IsDefined());
    CHECK_FALSE(in["ingress"].IsDefined());
    CHECK(matchLabels(in["ingressDeny"][0]["fromEndpoints"][0]) == Labels{{"app", "web"}});
    CHECK(in["ingressDeny"][0]["toPorts"][0]["ports"][0]["port"].as<std::string>() == "22");
    auto eg = on->policy("a", "web-egress-deny")["spec"];
    CHECK(eg["enableDefaultDeny"]["egress"].as<bool>() == false);
    CHECK(matchLabels(eg["egressDeny"][0]["toEndpoints"][0]) == Labels{{"app", "api"}});
}

TEST_CASE("cilium: the output is the same on every run") {
    const char* text = "use std/dns\nnamespace a {\n  deny-all baseline\n  allow dns\n  service api\n  service web\n"
                       "  external s = dns \"*.example.com\"\n  web -> api:80 GET /x/*\n  web -> s:443\n}";
    auto one = generate(text);
    CHECK(one->files.size() == 5);
    diag::Sink again;
    const backends::TargetOptions opts;
    const std::vector<diag::Diagnostic> none;
    CHECK(backends::cilium::generate({one->c->sm, *one->program, opts, none, again}) == one->files);
}

TEST_CASE("cilium: an HTTP rule lost through a bundle is reported at both lines") {
    auto g = generate(R"(external namespace monitoring { service prometheus }
bundle metrics {
  ingress monitoring/prometheus -> *:9090
}
namespace a {
  deny-all baseline
  allow metrics
  service api
  monitoring/prometheus -> api:9090 GET /metrics
}
)");
    const auto d = test::withCode(g->sink, "E0405");
    REQUIRE(d.size() == 1);
    CHECK(g->c->line(d[0].span) == 9);
    REQUIRE(d[0].labels.size() == 2);
    CHECK(g->c->line(d[0].labels[0].span) == 3);  // the bundle's edge
    CHECK(g->c->line(d[0].labels[1].span) == 7);  // the `allow`
}

// The codes the backend reports for `body` in namespace a (deny-all baseline,
// services api and web).
Strings codesInNamespaceA(const std::string& body) {
    auto g = generate("namespace a {\n  deny-all baseline\n  service api\n  service web\n" + body + "}\n");
    return test::codes(g->sink);
}

TEST_CASE("cilium: an egress rule's named port towards pods is W0103, once per edge") {
    // namespace a enforces egress: web's rule carries the named port.
    CHECK(codesInNamespaceA("  web -> api:http\n") == Strings{"W0103"});
    CHECK(codesInNamespaceA("  web -> api:http,grpc\n  web -> *:http\n") == (Strings{"W0103", "W0103"}));
    // Numbers, and sources whose egress nplc does not enforce, have no egress rule to speak of.
    CHECK(codesInNamespaceA("  web -> api:8080\n").empty());
    auto g = generate("namespace o { service x }\nnamespace a {\n  deny-all ingress baseline\n  service api\n"
                      "  o/x -> api:http\n}\n");
    CHECK(test::withCode(g->sink, "W0103").empty());
}

TEST_CASE("cilium: an HTTP rule that meets an L4 rule only if a named port is that number is W0102") {
    // W0103 (egress named ports) is beside the point here.
    auto lost = [](const std::string& edges) {
        Strings out;
        for (auto& c : codesInNamespaceA(edges)) {
            if (c != "W0103") out.push_back(c);
        }
        return out;
    };
    // The pods' spec decides what `http` is: it may be 8080, either way round.
    CHECK(lost("  web -> api:http GET /x\n  web -> api:8080\n") == Strings{"W0102"});
    CHECK(lost("  web -> api:http GET /x\n  web -> *:8080\n") == Strings{"W0102"});
    CHECK(lost("  web -> api:8080 GET /x\n  web -> *:http\n") == Strings{"W0102"});
    CHECK(lost("  web -> api:http GET /x\n  web -> *:8000-8100\n") == Strings{"W0102"});
    // The same name is the same port: that is certain, E0405.
    CHECK(lost("  web -> api:http GET /x\n  web -> *:http\n") == Strings{"E0405"});
    // Two names are two ports of a pod; another protocol, other pods or
    // other peers never meet.
    CHECK(lost("  web -> api:http GET /x\n  web -> *:grpc\n").empty());
    CHECK(lost("  web -> api:http GET /x\n  web -> api:53/udp\n").empty());
    CHECK(lost("  web -> api:http GET /x\n  api -> web:8080\n").empty());
    CHECK(lost("  web -> api:http GET /x\n  api -> api:8080\n").empty());

    auto g = generate("namespace a {\n  deny-all ingress baseline\n  service api\n  service web\n"
                      "  web -> api:7000-7010\n  web -> api:80,grpc GET /x\n}\n");
    const auto d = test::withCode(g->sink, "W0102");
    REQUIRE(d.size() == 1);
    CHECK(g->c->line(d[0].span) == 6);
    CHECK(d[0].message ==
          "on the Cilium target this HTTP rule is lost if the destination pods' port `grpc` is one of 7000-7010: an "
          "edge without HTTP rules allows that port");
    REQUIRE(d[0].labels.size() == 1);
    CHECK(g->c->line(d[0].labels[0].span) == 5);
}

TEST_CASE("cilium: entities and DNS names meet the peers Cilium gives the same identity") {
    auto lost = [](const std::string& edges) {
        return codesInNamespaceA("  external stripe = dns \"api.stripe.com\"\n"
                                 "  external internet = 0.0.0.0/0 except private\n" +
                                 edges);
    };
    // world is every address outside the cluster: CIDRs and DNS names in it.
    CHECK(lost("  198.51.100.0/24 -> api:80 GET /x\n  entity world -> *:80\n") == Strings{"E0405"});
    CHECK(lost("  api -> stripe:80 GET /x\n  api -> internet:80\n") == Strings{"E0405"});
    CHECK(lost("  web -> api:80 GET /x\n  entity cluster -> *:80\n") == Strings{"E0405"});
    CHECK(lost("  web -> api:80 GET /x\n  entity all -> *:80\n") == Strings{"E0405"});
    // Pods are not in world; disjoint CIDRs do not meet.
    CHECK(lost("  web -> api:80 GET /x\n  entity world -> *:80\n").empty());
    CHECK(lost("  198.51.100.0/24 -> api:80 GET /x\n  203.0.113.0/24 -> *:80\n").empty());
}

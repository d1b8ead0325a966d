// Unit tests for backends/kubernetes and backends/yaml_scalars: the YAML is
// parsed back with yaml-cpp and its structure checked.
#include "backends/kubernetes/kubernetes_backend.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "../test_support.h"
#include "backends/yaml_scalars.h"
#include "backends/yaml_writer.h"

using namespace nplc;
using Strings = std::vector<std::string>;

namespace {

struct Generated {
    std::unique_ptr<test::Compiled> c;
    backends::OutputFiles files;

    // The parsed NetworkPolicy kubernetes/NS/NAME.yaml.
    YAML::Node policy(const std::string& ns, const std::string& name) const {
        auto it = files.find("kubernetes/" + ns + "/" + name + ".yaml");
        std::string have;
        for (const auto& [path, _] : files) have += path + " ";
        REQUIRE_MESSAGE(it != files.end(), "no ", ns, "/", name, "; have: ", have);
        YAML::Node doc = YAML::Load(it->second);
        REQUIRE(doc.IsMap());
        CHECK(doc["apiVersion"].as<std::string>() == "networking.k8s.io/v1");
        CHECK(doc["kind"].as<std::string>() == "NetworkPolicy");
        CHECK(doc["metadata"]["name"].as<std::string>() == name);
        CHECK(doc["metadata"]["namespace"].as<std::string>() == ns);
        return doc;
    }
};

Generated generate(const std::string& text) {
    Generated g;
    g.c = test::compileText(text);
    INFO(test::joinCodes(g.c->sink));
    REQUIRE_FALSE(g.c->sink.hasErrors());
    const backends::TargetOptions opts;
    const std::vector<diag::Diagnostic> analysis = g.c->sink.sorted();
    g.files = backends::kubernetes::generate({g.c->sm, g.c->prog(), opts, analysis, g.c->sink});
    return g;
}

// A node written in quotes: yaml-cpp tags quoted scalars "!" and plain ones "?".
bool quoted(const YAML::Node& n) { return n.IsScalar() && n.Tag() == "!"; }

std::map<std::string, std::string> matchLabels(const YAML::Node& sel) {
    std::map<std::string, std::string> out;
    for (const auto& kv : sel["matchLabels"]) out[kv.first.as<std::string>()] = kv.second.as<std::string>();
    return out;
}

using Labels = std::map<std::string, std::string>;

}  // namespace

TEST_CASE("kubernetes: metadata, podSelector and policyTypes") {
    auto g = generate("namespace prod {\n  deny-all baseline\n  service api\n  service web\n  web -> api:80\n}");
    CHECK(g.files.size() == 4);  // default-deny-all, api-ingress, web-egress, kustomization
    auto deny = g.policy("prod", "default-deny-all");
    CHECK(deny["metadata"]["labels"]["app.kubernetes.io/managed-by"].as<std::string>() == "nplc");
    const auto source = deny["metadata"]["annotations"]["nplc.dev/source"].as<std::string>();
    CHECK(source.size() > 10);
    CHECK(source.substr(source.size() - 11) == "/main.npl:2");
    CHECK(deny["spec"]["podSelector"].IsMap());
    CHECK(deny["spec"]["podSelector"].size() == 0);
    CHECK(deny["spec"]["policyTypes"].as<Strings>() == Strings{"Ingress", "Egress"});
    CHECK_FALSE(deny["spec"]["ingress"].IsDefined());
    CHECK_FALSE(deny["spec"]["egress"].IsDefined());

    auto api = g.policy("prod", "api-ingress");
    CHECK(matchLabels(api["spec"]["podSelector"]) == Labels{{"app", "api"}});
    CHECK(api["spec"]["policyTypes"].as<Strings>() == Strings{"Ingress"});
    const auto from = api["spec"]["ingress"][0]["from"];
    REQUIRE(from.size() == 1);
    CHECK(matchLabels(from[0]["podSelector"]) == Labels{{"app", "web"}});
    CHECK_FALSE(from[0]["namespaceSelector"].IsDefined());  // same namespace
    CHECK(g.policy("prod", "web-egress")["spec"]["policyTypes"].as<Strings>() == Strings{"Egress"});

    const YAML::Node k = YAML::Load(g.files.at("kubernetes/kustomization.yaml"));
    CHECK(k["kind"].as<std::string>() == "Kustomization");
    CHECK(k["resources"].as<Strings>() ==
          Strings{"prod/api-ingress.yaml", "prod/default-deny-all.yaml", "prod/web-egress.yaml"});
}

TEST_CASE("kubernetes: a cross-namespace peer is one item with both selectors") {
    auto g = generate("namespace front {\n  labels { tier: frontend }\n  service web\n}\nnamespace plain { service job }\n"
                      "namespace prod {\n  service api\n  front/web -> api:80\n  plain/job -> api:81\n}");
    auto rules = g.policy("prod", "api-ingress")["spec"]["ingress"];
    REQUIRE(rules.size() == 2);
    const auto web = rules[0]["from"];
    REQUIRE(web.size() == 1);
    CHECK(matchLabels(web[0]["namespaceSelector"]) == Labels{{"tier", "frontend"}});
    CHECK(matchLabels(web[0]["podSelector"]) == Labels{{"app", "web"}});
    const auto job = rules[1]["from"];
    REQUIRE(job.size() == 1);
    CHECK(matchLabels(job[0]["namespaceSelector"]) == Labels{{"kubernetes.io/metadata.name", "plain"}});
    CHECK(matchLabels(job[0]["podSelector"]) == Labels{{"app", "job"}});
}

TEST_CASE("kubernetes: namespace-wide and selector peers") {
    auto g = generate(R"(namespace o { }
namespace a {
  service api
  * -> api:1
  o/* -> api:2
  */* -> api:3
  pods { role: x } in namespaces { team: y } -> api:4
  pods { role: x } in * -> api:5
  namespaces { team: y } -> api:6
}
)");
    auto rules = g.policy("a", "api-ingress")["spec"]["ingress"];
    REQUIRE(rules.size() == 6);
    auto peer = [&](int i) {
        REQUIRE(rules[i]["from"].size() == 1);
        return rules[i]["from"][0];
    };
    CHECK(peer(0)["podSelector"].size() == 0);
    CHECK_FALSE(peer(0)["namespaceSelector"].IsDefined());
    CHECK(matchLabels(peer(1)["namespaceSelector"]) == Labels{{"kubernetes.io/metadata.name", "o"}});
    CHECK_FALSE(peer(1)["podSelector"].IsDefined());
    CHECK((peer(2)["namespaceSelector"].IsMap() && peer(2)["namespaceSelector"].size() == 0));
    CHECK(matchLabels(peer(3)["namespaceSelector"]) == Labels{{"team", "y"}});
    CHECK(matchLabels(peer(3)["podSelector"]) == Labels{{"role", "x"}});
    CHECK(peer(4)["namespaceSelector"].size() == 0);
    CHECK(matchLabels(peer(4)["podSelector"]) == Labels{{"role", "x"}});
    CHECK(matchLabels(peer(5)["namespaceSelector"]) == Labels{{"team", "y"}});
    CHECK_FALSE(peer(5)["podSelector"].IsDefined());
}

TEST_CASE("kubernetes: ipBlock with except") {
    auto g = generate("external office = 203.0.113.0/24, 198.51.100.0/24 except 203.0.113.100/32\n"
                      "namespace a {\n  service api\n  office -> api:443\n  10.0.0.0/8 -> api:80\n}");
    auto rules = g.policy("a", "api-ingress")["spec"]["ingress"];
    const auto office = rules[0]["from"];
    REQUIRE(office.size() == 2);  // one ipBlock per CIDR
    CHECK(office[0]["ipBlock"]["cidr"].as<std::string>() == "203.0.113.0/24");
    CHECK(office[0]["ipBlock"]["except"].as<Strings>() == Strings{"203.0.113.100/32"});
    CHECK(office[1]["ipBlock"]["cidr"].as<std::string>() == "198.51.100.0/24");
    CHECK_FALSE(office[1]["ipBlock"]["except"].IsDefined());
    CHECK(rules[1]["from"][0]["ipBlock"]["cidr"].as<std::string>() == "10.0.0.0/8");
}

TEST_CASE("kubernetes: ports") {
    auto g = generate("namespace a {\n  service api\n  service w\n  w -> api:7000-7010, http, */udp, 53/udp, 9/sctp\n}");
    const auto ports = g.policy("a", "api-ingress")["spec"]["ingress"][0]["ports"];
    REQUIRE(ports.size() == 5);
    CHECK(ports[0]["protocol"].as<std::string>() == "TCP");
    CHECK(ports[0]["port"].as<int>() == 7000);
    CHECK(ports[0]["endPort"].as<int>() == 7010);
    CHECK(ports[1]["port"].as<std::string>() == "http");
    CHECK_FALSE(ports[1]["endPort"].IsDefined());
    CHECK(ports[2]["protocol"].as<std::string>() == "UDP");
    CHECK_FALSE(ports[2]["port"].IsDefined());  // every UDP port
    CHECK(ports[2].size() == 1);
    CHECK(ports[3]["port"].as<int>() == 53);
    CHECK(ports[4]["protocol"].as<std::string>() == "SCTP");
    // A range of one port is a single port.
    auto one = generate("namespace a {\n  service api\n  service w\n  w -> api:80-80\n}");
    const auto p = one.policy("a", "api-ingress")["spec"]["ingress"][0]["ports"][0];
    CHECK(p["port"].as<int>() == 80);
    CHECK_FALSE(p["endPort"].IsDefined());
}

TEST_CASE("kubernetes: any means no from, and no ports means every port") {
    auto g = generate("namespace a {\n  service api\n  service w\n  any -> api:80\n  w -> api\n}");
    auto rules = g.policy("a", "api-ingress")["spec"]["ingress"];
    REQUIRE(rules.size() == 2);
    CHECK_FALSE(rules[0]["from"].IsDefined());
    CHECK(rules[0]["ports"][0]["port"].as<int>() == 80);
    CHECK(rules[1]["from"].size() == 1);
    CHECK_FALSE(rules[1]["ports"].IsDefined());
    auto all = generate("namespace a {\n  service api\n  any -> api\n}");
    auto r = all.policy("a", "api-ingress")["spec"]["ingress"];
    REQUIRE(r.size() == 1);
    CHECK((r[0].IsMap() && r[0].size() == 0));  // `- {}`: everything
}

TEST_CASE("kubernetes: FQDN-only rules are dropped, never widened (W0002)") {
    auto g = generate("external stripe = dns \"api.stripe.com\"\nnamespace a {\n  deny-all egress baseline\n"
                      "  service api\n  api -> stripe:443\n}");
    auto pol = g.policy("a", "api-egress");
    CHECK(pol["spec"]["policyTypes"].as<Strings>() == Strings{"Egress"});
    CHECK_FALSE(pol["spec"]["egress"].IsDefined());  // an empty `to` would mean everything
    const auto w = test::withCode(g.c->sink, "W0002");
    REQUIRE(w.size() == 1);
    CHECK(g.c->line(w[0].span) == 5);

    // Merged with an expressible peer on the same ports: only that peer is kept.
    auto mixed = generate("external stripe = dns \"api.stripe.com\"\nnamespace a {\n  deny-all egress baseline\n"
                          "  service api\n  api -> stripe:443\n  api -> 10.0.0.0/8:443\n  api -> entity world:443\n}");
    const auto to = mixed.policy("a", "api-egress")["spec"]["egress"][0]["to"];
    REQUIRE(to.size() == 1);
    CHECK(to[0]["ipBlock"]["cidr"].as<std::string>() == "10.0.0.0/8");
    // One warning each, at the edge of that peer: the rule merges three edges,
    // and the other two are not about it (counted before duplicates go).
    CHECK(mixed.c->sink.warningCount() == 2);
    const auto w2 = test::withCode(mixed.c->sink, "W0002");
    const auto w3 = test::withCode(mixed.c->sink, "W0003");
    REQUIRE(w2.size() == 1);
    REQUIRE(w3.size() == 1);
    CHECK(mixed.c->line(w2[0].span) == 5);
    CHECK(mixed.c->line(w3[0].span) == 7);
}

TEST_CASE("kubernetes: HTTP rules allow the whole port (W0001)") {
    auto g = generate("namespace a {\n  service api\n  service w\n  w -> api:8080 GET /x\n}");
    const auto rule = g.policy("a", "api-ingress")["spec"]["ingress"][0];
    CHECK(rule["ports"][0]["port"].as<int>() == 8080);
    const auto w = test::withCode(g.c->sink, "W0001");
    REQUIRE(w.size() == 1);
    CHECK(g.c->text(w[0].span) == "GET /x");
}

TEST_CASE("kubernetes: matchExpressions operators") {
    auto g = generate("namespace a {\n  service s { app: web, app in (web, api), tier in (a, b), env notin (dev), canary, !legacy }\n"
                      "  deny-all ingress s\n}");
    const auto sel = g.policy("a", "s-ingress")["spec"]["podSelector"];
    CHECK(matchLabels(sel) == Labels{{"app", "web"}});
    const auto ex = sel["matchExpressions"];
    REQUIRE(ex.size() == 5);
    Strings ops, keys;
    for (const auto& e : ex) {
        ops.push_back(e["operator"].as<std::string>());
        keys.push_back(e["key"].as<std::string>());
    }
    CHECK(ops == Strings{"In", "In", "NotIn", "Exists", "DoesNotExist"});
    CHECK(keys == Strings{"app", "tier", "env", "canary", "legacy"});
    CHECK(ex[0]["values"].as<Strings>() == Strings{"web", "api"});  // a key already in matchLabels
    CHECK(ex[1]["values"].as<Strings>() == Strings{"a", "b"});
    CHECK(ex[2]["values"].as<Strings>() == Strings{"dev"});
    CHECK_FALSE(ex[3]["values"].IsDefined());
    CHECK_FALSE(ex[4]["values"].IsDefined());
}

TEST_CASE("kubernetes: label values YAML 1.1 reads as non-strings are quoted") {
    auto g = generate(R"(namespace a {
  service s { a: on, b: "yes", c: "1.0", d: "0755", e: "1e3", f: "0x1F", g: "", h: No, i: "null", j: plain }
  deny-all ingress s
}
)");
    const auto labels = g.policy("a", "s-ingress")["spec"]["podSelector"]["matchLabels"];
    const std::map<std::string, std::string> want = {{"a", "on"},  {"b", "yes"}, {"c", "1.0"}, {"d", "0755"},
                                                     {"e", "1e3"}, {"f", "0x1F"}, {"g", ""},   {"h", "No"},
                                                     {"i", "null"}, {"j", "plain"}};
    for (const auto& kv : want) {
        const std::string& k = kv.first;  // named: INFO captures it (clang 14 rejects a binding)
        const std::string& v = kv.second;
        INFO(k, ": ", v);
        REQUIRE(labels[k].IsScalar());
        CHECK(labels[k].as<std::string>() == v);
        CHECK(quoted(labels[k]) == (k != "j"));
    }
}

TEST_CASE("kubernetes: a namespace named like a YAML 1.1 boolean or number is quoted") {
    // Regression (fixed): metadata.namespace is emitted with a plain `out << name` instead of
    // the scalar rules (then emitString), so `namespace on` (yes, y, no, off, n) becomes `namespace: on`,
    // a boolean for a YAML 1.1 reader such as Kubernetes, and `namespace 0x1f`
    // (1e3) becomes an integer (a float).
    for (const char* ns : {"on", "yes", "y", "no", "off", "n", "0x1f", "1e3"}) {
        INFO(ns);
        auto g = generate(std::string("namespace ") + ns + " { deny-all baseline }");
        const auto meta = g.policy(ns, "default-deny-all")["metadata"];
        CHECK(quoted(meta["namespace"]));
    }
}

TEST_CASE("yaml scalars: needsQuotes") {
    for (const char* s : {"", "on", "On", "ON", "off", "yes", "Yes", "no", "NO", "y", "Y", "n", "true", "False",
                          "null", "Null", "~", "nan", "inf", ".inf", "1.0", "0755", "1e3", "0x1F", "1:20", "-1",
                          "a b", "a:b", "a#b", "*x", "&x", "!x", "{x}", "[x]", "'x'", "\"x\"", "x,y", "=", "<<",
                          "@x", "`x", "%x", "|", ">", "é"}) {
        INFO("'", s, "'");
        CHECK(backends::needsQuotes(s));
    }
    for (const char* s : {"web", "app.kubernetes.io/name", "a-b_c.d", "Yes2", "online", "nope", "x1.0", "TCP"}) {
        INFO("'", s, "'");
        CHECK_FALSE(backends::needsQuotes(s));
    }
}

TEST_CASE("yaml scalars: emitted values load back as the same string") {
    for (const char* s : {"on", "yes", "y", "No", "off", "true", "1.0", "0755", "1e3", "0x1F", "null", "~", "",
                          "-", "a: b", "# c", "x\ny", "web", "app.kubernetes.io/name", "1:20", ".nan", "'"}) {
        INFO("'", s, "'");
        backends::YamlWriter out;
        out.beginMap();
        out.key("k");
        out.string(s);
        out.endMap();
        const YAML::Node doc = YAML::Load(out.finish());
        REQUIRE(doc["k"].IsScalar());
        CHECK(doc["k"].as<std::string>() == s);
        CHECK(quoted(doc["k"]) == backends::needsQuotes(s));
    }
}

// Unit tests for the semantic checks (sema/check_intents, the E03xx codes of
// plan.cpp): deny intents, L4/L7 overlap, HTTP on non-TCP ports, inline
// selectors that would need a policy, edges that generate nothing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../test_support.h"

using namespace nplc;
using test::compileText;
using Strings = std::vector<std::string>;

namespace {

// Compiles a program that must fail with exactly the error codes `want`
// (warnings ignored) and returns the first diagnostic with want[0].
diag::Diagnostic failsWith(const test::Compiled& c, const Strings& want) {
    INFO("diagnostics:\n", test::joinCodes(c.sink));
    CHECK_FALSE(c.program.has_value());
    Strings errors;
    for (const auto& d : c.sink.sorted()) {
        if (d.severity == diag::Severity::Error) errors.push_back(d.code);
    }
    CHECK(errors == want);
    auto found = test::withCode(c.sink, want.at(0));
    REQUIRE_FALSE(found.empty());
    return found[0];
}

void compilesCleanly(const test::Compiled& c) {
    INFO("diagnostics:\n", test::joinCodes(c.sink));
    CHECK_FALSE(c.sink.hasErrors());
    CHECK(c.program.has_value());
}

std::vector<std::uint32_t> labelLines(const test::Compiled& c, const diag::Diagnostic& d) {
    std::vector<std::uint32_t> out;
    for (const auto& l : d.labels) out.push_back(c.line(l.span));
    return out;
}

const std::string kShop = R"(namespace a {
  deny-all baseline
  service api
  service db
  external internet = 0.0.0.0/0 except private
  api -> internet:443
  api -> db:5432
)";

}  // namespace

TEST_CASE("deny intents: an edge that allows the denied traffic is E0302 with both lines") {
    auto c = compileText(kShop + "  deny api -> cloud-metadata\n}");
    const auto d = failsWith(*c, {"E0302"});
    CHECK(c->line(d.span) == 8);
    CHECK(d.message == "`api -> cloud-metadata` must never be allowed, but it is");
    CHECK(labelLines(*c, d) == std::vector<std::uint32_t>{6});
    CHECK(d.labels[0].message == "allowed by this edge");

    auto db = compileText(kShop + "  deny api -> db\n}");
    CHECK(labelLines(*c, failsWith(*db, {"E0302"})) == std::vector<std::uint32_t>{7});
    auto range = compileText(kShop + "  deny api -> db:5000-6000\n}");
    failsWith(*range, {"E0302"});
}

TEST_CASE("deny intents: not violated") {
    for (const char* deny : {"deny api -> db:22", "deny db -> api", "deny api -> 10.0.0.0/8",
                             "deny api -> internet:80", "deny api -> db:5432/udp"}) {
        INFO(deny);
        compilesCleanly(*compileText(kShop + "  " + deny + "\n}"));
    }
}

TEST_CASE("deny intents: a side that is not isolated is explained") {
    auto c = compileText("namespace b {\n  service web\n  service x\n  web -> x:80\n  deny x -> web:80\n}");
    const auto d = failsWith(*c, {"E0302"});
    CHECK(d.labels.empty());
    CHECK(d.notes == Strings{"egress of `x` is not enforced", "ingress of `web` is not enforced"});
    // Isolating one side is enough.
    compilesCleanly(*compileText("namespace b {\n  service web\n  service x\n  web -> x:80\n  deny web -> x:81\n}"));
}

TEST_CASE("deny intents: a bundle that allows it is named at its allow line") {
    auto c = compileText("use std/dns\nnamespace a {\n  deny-all baseline\n  allow dns\n"
                         "  deny * -> kube-system/kube-dns:53/udp\n}");
    const auto d = failsWith(*c, {"E0302"});
    REQUIRE(d.labels.size() == 1);
    CHECK(c->line(d.labels[0].span) == 4);
    CHECK(d.labels[0].message == "allowed by bundle `dns`");
}

TEST_CASE("deny intents: a named port cannot be decided (W0007)") {
    auto c = compileText("namespace a {\n  service web\n  service x\n  deny-all egress web\n  web -> x:http\n"
                         "  deny web -> x:80\n}");
    compilesCleanly(*c);
    const auto w = test::withCode(c->sink, "W0007");
    REQUIRE(w.size() == 1);
    CHECK(c->line(w[0].span) == 6);
    CHECK(labelLines(*c, w[0]) == std::vector<std::uint32_t>{5});
}

TEST_CASE("deny intents: cross-namespace selectors") {
    const std::string head = "namespace o {\n  labels { team: x }\n  service job\n}\n"
                             "namespace a {\n  service api\n";
    auto match = compileText(head + "  namespaces { team: x } -> api:80\n  deny o/job -> api\n}");
    failsWith(*match, {"E0302"});
    compilesCleanly(*compileText(head + "  namespaces { team: y } -> api:80\n  deny o/job -> api\n}"));
}

TEST_CASE("deny intents: entities, CIDRs and DNS names that stand for the same traffic") {
    const std::string head = "namespace a {\n  deny-all egress baseline\n  service api\n  service web\n"
                             "  external internet = 0.0.0.0/0 except private\n"
                             "  external stripe = dns \"api.stripe.com\"\n";
    // world is every address outside the cluster; a DNS name resolves into some CIDR.
    failsWith(*compileText(head + "  api -> internet:443\n  deny api -> entity world\n}"), {"E0302"});
    failsWith(*compileText(head + "  api -> internet:443\n  deny api -> stripe\n}"), {"E0302"});
    failsWith(*compileText(head + "  api -> entity world:443\n  deny api -> 198.51.100.7/32\n}"), {"E0302"});
    failsWith(*compileText(head + "  api -> web:443\n  deny api -> entity cluster\n}"), {"E0302"});
    failsWith(*compileText(head + "  api -> 10.0.0.0/8:10250\n  deny api -> entity host\n}"), {"E0302"});
    // Pods are not in world; a DNS name is not a pod.
    compilesCleanly(*compileText(head + "  api -> web:443\n  deny api -> entity world\n}"));
    compilesCleanly(*compileText(head + "  api -> web:443\n  deny api -> stripe\n}"));
}

TEST_CASE("L4/L7 overlap is E0303") {
    auto c = compileText("namespace a {\n  service w\n  service api\n  w -> api:80 GET /x\n  w -> api:80\n}");
    const auto d = failsWith(*c, {"E0303"});
    CHECK(c->line(d.span) == 4);
    CHECK(labelLines(*c, d) == std::vector<std::uint32_t>{5});
    failsWith(*compileText("namespace a {\n  service w\n  service api\n  w -> api:80 GET /x\n  w -> api\n}"),
              {"E0303"});
    failsWith(*compileText("namespace a {\n  service w\n  service api\n  w -> api:80 GET /x\n  w -> api:1-100\n}"),
              {"E0303"});
    // Other ports, or HTTP rules on both, are fine.
    auto ok = compileText("namespace a {\n  service w\n  service api\n  w -> api:80 GET /x\n  w -> api:81\n"
                          "  w -> api:80 POST /y\n}");
    compilesCleanly(*ok);
    CHECK(test::hasCode(ok->sink, "W0001") == false);  // W0001 belongs to the Kubernetes backend
}

TEST_CASE("HTTP rules on UDP are E0301") {
    auto c = compileText("namespace a {\n  service w\n  service api\n  w -> api:80, 53/udp GET /x\n}");
    const auto d = failsWith(*c, {"E0301"});
    CHECK(c->text(d.span) == "53/udp");
    REQUIRE(d.labels.size() == 1);
    CHECK(c->text(d.labels[0].span) == "GET /x");
    failsWith(*compileText("namespace a {\n  service w\n  service api\n  w -> api:*/sctp GET /x\n}"), {"E0301"});
}

TEST_CASE("an inline pods {} peer that needs a policy is E0304") {
    auto target = compileText("namespace a {\n  service w\n  w -> pods { role: x }:80\n}");
    const auto d = failsWith(*target, {"E0304"});
    CHECK(target->text(d.span) == "pods { role: x }");
    CHECK(labelLines(*target, d) == std::vector<std::uint32_t>{3});

    auto source = compileText("namespace a {\n  deny-all egress baseline\n  service w\n  pods { role: x } -> w:80\n}");
    failsWith(*source, {"E0304"});
    // A target in a managed namespace needs one too.
    failsWith(*compileText("namespace o { }\nnamespace a {\n  service w\n  w -> pods { r: x } in o:80\n}"), {"E0304"});
    // As a source without enforced egress, or in an external namespace, it is only a peer.
    compilesCleanly(*compileText("namespace a {\n  service w\n  pods { role: x } -> w:80\n}"));
    compilesCleanly(
        *compileText("external namespace o\nnamespace a {\n  deny-all baseline\n  service w\n  w -> pods { r: x } in o:80\n}"));
}

TEST_CASE("an edge with no managed side is E0305") {
    const std::string head = "external namespace kube-system { service kube-dns { k8s-app: kube-dns } }\n"
                             "external office = 203.0.113.0/24\nnamespace a {\n  service w\n";
    for (const char* edge : {"office -> 10.0.0.0/8:443", "kube-system/kube-dns -> office:53", "any -> office:1",
                             "ingress w -> office:1", "egress office -> w:1"}) {
        INFO(edge);
        auto c = compileText(head + "  " + edge + "\n}");
        const auto d = failsWith(*c, {"E0305"});
        CHECK(c->line(d.span) == 5);
    }
    compilesCleanly(*compileText(head + "  office -> w:443\n}"));
}

TEST_CASE("generated policy names must not clash (E0210)") {
    auto c = compileText("namespace a {\n  service all-pods\n  service w\n  w -> all-pods:80\n  w -> *:81\n}");
    const auto d = failsWith(*c, {"E0210"});
    CHECK(d.message == "service 'all-pods' would have a policy named like one nplc gives to another policy "
                       "('all-pods-ingress')");
    CHECK(c->line(d.span) == 2);
}

TEST_CASE("a service may not take a name nplc gives to `*`, a baseline or a bundle, whether generated or not") {
    // Every name a service's policies (NAME-ingress, NAME-egress, and the
    // Cilium deny policies NAME-ingress-deny, NAME-egress-deny) could share
    // with another subject's.
    const char* clashing[][2] = {
        {"all-pods", ""},                  // all-pods-ingress, all-pods-egress (`*`)
        {"default-deny", ""},              // default-deny-ingress, default-deny-egress (baselines)
        {"allow-m", "bundle m-ingress {\n  ingress * -> *:9\n}\n"},       // allow-m-ingress
        {"allow-m", "bundle m-egress {\n  ingress * -> *:9\n}\n"},        // allow-m-egress
        {"allow-m", "bundle m-ingress-deny {\n  ingress * -> *:9\n}\n"},  // allow-m-ingress-deny
        {"allow-m", "bundle m-egress-deny {\n  ingress * -> *:9\n}\n"},   // allow-m-egress-deny
    };
    for (const auto& pair : clashing) {
        const char* service = pair[0];  // named: CAPTURE takes it in a lambda (clang 14 rejects a binding)
        const char* bundle = pair[1];
        CAPTURE(service);
        CAPTURE(bundle);
        auto c = compileText(std::string(bundle) + "namespace a {\n  service " + service + "\n}");
        failsWith(*c, {"E0210"});
    }
    // Near misses compile: a name that only starts like a reserved one.
    compilesCleanly(*compileText("bundle m {\n  ingress * -> *:9\n}\nnamespace a {\n  service all-pod\n"
                                 "  service default-deny-all\n  service allow-m\n}"));
}

TEST_CASE("broad edges are warnings (W0004, W0005)") {
    auto c = compileText("namespace o { }\nnamespace a {\n  service w\n  w -> w\n  o/* -> w:1\n  */* -> w:2\n}");
    compilesCleanly(*c);
    CHECK(test::withCode(c->sink, "W0004").size() == 1);
    CHECK(test::withCode(c->sink, "W0005").size() == 2);
}

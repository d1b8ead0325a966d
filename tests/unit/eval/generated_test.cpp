// eval/generated.h: every target of the registry (driver/targets.cpp) that
// writes policy objects has an evaluator, and each judges what its target
// generated for the same program.
#include "eval/generated.h"

#include <doctest/doctest.h>

#include "../test_support.h"
#include "driver/targets.h"
#include "eval/network_policy.h"

using namespace nplc;

namespace {

const char* kProgram =
    "namespace shop {\n"
    "  deny-all baseline\n"
    "  service web { app: web }\n"
    "  service api { app: api }\n"
    "  service db  { app: db }\n"
    "  web -> api:8080\n"
    "  api -> db:5432\n"
    "}\n";

eval::Cluster shop() {
    eval::Cluster c;
    c.addNamespace({"shop", {{"kubernetes.io/metadata.name", "shop"}}});
    int n = 0;
    for (std::string app : {"web", "api", "db"}) c.addPod({"shop", app, {{"app", app}}, "10.244.0." + std::to_string(++n), {}});
    return c;
}

}  // namespace

TEST_CASE("evaluatorFor: one evaluator per target that writes policy objects, judging that target's files") {
    auto c = test::compileText(kProgram);
    const auto& program = c->prog();
    const backends::TargetOptions options;
    const std::vector<diag::Diagnostic> analysis = c->sink.sorted();
    const eval::Cluster cluster = shop();
    const eval::Endpoint web = *cluster.findPod("shop/web"), api = *cluster.findPod("shop/api"),
                         db = *cluster.findPod("shop/db");
    int judged = 0;
    for (const auto& target : driver::targets()) {
        diag::Sink sink;
        const backends::OutputFiles files = target.generate({c->sm, program, options, analysis, sink});
        bool objects = false;
        for (const auto& [path, text] : files) {
            objects = objects || (path.rfind(std::string(target.name) + "/", 0) == 0 && path.ends_with(".yaml") &&
                                  !path.ends_with("kustomization.yaml"));
        }
        auto judge = eval::evaluatorFor(target.name, cluster, files);
        INFO("target ", target.name);
        CHECK(objects == (judge != nullptr));
        if (!judge) continue;
        ++judged;
        CHECK(judge->objects() > 0);
        CHECK(judge->evaluate(web, api, 8080, "TCP").allowed());
        CHECK(judge->evaluate(api, db, 5432, "TCP").allowed());
        CHECK_FALSE(judge->evaluate(web, db, 5432, "TCP").allowed());
        CHECK_FALSE(judge->evaluate(web, api, 8081, "TCP").allowed());
        // Denied at the destination by the baseline, allowed by nothing.
        const eval::Verdict v = judge->evaluate(db, web, 80, "TCP");
        CHECK(v.ingress.isolated);
        CHECK_FALSE(v.ingress.isolatedBy.empty());
        CHECK(v.ingress.allowedBy.empty());
        // The allowing rules are named after their objects.
        const eval::Verdict ok = judge->evaluate(web, api, 8080, "TCP");
        REQUIRE_FALSE(ok.ingress.allowedBy.empty());
        CHECK(ok.ingress.allowedBy.front().policy.ns == "shop");
        CHECK(c->findPolicy("shop", ok.ingress.allowedBy.front().policy.name) != nullptr);
    }
    CHECK(judged == 2);  // kubernetes and cilium
    CHECK(eval::evaluatorFor("docs", cluster, {}) == nullptr);
}

TEST_CASE("evaluatorFor: an object the evaluator cannot read entirely is an error, not ignored") {
    const backends::OutputFiles files = {
        {"kubernetes/x/p.yaml",
         "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\n"
         "spec:\n  podSelector: {}\n  ingres: []\n"}};
    CHECK_THROWS_AS(eval::evaluatorFor("kubernetes", shop(), files), eval::PolicyError);
    // Other targets' files and the kustomization are not read.
    CHECK(eval::evaluatorFor("cilium", shop(), files)->objects() == 0);
    CHECK(eval::evaluatorFor("kubernetes", shop(), {{"kubernetes/kustomization.yaml", "resources: []\n"}})->objects() == 0);
}

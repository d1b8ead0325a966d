// eval/matrix.h: the reachability matrix of a program, judged on both
// targets' generated objects.
#include "eval/matrix.h"

#include <doctest/doctest.h>

#include "driver/compile.h"
#include "eval/judges.h"

namespace nplc {
namespace {

struct Judged {
  driver::Compilation c;
  std::unique_ptr<eval::Judges> judges;
  backends::AccessMatrix matrix;

  // The cell's text per target ("none" when absent), by end labels.
  std::vector<std::string> cell(const std::string& from, const std::string& to) const {
    for (const auto& cell : matrix.cells) {
      if (matrix.ends[cell.from].label() != from || matrix.ends[cell.to].label() != to) continue;
      std::vector<std::string> out;
      for (const auto& a : cell.allowed) out.push_back(a.str());
      return out;
    }
    return std::vector<std::string>(matrix.targets.size(), "none");
  }
};

std::unique_ptr<Judged> judge(const std::string& text, std::optional<model::Index> ns = std::nullopt) {
  auto j = std::make_unique<Judged>();
  driver::compileMemory(j->c, {{"main.npl", text}}, {"kubernetes", "cilium"});
  REQUIRE_FALSE(j->c.sink.hasErrors());
  j->judges = eval::judgeTargets(*j->c.program, {"kubernetes", "cilium"}, j->c.files);
  j->matrix = eval::computeMatrix(*j->c.program, j->judges->model, j->judges->targets, ns);
  return j;
}

using Both = std::vector<std::string>;

}  // namespace

TEST_CASE("matrix: the ports each pair of services may use, per target") {
  auto j = judge(
      "namespace shop {\n"
      "  deny-all baseline\n"
      "  service web { app: web }\n"
      "  service api { app: api }\n"
      "  service db { app: db }\n"
      "  web -> api:8080, 9000-9100\n"
      "  api -> db:5432\n"
      "  api -> db:53/udp\n"
      "}\n");
  CHECK(j->matrix.targets == Both{"kubernetes", "cilium"});
  CHECK(j->cell("shop/web", "shop/api") == Both{"TCP 8080, 9000-9100", "TCP 8080, 9000-9100"});
  CHECK(j->cell("shop/api", "shop/db") == Both{"TCP 5432; UDP 53", "TCP 5432; UDP 53"});
  CHECK(j->cell("shop/web", "shop/db") == Both{"none", "none"});
  CHECK(j->cell("shop/api", "shop/web") == Both{"none", "none"});
  CHECK(j->matrix.targetsAgree());
}

TEST_CASE("matrix: a pod no policy isolates reaches every port; the unmanaged namespace is in the model") {
  auto j = judge(
      "namespace shop {\n"
      "  service web { app: web }\n"
      "  service api { app: api }\n"
      "  web -> api:8080\n"
      "}\n");
  // api is isolated for ingress by its edge's policy only; web is not isolated at all.
  CHECK(j->cell("shop/web", "shop/api") == Both{"TCP 8080", "TCP 8080"});
  CHECK(j->cell("shop/api", "shop/web") == Both{"any", "any"});
  CHECK(j->cell("(unmanaged namespace)", "shop/web") == Both{"any", "any"});
  CHECK(j->cell("(unmanaged namespace)", "shop/api") == Both{"none", "none"});
}

TEST_CASE("matrix: a namespace's cells only; addresses of a CIDR external inside, outside and excepted") {
  const char* text =
      "namespace shop {\n"
      "  deny-all baseline\n"
      "  service web { app: web }\n"
      "  external office = 203.0.113.0/24 except 203.0.113.128/25\n"
      "  web -> office:443\n"
      "}\n"
      "namespace other {\n"
      "  deny-all baseline\n"
      "  service a { app: a }\n"
      "  service b { app: b }\n"
      "  a -> b:80\n"
      "}\n";
  auto all = judge(text);
  CHECK(all->cell("other/a", "other/b") == Both{"TCP 80", "TCP 80"});
  CHECK(all->cell("shop/web", "203.0.113.1 (inside office)") == Both{"TCP 443", "TCP 443"});
  CHECK(all->cell("shop/web", "203.0.113.129 (excepted from office)") == Both{"none", "none"});
  CHECK(all->cell("shop/web", "203.0.114.0 (outside office)") == Both{"none", "none"});
  const auto& p = *all->c.program;
  const auto shop = static_cast<model::Index>(std::find_if(p.namespaces.begin(), p.namespaces.end(),
                                                           [](const auto& n) { return n.name == "shop"; }) -
                                              p.namespaces.begin());
  auto one = judge(text, shop);
  CHECK(one->cell("other/a", "other/b") == Both{"none", "none"});  // not an end in shop
  CHECK(one->cell("shop/web", "203.0.113.1 (inside office)") == Both{"TCP 443", "TCP 443"});
}

TEST_CASE("matrix: probes, one port a class: each mentioned range's first port and the one after it") {
  auto j = judge("namespace shop {\n  service a\n  service b\n  a -> b:8080, 9000-9100, 53/udp\n}\n");
  const auto probes = eval::probePorts(*j->c.program, j->judges->model.cluster);
  REQUIRE(probes.size() == 3);
  CHECK(probes[0] == std::pair<std::string, std::vector<int>>{"TCP", {1, 8080, 8081, 9000, 9101}});
  CHECK(probes[1] == std::pair<std::string, std::vector<int>>{"UDP", {1, 53, 54}});
  CHECK(probes[2] == std::pair<std::string, std::vector<int>>{"SCTP", {1}});
}

TEST_CASE("mayAllow: false exactly when no port is allowed between two isolated ends") {
  auto j = judge(
      "namespace shop {\n  deny-all baseline\n  service web { app: web }\n  service api { app: api }\n"
      "  web -> api:8080\n}\n");
  const auto& cluster = j->judges->model.cluster;
  const eval::Endpoint web = *cluster.findPod("shop/web"), api = *cluster.findPod("shop/api");
  for (const auto& target : j->judges->targets) {
    const auto& name = target.first;  // named: INFO captures it (clang 14 rejects a binding)
    const auto& ev = target.second;
    INFO(name);
    CHECK(ev->mayAllow(web, api));
    CHECK_FALSE(ev->mayAllow(api, web));
  }
}

}  // namespace nplc

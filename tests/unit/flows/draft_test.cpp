// Unit tests for flows/draft: the workload a pod name belongs to, the HTTP
// glob threshold and the grouping of addresses (the whole draft is the
// golden test tests/golden/flows/draft/).
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "flows/draft.h"

using nplc::flows::workloadOfPod;

namespace {

// A capture of `lines` (bare Flow objects) drafted with `threshold`.
nplc::flows::Draft draft(const std::string& lines, std::size_t threshold = 3) {
  std::istringstream in(lines);
  nplc::flows::Connections conns;
  nplc::flows::ReadStats stats;
  nplc::flows::readFlows(in, "c.json", [&](const nplc::flows::Flow& f) { conns.add(f); }, stats);
  REQUIRE(stats.malformed == 0);
  nplc::flows::DraftOptions options;
  options.httpGlobThreshold = threshold;
  return nplc::flows::draftSources(conns, options);
}

std::string request(const std::string& path) {
  return R"({"verdict":"FORWARDED","l4":{"TCP":{"destination_port":80}},)"
         R"("source":{"namespace":"shop","pod_name":"web-1","labels":["k8s:app=web"]},)"
         R"("destination":{"namespace":"shop","pod_name":"api-1","labels":["k8s:app=api"]},)"
         R"("l7":{"http":{"method":"GET","url":"http://api)" +
         path + "\"}}}\n";
}

std::string toAddress(const std::string& ip) {
  return R"({"verdict":"FORWARDED","IP":{"destination":")" + ip +
         R"("},"l4":{"TCP":{"destination_port":443}},)"
         R"("source":{"namespace":"shop","pod_name":"web-1","labels":["k8s:app=web"]},)"
         R"("destination":{"labels":["reserved:world"]}})"
         "\n";
}

}  // namespace

TEST_CASE("the workload of a pod name") {
  CHECK(workloadOfPod("web-7c9d5b6f8-q2wzx", "7c9d5b6f8") == "web");           // Deployment, by its hash label
  CHECK(workloadOfPod("my-web-7c9d5b6f8-q2wzx") == "my-web");                  // Deployment, by the suffixes' shape
  CHECK(workloadOfPod("db-0") == "db");                                        // StatefulSet ordinal
  CHECK(workloadOfPod("node-exporter-x7k2p") == "node-exporter");              // DaemonSet suffix
  CHECK(workloadOfPod("standalone") == "standalone");                          // a bare pod
  CHECK(workloadOfPod("backup-job-aeiou") == "backup-job-aeiou");              // vowels: not a generated suffix
}

TEST_CASE("HTTP paths of one folder become a glob at the threshold") {
  const std::string three = request("/items/1") + request("/items/2") + request("/items/3");
  CHECK(draft(three).files.at("shop").find("GET /items/*") != std::string::npos);
  const auto four = draft(three, 4).files.at("shop");
  CHECK(four.find("GET /items/1, GET /items/2, GET /items/3") != std::string::npos);
  CHECK(draft(request("/find?q=a,b")).files.at("shop").find("GET /find*") != std::string::npos);
}

TEST_CASE("addresses: several of one /24 as the smallest covering prefix, others alone") {
  const auto text = draft(toAddress("203.0.113.10") + toAddress("203.0.113.12") + toAddress("198.51.100.7") +
                          toAddress("2001:db8::1"))
                        .files.at("shop");
  CHECK(text.find("= 203.0.113.8/29") != std::string::npos);
  CHECK(text.find("= 198.51.100.7/32") != std::string::npos);
  CHECK(text.find("= 2001:db8::1/128") != std::string::npos);
  CHECK(text.find("203.0.113.10") == std::string::npos);
}

// Unit tests for flows/hubble and flows/connections: the shapes of a Hubble
// line, both spellings of the field names, malformed lines, and the folding
// of flows into connections.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "flows/connections.h"
#include "flows/hubble.h"

using nplc::flows::Connections;
using nplc::flows::Flow;
using nplc::flows::ReadStats;

namespace {

std::vector<Flow> read(const std::string& text, ReadStats& stats) {
  std::istringstream in(text);
  std::vector<Flow> flows;
  nplc::flows::readFlows(in, "c.json", [&](const Flow& f) { flows.push_back(f); }, stats);
  return flows;
}

const char* kObserve =
    R"({"flow":{"time":"2026-12-01T10:00:00Z","verdict":"DROPPED","drop_reason_desc":"POLICY_DENIED",)"
    R"("IP":{"source":"10.0.0.1","destination":"10.0.0.2"},)"
    R"("l4":{"TCP":{"source_port":41000,"destination_port":8080,"flags":{"SYN":true}}},)"
    R"("source":{"namespace":"shop","pod_name":"web-1","labels":["k8s:app=web","k8s:io.kubernetes.pod.namespace=shop","k8s:io.cilium.k8s.policy.cluster=default"]},)"
    R"("destination":{"namespace":"shop","pod_name":"api-1","labels":["k8s:app=api"]},)"
    R"("traffic_direction":"INGRESS","is_reply":false,"l7":{"http":{"method":"GET","url":"http://api/x"}}},"node_name":"n1","time":"2026-12-01T10:00:00Z"})"
    "\n";

}  // namespace

TEST_CASE("a hubble observe line: the wrapped flow, every field") {
  ReadStats stats;
  const auto flows = read(kObserve, stats);
  REQUIRE(flows.size() == 1);
  const Flow& f = flows[0];
  CHECK(f.src.ns == "shop");
  CHECK(f.src.pod == "web-1");
  CHECK(f.src.labels == std::vector<std::string>{"app=web"});  // Cilium's own labels left out
  CHECK(f.dst.ip == "10.0.0.2");
  CHECK(f.protocol == "TCP");
  CHECK(f.dstPort == 8080);
  CHECK(f.syn);
  CHECK(f.verdict == "DROPPED");
  CHECK(f.dropReason == "POLICY_DENIED");
  CHECK(f.direction == "INGRESS");
  CHECK_FALSE(f.isReply);
  CHECK(f.httpMethod == "GET");
  CHECK(f.httpUrl == "http://api/x");
  CHECK(f.time == "2026-12-01T10:00:00Z");
  CHECK(nplc::flows::droppedByPolicy(f));
}

TEST_CASE("a bare flow with camelCase names, an entity and DNS names") {
  ReadStats stats;
  const auto flows = read(
      R"({"verdict":"FORWARDED","IP":{"source":"10.0.0.1","destination":"93.184.216.34"},)"
      R"("l4":{"UDP":{"sourcePort":5000,"destinationPort":53}},"source":{"namespace":"a","podName":"p","labels":[]},)"
      R"("destination":{"labels":["reserved:world"]},"destinationNames":["example.com"],"isReply":true})"
      "\n"
      R"({"verdict":"FORWARDED","IP":{"source":"10.0.0.1","destination":"172.18.0.2"},"l4":{"TCP":{"destination_port":6443}},)"
      R"("source":{"namespace":"a","labels":["k8s:app=x"]},"destination":{"labels":["reserved:kube-apiserver","reserved:host"]}})"
      "\n",
      stats);
  REQUIRE(flows.size() == 2);
  CHECK(flows[0].src.pod == "p");
  CHECK(flows[0].protocol == "UDP");
  CHECK(flows[0].dstPort == 53);
  CHECK(flows[0].isReply);
  CHECK(flows[0].dstNames == std::vector<std::string>{"example.com"});
  CHECK(flows[0].dst.entity.empty());  // world is an address
  CHECK(flows[1].dst.entity == "kube-apiserver");
}

TEST_CASE("malformed lines are counted with their line numbers; other events are not flows") {
  ReadStats stats;
  const auto flows = read(std::string("not json\n\n") + R"({"node_status":{"state_change":"NODE_CONNECTED"}})" + "\n" +
                              R"({"flow":{"verdict":"FORWARDED","source":7}})" + "\n" +
                              R"({"flow":{"verdict":"FORWARDED","l4":{"TCP":{"destination_port":70000}},"IP":{"source":"1.1.1.1","destination":"2.2.2.2"}}})" +
                              "\n" + R"({"flow":{"verdict":"FORWARDED"}})" + "\n" + kObserve,
                          stats);
  CHECK(flows.size() == 1);
  CHECK(stats.lines == 6);
  CHECK(stats.other == 1);
  CHECK(stats.malformed == 4);
  REQUIRE(stats.malformedLines.size() == 4);
  CHECK(stats.malformedLines[0] == "c.json:1: not JSON");
  CHECK(stats.malformedLines[1] == "c.json:4: an endpoint is not an object");
  CHECK(stats.malformedLines[2] == "c.json:5: destination_port is not a port");
  CHECK(stats.malformedLines[3] == "c.json:6: the flow has neither a source namespace nor a source address");
}

TEST_CASE("flows fold into connections: replicas, repeated packets, replies, non-L4") {
  ReadStats stats;
  auto flows = read(kObserve, stats);
  Flow replica = flows[0];
  replica.src.pod = "web-2";
  replica.src.ip = "10.0.0.9";
  replica.verdict = "FORWARDED";
  replica.time = "2026-12-01T09:00:00Z";
  Flow reply = flows[0];
  reply.isReply = true;
  reply.time = "2026-12-01T11:00:00Z";
  Flow icmp = flows[0];
  icmp.protocol.clear();
  icmp.dstPort = 0;
  Flow otherPort = flows[0];
  otherPort.dstPort = 9090;
  Connections conns;
  for (const auto& f : {flows[0], replica, reply, icmp, otherPort, flows[0]}) conns.add(f);
  const auto all = conns.all();
  REQUIRE(all.size() == 2);
  CHECK(all[0]->port == 8080);
  CHECK(all[0]->flows == 3);
  CHECK(all[0]->policyDropped == 2);
  CHECK(all[0]->src.pod == "web-1");  // the first flow's replica
  CHECK(all[0]->requests.size() == 1);
  CHECK(all[1]->port == 9090);
  CHECK(conns.replies() == 1);
  CHECK(conns.notL4() == 1);
  CHECK(conns.first() == "2026-12-01T09:00:00Z");
  CHECK(conns.last() == "2026-12-01T11:00:00Z");
}

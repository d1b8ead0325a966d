#pragma once
// Cilium Hubble flows, as `hubble observe -o json` prints them (one
// GetFlowsResponse a line: {"flow": {...}, "node_name", "time"}) and as
// `hubble export` files hold them (the same lines; a bare Flow object a line
// is read too). The fields follow the Flow message of cilium/cilium
// api/v1/flow/flow.proto (docs/flows.md lists them); both the proto names
// (pod_name) and protobuf-JSON's camelCase names (podName) are read.
//
// Read line by line, one flow at a time: memory does not grow with the
// capture, apart from what the caller keeps (connections.h folds flows into
// connections).
#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <vector>

namespace nplc::flows {

// One end of a flow: a pod (namespace set) or an address outside the pods.
struct FlowEnd {
  std::string ns, pod, ip;
  // "key=value", the source prefix (`k8s:`) dropped, without Cilium's own
  // labels (io.kubernetes.pod.namespace, io.cilium.k8s.*): sorted.
  std::vector<std::string> labels;
  std::string entity;  // a `reserved:` label other than world (host, kube-apiserver, …), else empty
  bool isPod() const { return !ns.empty(); }
};

struct Flow {
  FlowEnd src, dst;
  std::vector<std::string> dstNames;  // destination_names: the DNS names the destination address had
  std::string protocol;               // "TCP", "UDP", "SCTP"; empty for other traffic (ICMP…)
  int dstPort = 0;
  bool syn = false, ack = false;      // TCP flags
  std::string verdict;                // FORWARDED, DROPPED, AUDIT, …
  std::string dropReason;             // drop_reason_desc, e.g. POLICY_DENIED
  std::string direction;              // traffic_direction: INGRESS, EGRESS
  bool isReply = false;
  std::string httpMethod, httpUrl;    // l7.http
  std::string time;                   // RFC 3339, as Hubble writes it
  // Where the flow was read: the capture's path as shown in messages, its line.
  std::string file;
  std::size_t line = 0;
  std::string where() const { return (file.empty() ? std::string("<flows>") : file) + ":" + std::to_string(line); }
};

struct ReadStats {
  std::size_t lines = 0;      // non-empty lines
  std::size_t flows = 0;      // flows read (replies included)
  std::size_t other = 0;      // well-formed lines that hold no flow (node status, lost events)
  std::size_t malformed = 0;  // lines that are not JSON or not a flow's shape
  // The first kMaxListed malformed lines: "FILE:LINE: why".
  static constexpr std::size_t kMaxListed = 20;
  std::vector<std::string> malformedLines;
};

// Reads `in` (named `path` in messages), calling `onFlow` for each flow.
void readFlows(std::istream& in, const std::string& path, const std::function<void(const Flow&)>& onFlow,
               ReadStats& stats);

}  // namespace nplc::flows

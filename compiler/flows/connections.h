#pragma once
// Flows folded into connections: one per (source workload, destination
// workload or address or DNS name, port, protocol). A workload is a pod's
// namespace and labels, so that the replicas of a deployment are one end. A
// reply (is_reply) is the same connection seen backwards and is only
// counted; the packets of one connection, and the two observation points of
// a flow between pods (the source's egress and the destination's ingress),
// fold into it. Flows that are not TCP, UDP or SCTP are counted and left out.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "flows/hubble.h"

namespace nplc::flows {

struct Connection {
  FlowEnd src, dst;   // the first flow's ends (pod name and address of one replica)
  std::string dstName;  // the destination's first DNS name, or empty
  std::string protocol;
  int port = 0;
  std::string at;  // "FILE:LINE" of its first flow
  std::size_t flows = 0, dropped = 0, policyDropped = 0;
  std::set<std::pair<std::string, std::string>> requests;  // HTTP (method, url), at most kMaxRequests
  static constexpr std::size_t kMaxRequests = 16;
};

class Connections {
 public:
  void add(const Flow& f);
  // In key order: stable output whatever the capture's order.
  std::vector<const Connection*> all() const;
  std::size_t replies() const { return replies_; }
  std::size_t notL4() const { return notL4_; }
  // "FILE:LINE" of the first kMaxListed flows that are not TCP, UDP or SCTP.
  const std::vector<std::string>& notL4At() const { return notL4At_; }
  static constexpr std::size_t kMaxListed = 20;
  // The capture's time span (RFC 3339 strings; empty when no flow had one).
  const std::string& first() const { return first_; }
  const std::string& last() const { return last_; }

 private:
  std::map<std::string, Connection> byKey_;
  std::size_t replies_ = 0, notL4_ = 0;
  std::vector<std::string> notL4At_;
  std::string first_, last_;
};

// Whether Hubble says the flow was dropped by a network policy.
bool droppedByPolicy(const Flow& f);

}  // namespace nplc::flows

namespace nplc::flows {

// Reads every file of `paths` (`-`: stdin) into `conns`; a file that cannot
// be opened is an I/O error ("PATH: why").
void readCapture(const std::vector<std::string>& paths, Connections& conns, ReadStats& stats,
                 std::vector<std::string>& ioErrors);

}  // namespace nplc::flows

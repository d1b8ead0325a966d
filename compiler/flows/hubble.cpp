#include "flows/hubble.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace nplc::flows {

namespace {

using Json = nlohmann::json;

// The first of `names` that `j` has (proto name, then protobuf-JSON's).
const Json* field(const Json& j, std::initializer_list<const char*> names) {
  if (!j.is_object()) return nullptr;
  for (const char* n : names) {
    auto it = j.find(n);
    if (it != j.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

std::string str(const Json& j, std::initializer_list<const char*> names) {
  const Json* f = field(j, names);
  if (f == nullptr) return "";
  if (!f->is_string()) throw std::invalid_argument(std::string(*names.begin()) + " is not a string");
  return f->get<std::string>();
}

// A google.protobuf.BoolValue is written as a bare boolean.
bool boolean(const Json& j, std::initializer_list<const char*> names) {
  const Json* f = field(j, names);
  if (f == nullptr) return false;
  if (!f->is_boolean()) throw std::invalid_argument(std::string(*names.begin()) + " is not a boolean");
  return f->get<bool>();
}

// Cilium writes a label as SOURCE:KEY=VALUE (k8s:app=api, reserved:world).
void readLabels(const Json& labels, FlowEnd& end) {
  if (!labels.is_array()) throw std::invalid_argument("labels is not a list");
  for (const auto& l : labels) {
    if (!l.is_string()) throw std::invalid_argument("a label is not a string");
    std::string s = l.get<std::string>();
    const auto colon = s.find(':'), eq = s.find('=');
    std::string source;
    if (colon != std::string::npos && (eq == std::string::npos || colon < eq)) {
      source = s.substr(0, colon);
      s.erase(0, colon + 1);
    }
    if (source == "reserved") {
      if (s != "world" && end.entity.empty()) end.entity = s;
      continue;
    }
    const std::string key = s.substr(0, s.find('='));
    if (key == "io.kubernetes.pod.namespace" || key.rfind("io.cilium.k8s.", 0) == 0 || key.rfind("io.cilium.", 0) == 0)
      continue;
    if (eq == std::string::npos) s += "=";
    end.labels.push_back(std::move(s));
  }
  std::sort(end.labels.begin(), end.labels.end());
  end.labels.erase(std::unique(end.labels.begin(), end.labels.end()), end.labels.end());
}

FlowEnd readEnd(const Json* j) {
  FlowEnd end;
  if (j == nullptr) return end;
  if (!j->is_object()) throw std::invalid_argument("an endpoint is not an object");
  end.ns = str(*j, {"namespace"});
  end.pod = str(*j, {"pod_name", "podName"});
  if (const Json* l = field(*j, {"labels"})) readLabels(*l, end);
  return end;
}

int port(const Json& l4proto) {
  const Json* p = field(l4proto, {"destination_port", "destinationPort"});
  if (p == nullptr) return 0;
  if (!p->is_number_unsigned() || p->get<unsigned>() > 65535) throw std::invalid_argument("destination_port is not a port");
  return static_cast<int>(p->get<unsigned>());
}

Flow readFlow(const Json& f) {
  Flow flow;
  flow.src = readEnd(field(f, {"source"}));
  flow.dst = readEnd(field(f, {"destination"}));
  if (const Json* ip = field(f, {"IP", "ip"})) {
    flow.src.ip = str(*ip, {"source"});
    flow.dst.ip = str(*ip, {"destination"});
  }
  if (const Json* l4 = field(f, {"l4"})) {
    for (const char* p : {"TCP", "UDP", "SCTP"}) {
      const std::string lower = p == std::string("TCP") ? "tcp" : p == std::string("UDP") ? "udp" : "sctp";
      if (const Json* x = field(*l4, {p, lower.c_str()})) {
        flow.protocol = p;
        flow.dstPort = port(*x);
        if (const Json* flags = field(*x, {"flags"})) {
          flow.syn = boolean(*flags, {"SYN"});
          flow.ack = boolean(*flags, {"ACK"});
        }
      }
    }
  }
  flow.verdict = str(f, {"verdict"});
  flow.dropReason = str(f, {"drop_reason_desc", "dropReasonDesc"});
  flow.direction = str(f, {"traffic_direction", "trafficDirection"});
  flow.isReply = boolean(f, {"is_reply", "isReply"});
  flow.time = str(f, {"time"});
  if (const Json* names = field(f, {"destination_names", "destinationNames"})) {
    if (!names->is_array()) throw std::invalid_argument("destination_names is not a list");
    for (const auto& n : *names) {
      if (!n.is_string()) throw std::invalid_argument("a destination name is not a string");
      flow.dstNames.push_back(n.get<std::string>());
    }
  }
  if (const Json* l7 = field(f, {"l7"}))
    if (const Json* http = field(*l7, {"http"})) {
      flow.httpMethod = str(*http, {"method"});
      flow.httpUrl = str(*http, {"url"});
    }
  if (!flow.src.isPod() && flow.src.ip.empty() && flow.src.entity.empty())
    throw std::invalid_argument("the flow has neither a source namespace nor a source address");
  if (!flow.dst.isPod() && flow.dst.ip.empty() && flow.dst.entity.empty())
    throw std::invalid_argument("the flow has neither a destination namespace nor a destination address");
  return flow;
}

}  // namespace

void readFlows(std::istream& in, const std::string& path, const std::function<void(const Flow&)>& onFlow,
               ReadStats& stats) {
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++stats.lines;
    std::string why;
    try {
      const Json j = Json::parse(line);
      if (!j.is_object()) throw std::invalid_argument("not a JSON object");
      // A GetFlowsResponse wraps the flow; its other kinds (node_status,
      // lost_events) hold none.
      const Json* f = field(j, {"flow"});
      if (f == nullptr && field(j, {"verdict"}) == nullptr) {
        ++stats.other;
        continue;
      }
      Flow flow = readFlow(f != nullptr ? *f : j);
      flow.file = path;
      flow.line = number;
      ++stats.flows;
      onFlow(flow);
      continue;
    } catch (const Json::exception& e) {
      why = e.id == 101 ? "not JSON" : e.what();
    } catch (const std::invalid_argument& e) {
      why = e.what();
    }
    ++stats.malformed;
    if (stats.malformedLines.size() < ReadStats::kMaxListed)
      stats.malformedLines.push_back(path + ":" + std::to_string(number) + ": " + why);
  }
}

}  // namespace nplc::flows

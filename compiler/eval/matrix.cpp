#include "eval/matrix.h"

#include <algorithm>
#include <map>
#include <set>

#include "util/check.h"

namespace nplc::eval {
namespace {

constexpr int kMaxPort = 65535;
const char* const kProtocols[] = {"TCP", "UDP", "SCTP"};

std::string roleNote(const ExternalEnd& e) {
  switch (e.role) {
    case ExternalEnd::Role::Inside:
      return "inside " + e.peer;
    case ExternalEnd::Role::Outside:
      return "outside " + e.peer;
    case ExternalEnd::Role::Excepted:
      return "excepted from " + e.peer;
    case ExternalEnd::Role::DnsName:
      return e.end.name == e.peer ? "" : "matches " + e.peer;
    case ExternalEnd::Role::Entity:
      return "";
  }
  return "";
}

// Adds the class starts that the range [first, last] of ports creates.
void addRange(std::set<int>& starts, int first, int last) {
  starts.insert(first);
  if (last < kMaxPort) starts.insert(last + 1);
}

}  // namespace

// Why probing one port per class is exhaustive: every port a generated
// object mentions comes from a port of the plan, hence of an edge, a deny or
// a cluster-scope statement of the program (a number, a range, a named port, or every port of a
// protocol), and a named port matches only a destination pod's container
// ports. So each object's port matcher, for a given protocol, is constant on
// every interval between consecutive boundaries: the first port of each
// range, the port after its last, and each container port of the model's
// pods, on its own. Probing the first port of each interval (1 when no rule
// mentions any port: "one port no rule mentions") judges every port. A rule
// without ports, or with every port of a protocol, is constant over all of
// them.
std::vector<std::pair<std::string, std::vector<int>>> probePorts(const model::Program& program,
                                                                 const Cluster& cluster) {
  std::map<std::string, std::set<int>> starts;
  for (const char* protocol : kProtocols) starts[protocol].insert(1);
  const auto addPorts = [&](const std::vector<model::Port>& ports) {
    for (const auto& port : ports) {
      auto& s = starts[model::protocolName(port.protocol)];
      if (port.kind == model::Port::Kind::Number) addRange(s, port.port, port.port);
      if (port.kind == model::Port::Kind::Range) addRange(s, port.port, port.endPort);
    }
  };
  for (const auto* edges : {&program.edges, &program.denies}) {
    for (const auto& e : *edges) addPorts(e.ports);
  }
  for (const auto& r : program.clusterRules) addPorts(r.ports);
  for (const auto& pod : cluster.pods()) {
    for (const auto& cp : pod.ports) addRange(starts[cp.protocol], cp.port, cp.port);
  }
  std::vector<std::pair<std::string, std::vector<int>>> out;
  for (const char* protocol : kProtocols) out.push_back({protocol, {starts[protocol].begin(), starts[protocol].end()}});
  return out;
}

MatrixEnds matrixEnds(const model::Program& p, const ProgramCluster& pc) {
  MatrixEnds out;
  const auto addPod = [&](const std::string& key, backends::MatrixEnd end) {
    const Pod* pod = pc.cluster.findPod(key);
    if (!pod) return;
    out.ends.push_back(std::move(end));
    out.endpoints.emplace_back(*pod);
    out.pod.push_back(true);
  };
  for (std::size_t s = 0; s < p.services.size(); ++s) {
    const auto& svc = p.services[s];
    if (!pc.servicePods[s].empty()) addPod(pc.servicePods[s], {p.namespaces[svc.ns].name + "/" + svc.name, "", svc.ns, s});
  }
  for (std::size_t ns = 0; ns < p.namespaces.size(); ++ns) {
    if (!pc.otherPods[ns].empty()) addPod(pc.otherPods[ns], {p.namespaces[ns].name + "/(other pods)", "", ns, model::kNone});
  }
  addPod(pc.unmanagedPod, {"(unmanaged namespace)", "", model::kNone, model::kNone});
  for (const auto& e : pc.externals) {
    out.ends.push_back({e.end.str(), roleNote(e), model::kNone, model::kNone});
    out.endpoints.push_back(e.end);
    out.pod.push_back(false);
  }
  return out;
}

backends::AccessMatrix computeMatrix(const model::Program& program, const ProgramCluster& pc,
                                     const std::vector<JudgedTarget>& targets, std::optional<model::Index> ns) {
  backends::AccessMatrix m;
  for (const auto& t : targets) m.targets.push_back(t.first);
  MatrixEnds e = matrixEnds(program, pc);
  const auto probes = probePorts(program, pc.cluster);
  const auto inScope = [&](std::size_t i) { return !ns || e.ends[i].ns == *ns; };
  for (std::size_t from = 0; from < e.ends.size(); ++from) {
    for (std::size_t to = 0; to < e.ends.size(); ++to) {
      if (from == to || (!e.pod[from] && !e.pod[to])) continue;
      if (!inScope(from) && !inScope(to)) continue;
      backends::MatrixCell cell{from, to, {}};
      bool some = false;
      for (const auto& [name, judge] : targets) {
        backends::PortSet allowed;
        if (judge->mayAllow(e.endpoints[from], e.endpoints[to])) {
          for (const auto& [protocol, starts] : probes) {
            auto& ranges = allowed.ranges[protocol];
            for (std::size_t i = 0; i < starts.size(); ++i) {
              if (!judge->evaluate(e.endpoints[from], e.endpoints[to], starts[i], protocol).allowed()) continue;
              const int last = i + 1 < starts.size() ? starts[i + 1] - 1 : kMaxPort;
              if (!ranges.empty() && ranges.back().second + 1 == starts[i])
                ranges.back().second = last;
              else
                ranges.push_back({starts[i], last});
            }
            if (ranges.empty()) allowed.ranges.erase(protocol);
          }
        }
        some = some || !allowed.empty();
        cell.allowed.push_back(std::move(allowed));
      }
      if (some) m.cells.push_back(std::move(cell));
    }
  }
  m.ends = std::move(e.ends);
  return m;
}

backends::AccessMatrix selectTargets(const backends::AccessMatrix& m, const std::vector<std::string>& targets) {
  std::vector<std::size_t> columns;
  for (const auto& t : targets) {
    const auto it = std::find(m.targets.begin(), m.targets.end(), t);
    NPLC_CHECK(it != m.targets.end(), "selectTargets: the matrix has no target " + t);
    columns.push_back(static_cast<std::size_t>(it - m.targets.begin()));
  }
  backends::AccessMatrix out;
  out.targets = targets;
  out.ends = m.ends;
  out.omitted = m.omitted;
  for (const auto& cell : m.cells) {
    backends::MatrixCell c{cell.from, cell.to, {}};
    bool some = false;
    for (std::size_t col : columns) {
      some = some || !cell.allowed[col].empty();
      c.allowed.push_back(cell.allowed[col]);
    }
    if (some) out.cells.push_back(std::move(c));
  }
  return out;
}

}  // namespace nplc::eval

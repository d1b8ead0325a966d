#pragma once
// The reachability matrix as data: which ports each target's generated
// objects allow between the ends of the program's cluster model. eval/matrix
// computes it (from the objects, through the evaluators); `nplc query
// --matrix` prints it and the docs target shows it on each namespace page.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/model.h"

namespace nplc::backends {

// Allowed destination ports, per protocol ("TCP", "UDP", "SCTP"), as
// sorted, disjoint, non-adjacent ranges [first, last] within 1-65535.
struct PortSet {
  std::map<std::string, std::vector<std::pair<int, int>>> ranges;
  bool empty() const { return ranges.empty(); }
  bool allows(const std::string& protocol, int port) const;
  bool operator==(const PortSet&) const = default;
  // "any" (every port of every protocol), "TCP any; UDP 53",
  // "TCP 80, 8000-8100", or "none".
  std::string str() const;
};

// One end of the matrix: a pod of the model (a service's, a namespace's
// "other" pod, the unmanaged namespace's pod) or an end outside the pods.
struct MatrixEnd {
  std::string name;  // "shop/api", "shop/(other pods)", "(unmanaged namespace)", "203.0.113.1", "api.example.com", "entity:world"
  std::string note;  // for ends outside the pods: why the model has it ("inside partners", "outside partners", …)
  model::Index ns = model::kNone;       // the model namespace of a pod end
  model::Index service = model::kNone;  // the service of a service's pod
  std::string label() const { return note.empty() ? name : name + " (" + note + ")"; }
};

struct MatrixCell {
  std::size_t from = 0, to = 0;  // indexes into AccessMatrix::ends
  std::vector<PortSet> allowed;  // by target, as AccessMatrix::targets
};

struct AccessMatrix {
  std::vector<std::string> targets;
  std::vector<MatrixEnd> ends;
  std::vector<MatrixCell> cells;  // only those where some target allows something, by (from, to)
  // Not computed (targets, ends and cells empty): why, for the reader.
  std::string omitted;
  // Every cell is the same for every target.
  bool targetsAgree() const;
};

}  // namespace nplc::backends

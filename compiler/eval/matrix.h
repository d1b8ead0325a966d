#pragma once
// The reachability matrix of a program: for each pair of ends of its cluster
// model (eval/program_cluster.h) and each target, the ports the target's
// generated objects allow, judged by the target's evaluator.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backends/access_matrix.h"
#include "eval/generated.h"
#include "eval/program_cluster.h"
#include "model/model.h"

namespace nplc::eval {

// A target's name and the evaluator of its objects.
using JudgedTarget = std::pair<std::string, const TargetEvaluator*>;

// The ends of the matrix, in its order, with the endpoints the evaluators
// judge (`pod`: the end is a pod of the model).
struct MatrixEnds {
  std::vector<backends::MatrixEnd> ends;
  std::vector<Endpoint> endpoints;
  std::vector<bool> pod;
};
MatrixEnds matrixEnds(const model::Program& program, const ProgramCluster& cluster);

// Past this many ends (a million pairs), judging every pair takes minutes:
// the docs pages leave the matrix out and `nplc check` skips the
// cross-target equivalence, each saying so.
inline constexpr std::size_t kMaxJudgedEnds = 1000;

// Every cell where some target allows some port, between the pods of the
// model (services' pods, each namespace's other pod, the unmanaged pod) and
// from each pod to every end outside the pods and back. `ns`: only the cells
// with an end in that model namespace.
backends::AccessMatrix computeMatrix(const model::Program& program, const ProgramCluster& cluster,
                                     const std::vector<JudgedTarget>& targets,
                                     std::optional<model::Index> ns = std::nullopt);

// The cells of `m` for `targets` only (a subset of m.targets, in any order):
// what computeMatrix gives with those targets' evaluators, without judging
// again (a cell's ports on one target do not depend on the others).
backends::AccessMatrix selectTargets(const backends::AccessMatrix& m, const std::vector<std::string>& targets);

// The ports to probe, per protocol: the first port of each class of ports
// that no generated object tells apart (see matrix.cpp). Exposed for tests.
std::vector<std::pair<std::string, std::vector<int>>> probePorts(const model::Program& program,
                                                                 const Cluster& cluster);

}  // namespace nplc::eval

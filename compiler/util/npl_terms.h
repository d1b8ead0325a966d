#pragma once
// The two terms the syntax (ast.h) and the resolved model share, kept below
// both so that the model, and every stage that reads only the model, does
// not depend on the syntax stage.
namespace nplc::ast {

// A selector requirement: `k: v`, `k in (…)`, `k notin (…)`, `k`, `!k`.
enum class ReqOp { Equals, In, NotIn, Exists, DoesNotExist };

// Which sides of an edge the user asked for: both, `ingress …`, `egress …`.
enum class Sides { Both, IngressOnly, EgressOnly };

}  // namespace nplc::ast

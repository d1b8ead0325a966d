#pragma once
// Every document of a YAML stream as yaml-cpp nodes, read by libyaml's parser.
//
// Why not YAML::LoadAll: the evaluator reads back every object nplc writes
// (the docs target's access matrix, `expect`, the equivalence check), and
// yaml-cpp's scanner runs a regular-expression interpreter on every character
// (~8 MB/s), the largest part of reading back a build (the docs target's
// access matrix on a 20k-line mesh: 2.8 s with it, 1.8 s with libyaml).
// libyaml (Debian's libyaml-dev, the C parser go-yaml was ported from, so the
// reading kubectl does) parses the same text many times faster; the nodes are
// the ones the strict readers already take. Errors are YAML::ParserException
// with libyaml's position and problem; a key repeated in a mapping is one.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace nplc::eval::yaml {

std::vector<YAML::Node> loadAll(const std::string& yamlText);

}  // namespace nplc::eval::yaml

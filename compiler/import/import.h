#pragma once
// `nplc import`: NetworkPolicy YAML read back into NPL (docs/import.md).
// In: the YAML texts (multi-document streams, `kind: List`, `kubectl get -o
// yaml` output). Out: one NPL text per namespace, unformatted (the caller
// runs it through layout::formatText), and every part of the input that NPL
// cannot say, located in its file.
#include <map>
#include <string>
#include <vector>

namespace nplc::import {

struct Input {
  std::string path;  // as shown in reports
  std::string text;
};

// A place in an input file: 1-based line and column (yaml-cpp's Mark + 1).
struct Location {
  std::string file;
  int line = 0, col = 0;
  std::string str() const;  // "file:line:col"
};

// Something the input says that the output does not: `object` is
// "Kind ns/name", `field` the path in it (spec.ingress[0].from[1]).
struct Gap {
  Location at;
  std::string object, field, reason;
  std::string ns;  // the namespace block its comment goes into (--allow-partial)
};

// An input that is not a valid policy (bad YAML, a field the API would refuse).
struct InputError {
  Location at;
  std::string message;
};

struct Options {
  std::string defaultNamespace = "default";  // for objects without metadata.namespace
};

struct Result {
  std::map<std::string, std::string> files;  // namespace -> NPL text (one file each)
  std::vector<Gap> gaps;
  std::vector<InputError> errors;
  int skipped = 0;   // documents of other kinds (Deployments of a chart…)
  int policies = 0;  // policies read
};

// The gaps are also comments in `files`, at the place they belong, so that a
// partial import (--allow-partial) says what it left out.
Result importPolicies(const std::vector<Input>& inputs, const Options& options = {});

}  // namespace nplc::import

#pragma once
// Edges written in list form (docs/language.md, "Several sources or
// destinations"), as `nplc import` writes them from policies and from
// observed flows: the targets of one source on one line, then the sources
// with the same targets on one line, each line within kMaxWidth.
#include <string>
#include <vector>

namespace nplc::import {

// A destination and its ports (and HTTP rules).
struct Target {
  std::string text;
  bool ported = false;  // has ports: a target without them is written first
  std::string note;     // said in the line's comment (`# api: 12 flows`)
};

// One statement of a namespace block: a comment line alone, or edges in list
// form (`side sources -> targets`), every source to every target.
struct Statement {
  std::string comment;  // a comment line: the line is this alone
  std::string side;     // "ingress ", "egress " or ""
  std::vector<std::string> sources;
  std::vector<Target> targets;
  std::string trailing;  // a comment on the edge: it stays on a line of its own
};

constexpr std::size_t kMaxWidth = 100;

// Single edges (one source, one target each) merged into lists, in the order
// of their first appearance; comments and edges with a trailing comment are
// never merged, and sources are merged only where their targets have no note.
std::vector<Statement> listStatements(const std::vector<Statement>& edges);

// The statement's line, indented for a namespace block, without its newline;
// the targets' notes (each after its peer when there are several) and the
// trailing comment in its comment.
std::string statementText(const Statement& s);

}  // namespace nplc::import

// The access half of `nplc diff`: each side's reachability matrix (the
// evaluators over its generated objects, eval/matrix.h), matched end by end
// by name ("shop/api", "203.0.113.1 (inside partners)"), and each
// difference linked to the intent changes behind it through the deciding
// source lines (eval/reasons.h) on both sides.
#include "driver/diff_access.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "eval/judges.h"
#include "eval/matrix.h"
#include "eval/reasons.h"

namespace nplc::driver {
namespace {

using backends::PortSet;

// The ports of `a` that `b` does not allow.
PortSet minus(const PortSet& a, const PortSet& b) {
  PortSet out;
  for (const auto& [protocol, ranges] : a.ranges) {
    const auto it = b.ranges.find(protocol);
    std::vector<std::pair<int, int>> left;
    for (auto [first, last] : ranges) {
      if (it != b.ranges.end()) {
        for (const auto& [bf, bl] : it->second) {  // sorted and disjoint
          if (bl < first || bf > last) continue;
          if (bf > first) left.push_back({first, bf - 1});
          first = bl + 1;
          if (first > last) break;
        }
      }
      if (first <= last) left.push_back({first, last});
    }
    if (!left.empty()) out.ranges[protocol] = std::move(left);
  }
  return out;
}

// One side judged: its matrix by the ends' names, and what reasons need.
struct Judged {
  const DiffSide& side;
  std::unique_ptr<eval::Judges> judges;
  eval::MatrixEnds ends;
  std::map<std::string, std::size_t> endIndex;                          // by label
  std::map<std::string, std::string> peerOf;  // an end outside the pods: the external (or CIDR) it stands for
  std::map<std::tuple<std::string, std::string, std::string>, PortSet> cells;  // (target, from, to)

  Judged(const DiffSide& s, const std::vector<std::string>& targets) : side(s) {
    judges = eval::judgeTargets(*s.c->program, targets, s.c->files);
  }

  // The ends outside the pods of `other` this side lacks (an address of a
  // CIDR that grew or shrank, a DNS name added) are judged here too: what
  // this side allows them is the other half of their change.
  static std::string key(const eval::ExternalEnd& e) {
    return fmt::format("{}\n{}\n{}", e.end.str(), static_cast<int>(e.role), e.peer);
  }

  void addEnds(const Judged& other) {
    std::set<std::string> have;
    for (const auto& e : judges->model.externals) have.insert(key(e));
    for (const auto& e : other.judges->model.externals) {
      if (have.insert(key(e)).second) judges->model.externals.push_back(e);
    }
  }

  void compute() {
    const model::Program& p = *side.c->program;
    ends = eval::matrixEnds(p, judges->model);
    std::size_t external = 0;
    for (std::size_t i = 0; i < ends.ends.size(); ++i) {
      endIndex[ends.ends[i].label()] = i;
      if (!ends.pod[i]) peerOf[ends.ends[i].label()] = judges->model.externals[external++].peer;
    }
    const auto m = eval::computeMatrix(p, judges->model, judges->targets);
    for (const auto& c : m.cells) {
      for (std::size_t t = 0; t < m.targets.size(); ++t) {
        if (!c.allowed[t].empty()) cells[{m.targets[t], m.ends[c.from].label(), m.ends[c.to].label()}] = c.allowed[t];
      }
    }
  }

  PortSet at(const std::string& target, const std::string& from, const std::string& to) const {
    const auto it = cells.find({target, from, to});
    return it == cells.end() ? PortSet{} : it->second;
  }

  // The deciding lines of `target`'s verdict on one port; empty when an end
  // does not exist on this side.
  std::vector<eval::Reason> reasons(const std::string& target, const std::string& from, const std::string& to,
                                    const std::string& protocol, int port) const {
    const auto f = endIndex.find(from), t = endIndex.find(to);
    if (f == endIndex.end() || t == endIndex.end()) return {};
    for (const auto& [name, judge] : judges->targets) {
      if (name != target) continue;
      const auto verdict = judge->evaluate(ends.endpoints[f->second], ends.endpoints[t->second], port, protocol);
      return eval::reasonsFor(side.c->sm, *side.c->program, side.c->origins, target, verdict, from, to);
    }
    return {};
  }
};

bool overlap(const source::Span& a, const source::Span& b) {
  return a.valid() && b.valid() && a.file == b.file && a.begin < b.end && b.begin < a.end;
}

// The intent changes whose lines on that side decided `reasons`.
void link(const std::vector<eval::Reason>& reasons, bool newSide, const std::vector<IntentChange>& intent,
          std::vector<std::size_t>& causes) {
  for (std::size_t i = 0; i < intent.size(); ++i) {
    const auto& spans = newSide ? intent[i].newSpans : intent[i].oldSpans;
    for (const auto& r : reasons) {
      if (std::any_of(spans.begin(), spans.end(), [&](const auto& s) { return overlap(s, r.span); }) &&
          std::find(causes.begin(), causes.end(), i) == causes.end()) {
        causes.push_back(i);
      }
    }
  }
}

}  // namespace

void diffAccess(const DiffSide& before, const DiffSide& after, DiffResult& out) {
  std::vector<std::string> targets;
  for (const auto& t : after.targets) {
    if (eval::hasEvaluator(t) && std::count(before.targets.begin(), before.targets.end(), t)) targets.push_back(t);
  }
  out.targets = targets;
  if (targets.empty()) return;
  Judged o(before, targets), n(after, targets);
  o.addEnds(n);
  n.addEnds(o);
  o.compute();
  n.compute();
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto* j : {&o, &n}) {
    for (const auto& [k, ports] : j->cells) pairs.insert({std::get<1>(k), std::get<2>(k)});
  }
  std::map<std::tuple<bool, std::string, std::string, std::string, std::string>, AccessChange> changes;
  for (const auto& [from, to] : pairs) {
    for (const auto& target : targets) {
      const PortSet was = o.at(target, from, to), is = n.at(target, from, to);
      if (was == is) continue;
      AccessChange ch;
      ch.change = was.empty() ? AccessChange::Change::NowAllowed
                  : is.empty() ? AccessChange::Change::NowDenied
                               : AccessChange::Change::Changed;
      ch.from = from;
      ch.to = to;
      ch.oldPorts = was.str();
      ch.newPorts = is.str();
      const PortSet added = minus(is, was), removed = minus(was, is);
      ch.added = added.empty() ? "" : added.str();
      ch.removed = removed.empty() ? "" : removed.str();
      auto [it, fresh] = changes.try_emplace({!ch.widened(), from, to, ch.oldPorts, ch.newPorts}, ch);
      it->second.targets.push_back(target);
      if (!fresh) continue;
      // The first port that changed, judged on both sides: what allows it
      // where it is allowed, what denies it where it is not.
      const PortSet& probe = added.empty() ? removed : added;
      const auto& [protocol, ranges] = *probe.ranges.begin();
      const int port = ranges.front().first;
      const auto newReasons = n.reasons(target, from, to, protocol, port);
      const auto oldReasons = o.reasons(target, from, to, protocol, port);
      link(newReasons, true, out.intent, it->second.causes);
      link(oldReasons, false, out.intent, it->second.causes);
      // An address whose external changed: the change is that of the external.
      for (const auto& end : {from, to}) {
        for (const auto* j : {&o, &n}) {
          const auto peer = j->peerOf.find(end);
          if (peer == j->peerOf.end()) continue;
          for (std::size_t i = 0; i < out.intent.size(); ++i) {
            const auto& ch = out.intent[i];
            const bool named = ch.key == peer->second || ch.key.ends_with("/" + peer->second);
            if (ch.kind == "external" && named && std::count(it->second.causes.begin(), it->second.causes.end(), i) == 0)
              it->second.causes.push_back(i);
          }
        }
      }
      std::sort(it->second.causes.begin(), it->second.causes.end());
      if (!it->second.causes.empty()) continue;
      const Judged& allowedSide = added.empty() ? o : n;
      for (const auto& r : added.empty() ? oldReasons : newReasons) {
        if (r.kind == eval::Reason::Kind::Isolated || r.kind == eval::Reason::Kind::NoRule) continue;
        std::string line = r.text;
        if (r.span.valid()) {
          const auto& sm = allowedSide.side.c->sm;
          line += fmt::format(" at {}:{}", sm.file(r.span.file).path, sm.lineCol(r.span.file, r.span.begin).line);
        }
        it->second.reasons.push_back(std::move(line));
      }
    }
  }
  for (auto& [k, ch] : changes) out.access.push_back(std::move(ch));
}

void diffObjects(const DiffSide& before, const DiffSide& after, DiffResult& out) {
  const auto& o = before.c->files;
  const auto& n = after.c->files;
  for (const auto& [path, text] : n) {
    const auto it = o.find(path);
    if (it == o.end())
      out.objectsAdded.push_back(path);
    else if (it->second != text)
      out.objectsChanged.push_back(path);
  }
  for (const auto& [path, text] : o) {
    if (!n.count(path)) out.objectsRemoved.push_back(path);
  }
}

}  // namespace nplc::driver

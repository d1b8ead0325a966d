// The access half of `nplc diff`: each side's reachability matrix (the
// evaluators over its generated objects, eval/matrix.h), matched end by end
// by name ("shop/api", "203.0.113.1 (inside partners)"), and each
// difference linked to the intent changes behind it through the deciding
// source lines (eval/reasons.h) on both sides.
#include "driver/diff_access.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
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

  const eval::TargetEvaluator* judge(const std::string& target) const {
    for (const auto& [name, j] : judges->targets) {
      if (name == target) return j;
    }
    return nullptr;
  }

  // `target`'s verdict on one port (and request); nullopt when an end does
  // not exist on this side.
  std::optional<eval::Verdict> verdict(const std::string& target, const std::string& from, const std::string& to,
                                       const std::string& protocol, int port, const eval::HttpRequest* request) const {
    const auto f = endIndex.find(from), t = endIndex.find(to);
    const auto* j = judge(target);
    if (f == endIndex.end() || t == endIndex.end() || !j) return std::nullopt;
    return j->evaluate(ends.endpoints[f->second], ends.endpoints[t->second], port, protocol, request);
  }

  // The deciding lines of that verdict; empty when an end does not exist here.
  std::vector<eval::Reason> reasons(const std::string& target, const std::string& from, const std::string& to,
                                    const std::string& protocol, int port, const eval::HttpRequest* request) const {
    const auto v = verdict(target, from, to, protocol, port, request);
    return v ? eval::reasonsFor(side.c->sm, *side.c->program, side.c->origins, target, *v, from, to)
             : std::vector<eval::Reason>{};
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

// Why `ch` changed on `target`: `port` (and `request`) judged on both
// sides; the intent changes whose lines decide it on either side, else the
// lines that allow it on the side where it is allowed.
void explain(const Judged& o, const Judged& n, const std::vector<IntentChange>& intent, AccessChange& ch,
             const std::string& target, const std::string& protocol, int port, const eval::HttpRequest* request) {
  const auto newReasons = n.reasons(target, ch.from, ch.to, protocol, port, request);
  const auto oldReasons = o.reasons(target, ch.from, ch.to, protocol, port, request);
  link(newReasons, true, intent, ch.causes);
  link(oldReasons, false, intent, ch.causes);
  // An address whose external changed: the change is that of the external.
  for (const auto& end : {ch.from, ch.to}) {
    for (const auto* j : {&o, &n}) {
      const auto peer = j->peerOf.find(end);
      if (peer == j->peerOf.end()) continue;
      for (std::size_t i = 0; i < intent.size(); ++i) {
        const bool named = intent[i].key == peer->second || intent[i].key.ends_with("/" + peer->second);
        if (intent[i].kind == "external" && named && std::count(ch.causes.begin(), ch.causes.end(), i) == 0)
          ch.causes.push_back(i);
      }
    }
  }
  std::sort(ch.causes.begin(), ch.causes.end());
  if (!ch.causes.empty()) return;
  const Judged& allowedSide = ch.widened() ? n : o;
  for (const auto& r : ch.widened() ? newReasons : oldReasons) {
    if (r.kind == eval::Reason::Kind::Isolated || r.kind == eval::Reason::Kind::NoRule) continue;
    std::string line = r.text;
    if (r.span.valid()) {
      const auto& sm = allowedSide.side.c->sm;
      line += fmt::format(" at {}:{}", sm.file(r.span.file).path, sm.lineCol(r.span.file, r.span.begin).line);
    }
    ch.reasons.push_back(std::move(line));
  }
}

// The changes by (not widened, ends, ports before and after): the order they are listed in.
using Changes = std::map<std::tuple<bool, std::string, std::string, std::string, std::string>, AccessChange>;

Changes::key_type changeKey(const AccessChange& ch) {
  return {!ch.widened(), ch.from, ch.to, ch.oldPorts + "\n" + ch.removed, ch.newPorts + "\n" + ch.added};
}

// A request an HTTP rule of either side is about: its port, method and
// path, each `*` of the glob made "x" (a path the glob matches).
using Request = std::pair<int, eval::HttpRequest>;

std::vector<Request> httpRequests(const model::Program& a, const model::Program& b) {
  std::set<std::tuple<int, std::string, std::string>> seen;
  for (const auto* p : {&a, &b}) {
    for (const auto& e : p->edges) {
      for (const auto& port : e.ports) {
        if (port.kind != model::Port::Kind::Number || port.protocol != model::Protocol::TCP) continue;
        for (const auto& h : e.http) {
          std::string path;
          for (char c : h.path) path += c == '*' ? std::string("x") : std::string(1, c);
          seen.insert({port.port, h.method, path});
        }
      }
    }
  }
  std::vector<Request> out;
  for (const auto& [port, method, path] : seen) out.push_back({port, eval::HttpRequest{method, path}});
  return out;
}

// HTTP: on a target that judges requests, a connection whose port is
// allowed on both sides may allow other requests. The requests the HTTP
// rules of either side are about are asked of both (a sample, not every
// path: a request no rule names is not asked).
void diffRequests(const Judged& o, const Judged& n, const std::set<std::pair<std::string, std::string>>& pairs,
                  const std::vector<std::string>& targets, const std::vector<IntentChange>& intent, Changes& changes) {
  const auto requests = httpRequests(*o.side.c->program, *n.side.c->program);
  if (requests.empty()) return;
  for (const auto& pair : pairs) {
    for (const auto& target : targets) {
      if (!n.judge(target)->judgesHttp()) continue;
      const PortSet was = o.at(target, pair.first, pair.second), is = n.at(target, pair.first, pair.second);
      std::vector<std::string> gained, lost;
      const Request *firstGained = nullptr, *firstLost = nullptr;
      for (const auto& r : requests) {
        if (!was.allows("TCP", r.first) || !is.allows("TCP", r.first)) continue;  // a port change says it
        const auto before = o.verdict(target, pair.first, pair.second, "TCP", r.first, &r.second);
        const auto after = n.verdict(target, pair.first, pair.second, "TCP", r.first, &r.second);
        const bool allowedBefore = before && before->allowed(), allowedAfter = after && after->allowed();
        if (allowedBefore == allowedAfter) continue;
        (allowedAfter ? gained : lost).push_back(fmt::format("TCP {} {} {}", r.first, r.second.method, r.second.path));
        const Request*& first = allowedAfter ? firstGained : firstLost;
        if (!first) first = &r;
      }
      if (gained.empty() && lost.empty()) continue;
      AccessChange ch;
      ch.change = AccessChange::Change::Requests;
      ch.from = pair.first;
      ch.to = pair.second;
      ch.oldPorts = was.str();
      ch.newPorts = is.str();
      ch.added = fmt::format("{}", fmt::join(gained, ", "));
      ch.removed = fmt::format("{}", fmt::join(lost, ", "));
      auto [it, fresh] = changes.try_emplace(changeKey(ch), ch);
      it->second.targets.push_back(target);
      // The first request that changed, widened first, judged on both sides.
      const Request& probe = firstGained ? *firstGained : *firstLost;
      if (fresh) explain(o, n, intent, it->second, target, "TCP", probe.first, &probe.second);
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
  Changes changes;
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
      auto [it, fresh] = changes.try_emplace(changeKey(ch), ch);
      it->second.targets.push_back(target);
      if (!fresh) continue;
      // The first port that changed, judged on both sides.
      const PortSet& probe = added.empty() ? removed : added;
      const auto& [protocol, ranges] = *probe.ranges.begin();
      explain(o, n, out.intent, it->second, target, protocol, ranges.front().first, nullptr);
    }
  }
  diffRequests(o, n, pairs, targets, out.intent, changes);
  for (auto& [k, ch] : changes) out.access.push_back(std::move(ch));
}

namespace {

// `text` with the line of every source position it cites ("shop.npl:12",
// the nplc.dev/source annotation and the ClusterNetworkPolicy rule names)
// replaced by "#": the same object written from a line that moved.
std::string withoutLines(std::string text, const source::SourceManager& sm) {
  for (source::FileId id = 0; id < sm.size(); ++id) {
    const std::string cite = sm.file(id).path + ":";
    for (std::size_t at = text.find(cite); at != std::string::npos; at = text.find(cite, at + 1)) {
      const std::size_t digits = at + cite.size();
      std::size_t end = digits;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      if (end > digits) text.replace(digits, end - digits, "#");
    }
  }
  return text;
}

}  // namespace

void diffObjects(const DiffSide& before, const DiffSide& after, DiffResult& out) {
  const auto& o = before.c->files;
  const auto& n = after.c->files;
  for (const auto& [path, text] : n) {
    const auto it = o.find(path);
    if (it == o.end())
      out.objectsAdded.push_back(path);
    else if (it->second == text)
      continue;
    else if (withoutLines(it->second, before.c->sm) == withoutLines(text, after.c->sm))
      out.objectsMoved.push_back(path);
    else
      out.objectsChanged.push_back(path);
  }
  for (const auto& [path, text] : o) {
    if (!n.count(path)) out.objectsRemoved.push_back(path);
  }
}

}  // namespace nplc::driver

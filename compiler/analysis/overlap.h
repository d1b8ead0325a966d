#pragma once
// Conservative "may these match common traffic?" relations over the model,
// used by the deny-intent and L4/L7 checks. "May" means: some cluster state
// consistent with what the source says lets both match.
#include <optional>
#include <utility>

#include "model/model.h"

namespace nplc::analysis {

// Pods a peer can stand for: a namespace (fixed or by selector) and a pod
// selector; nothing for a peer that is not pods (addresses, DNS names...).
struct PodSet {
  model::Index ns = model::kNone;   // fixed namespace, or kNone
  model::LabelSelector nsSelector;  // when ns == kNone (empty = every namespace)
  model::LabelSelector pods;
};
std::optional<PodSet> podSet(const model::Program& p, const model::Peer& peer);

bool selectorsCompatible(const model::LabelSelector& a, const model::LabelSelector& b);
// Provably every pod `sub` matches also matches `super` (sub ⊆ super); false
// when that cannot be shown from the requirements alone.
bool selectorImplies(const model::LabelSelector& sub, const model::LabelSelector& super);
bool peersMayOverlap(const model::Program& p, const model::Peer& a, const model::Peer& b);
bool portsOverlap(const model::Port& a, const model::Port& b);
// Empty lists mean every port.
bool portListsOverlap(const std::vector<model::Port>& a, const std::vector<model::Port>& b);
// A named port is resolved on each pod at run time, so it may be any number:
// the first named port of one list and numbered port (or range) of the other,
// of the same protocol, as {named, number}; {nullptr, nullptr} when there is
// none. portsOverlap() cannot decide these pairs.
std::pair<const model::Port*, const model::Port*> namedPortAndNumber(const std::vector<model::Port>& a,
                                                                     const std::vector<model::Port>& b);
// `ports` as they are on the pods of `dest` when it is a service that
// declares its container ports (`ports { }`): a named port it declares
// becomes that number, one it does not declare matches none of its pods and
// is left out; otherwise `ports` unchanged. Sets `matchesNothing` when every
// port was left out (the list then allows nothing there, not every port).
std::vector<model::Port> portsOnPods(const model::Program& p, const model::Peer& dest,
                                     const std::vector<model::Port>& ports, bool& matchesNothing);

inline bool namedPortMayMeetNumber(const std::vector<model::Port>& a, const std::vector<model::Port>& b) {
  return namedPortAndNumber(a, b).first != nullptr;
}

}  // namespace nplc::analysis

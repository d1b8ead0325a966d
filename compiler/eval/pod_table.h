#pragma once
// What an evaluator computed once per pod of its cluster (the policies that
// select it, its identity), found again for a pod given by a caller: pods
// are known by "ns/name", and a caller's pod object, once seen, by its
// address (the matrix asks millions of times about the same few thousand
// pods). Not thread-safe: the address cache fills in const lookups.
#include <string>
#include <unordered_map>
#include <utility>

#include "eval/cluster.h"

namespace nplc::eval {

template <class T>
class PodTable {
 public:
  PodTable() = default;
  // A copy starts with no addresses: they point into the original's entries.
  PodTable(const PodTable& o) : byKey_(o.byKey_) {}
  PodTable& operator=(const PodTable& o) {
    byKey_ = o.byKey_;
    byAddress_.clear();
    return *this;
  }

  T& put(const Pod& pod, T value) {
    auto& slot = byKey_[pod.key()];
    slot = {pod.ns, pod.name, std::move(value)};
    return slot.value;
  }

  // The entry of a pod with the same namespace and name, or nullptr.
  const T* find(const Pod& pod) const {
    const auto seen = byAddress_.find(&pod);
    if (seen != byAddress_.end() && seen->second->ns == pod.ns && seen->second->name == pod.name)
      return &seen->second->value;
    const auto it = byKey_.find(pod.key());
    if (it == byKey_.end()) return nullptr;
    byAddress_[&pod] = &it->second;
    return &it->second.value;
  }

 private:
  struct Entry {
    std::string ns, name;
    T value;
  };
  std::unordered_map<std::string, Entry> byKey_;  // nodes never move
  mutable std::unordered_map<const Pod*, const Entry*> byAddress_;
};

}  // namespace nplc::eval

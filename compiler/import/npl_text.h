#pragma once
// NPL spellings of what a NetworkPolicy says: selectors, ports, names.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "eval/network_policy.h"

namespace nplc::import {

// A namespace or service name NPL can write as it is (a DNS label that is
// not a reserved word).
bool writableName(const std::string& name);

// `{ app: api, tier in (a, b), !canary }`; nullopt when a key cannot be
// written in NPL (a key part that is a reserved word), with `why` set.
std::optional<std::string> selectorText(const eval::LabelSelector& sel, std::string& why);

// `8080`, `53/udp`, `7000-7010`, `http`, `*/tcp`, comma-separated; empty: every port.
std::string portsText(const std::vector<eval::PolicyPort>& ports);

// A service name for pods selected by `sel`: the value of `app` or
// `app.kubernetes.io/name` (or `k8s-app`, as kube-dns has) when present, otherwise made from the selector.
// `fromApp` says which. Never one of `taken`; always a valid NPL name.
std::string serviceName(const eval::LabelSelector& sel, const std::set<std::string>& taken, bool& fromApp);

// A valid NPL name made from `raw` (`*.stripe.com` -> `stripe-com`), never
// one of `taken`: a suffix -2, -3… when it is.
std::string uniqueName(const std::string& raw, const std::set<std::string>& taken);

}  // namespace nplc::import

#pragma once
// Model values in words and in NPL notation, for the documentation targets
// (docs, dot). One wording everywhere, so a page, a table and a diagram label
// say the same thing about the same rule.
#include <string>
#include <vector>

#include "model/model.h"

namespace nplc::model {

// "8080/TCP", "7000-7010/TCP", "http/TCP" (named port), "every UDP port".
std::string portText(const model::Port& port);
// The ports joined with ", "; no port is "every port and protocol".
std::string portsText(const std::vector<model::Port>& ports);
// "GET /api/*, POST /orders"; empty when there is none.
std::string httpText(const std::vector<model::HttpRule>& rules);

// A selector in NPL notation: "app: api, tier in (a, b), !canary"; empty
// selects everything and is "" (callers say what "everything" means there).
std::string selectorNpl(const model::LabelSelector& sel);

// A peer in NPL notation as it would be written inside namespace `here`
// (kNone: outside every namespace, so services are always qualified):
// "api", "frontend/web", "*", "production/*", "*/*", "pods { app: x } in ns",
// "namespaces { team: a }", "any", or the external's name.
std::string peerNpl(const model::Program& p, const model::Peer& peer, model::Index here);

// What an ipBlock / FQDN / entity peer covers: "203.0.113.0/24 except
// 203.0.113.100/32", "api.stripe.com", "entity kube-apiserver".
std::string externalValue(const model::Peer& peer);

// A one-sided edge says so: "ingress side only" / "egress side only"; "" otherwise.
std::string sidesText(const model::Edge& e);

}  // namespace nplc::model

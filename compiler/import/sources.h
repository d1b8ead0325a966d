#pragma once
// Each kind of policy object read into the Importer (importer.h).
#include <initializer_list>
#include <string>

#include "import/importer.h"
#include "import/read.h"

namespace nplc::import {

// Every policy is read twice: first its subject and isolation (and the gaps
// of the policy as a whole), then, once every policy's isolation is known,
// its rules (`rulesPass`).
// A NetworkPolicy (network_policy.cpp).
void addNetworkPolicy(Importer& im, const SourcePolicy& sp, bool rulesPass);
// A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy (cilium.cpp).
void addCiliumPolicy(Importer& im, const SourcePolicy& sp, bool rulesPass);

// The service of an object nplc wrote (annotation nplc.dev/source), named
// SERVICE followed by one of `suffixes` (`-ingress`, `-egress`, …): importing
// nplc's output keeps its names. "" for any other object.
std::string nplcServiceName(const SourcePolicy& sp, std::initializer_list<const char*> suffixes);

}  // namespace nplc::import

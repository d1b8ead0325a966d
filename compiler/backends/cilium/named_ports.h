#pragma once
// W0103: Cilium resolves an egress rule's named port from the ports other
// pods declare, not from the destination pod alone as NetworkPolicy does;
// where pods give the name different numbers the two targets differ.
#include "backends/cilium/context.h"

namespace nplc::backends::cilium {

void checkEgressNamedPorts(Context& cx);

}  // namespace nplc::backends::cilium

#!/usr/bin/env bash
# The targets scripts/setup.sh builds the example examples/NAME/ for:
#   scripts/example-targets.sh NAME
# kubernetes, cilium and docs; an example that needs more (cluster-scope
# blocks need cluster-network-policy) lists its targets beside its golden
# output, tests/golden/examples/NAME/targets, which the suite builds it for
# too. cli/targets builds every example with what this prints.
set -euo pipefail
cd "$(dirname "$0")/.."
own=tests/golden/examples/$1/targets
if [ -f "$own" ]; then head -n1 "$own"; else echo kubernetes,cilium,docs; fi

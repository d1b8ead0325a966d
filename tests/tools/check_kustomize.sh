#!/usr/bin/env bash
# kubectl kustomize accepts the generated kustomization.yaml and yields every
# policy file once. Skips (77) where kubectl is not installed.
set -euo pipefail
nplc=$1 example=$2
command -v kubectl >/dev/null || { echo "kubectl not installed: skipped"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$nplc" build "$example" -o "$out" 2>/dev/null
files=$(find "$out/kubernetes" -name '*.yaml' ! -name kustomization.yaml | wc -l)
docs=$(kubectl kustomize "$out/kubernetes" | grep -c '^kind: NetworkPolicy$')
echo "$files policy files, $docs NetworkPolicy documents from kustomize"
[ "$files" -eq "$docs" ] && [ "$files" -gt 0 ]

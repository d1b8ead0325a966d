#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml), one per argument, so that the
# suite runs them offline against a fixture (tests/tools/check_action.py).
# Settings come from the environment action.yml sets: NPLC_DEB, NPLC_OUTPUT,
# NPLC_BASE, NPLC_PR; GITHUB_OUTPUT as on GitHub.
set -euo pipefail

step="${1:?usage: action.sh install|build-check|check|test|diff|comment}"
case "$step" in
  install)
    # nplc from the .deb given (cpack builds it, docs/ci.md), else the one on PATH.
    if [[ -n "${NPLC_DEB:-}" ]]; then
      sudo apt-get install -y "$(realpath "$NPLC_DEB")"
    fi
    command -v nplc >/dev/null || { echo "nplc is not installed: give the action's 'deb' input" >&2; exit 1; }
    nplc --version
    ;;
  build-check)
    nplc build -o "${NPLC_OUTPUT:?}" --check
    ;;
  check)
    # SARIF for code scanning; the summary on stderr. The file is uploaded
    # even when the check fails, so the exit status is kept for the end.
    status=0
    nplc check --format sarif > nplc.sarif || status=$?
    nplc check --format github || true
    exit "$status"
    ;;
  test)
    nplc test
    ;;
  diff)
    base="${NPLC_BASE:?the revision to compare with: the base of the pull request}"
    git rev-parse --verify --quiet "$base^{commit}" >/dev/null || git fetch --no-tags --depth=1 origin "$base"
    status=0
    nplc diff "$base" --format markdown --exit-code > nplc-diff.md || status=$?
    if [[ "$status" -gt 1 ]]; then exit "$status"; fi
    echo "access-changed=$([[ "$status" == 1 ]] && echo true || echo false)" >> "${GITHUB_OUTPUT:-/dev/null}"
    cat nplc-diff.md >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
    ;;
  comment)
    # One comment per pull request, edited on each push.
    pr="${NPLC_PR:?the number of the pull request}"
    gh pr comment "$pr" --body-file nplc-diff.md --edit-last 2>/dev/null || gh pr comment "$pr" --body-file nplc-diff.md
    ;;
  *)
    echo "action.sh: unknown step '$step'" >&2
    exit 2
    ;;
esac

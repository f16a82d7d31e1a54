#!/usr/bin/env bash
# Provision one mailbridge profile from scratch, non-interactively, and gate on the checks
# (issue #8). Everything the setup wizard does, from files and pipes — for an RMM, Ansible
# or a plain shell. Secrets arrive on stdin only (never argv, never the profile file).
#
# Usage:
#   PROFILE_FILE=contoso.json PROFILE=contoso SYNC_PASSWORD_FILE=/root/contoso.pw \
#     STAFF="anna@contoso.com bob@contoso.com" ./provision.sh
#   (STAFF=all enables every staff member the profile file lists.)
#
# Exit codes follow mailbridge's: 0 ok, 1 a check or step failed, 2 bad input.
# With an agent running (systemd unit), every step goes through it; without one, the
# commands write in-process under the profile lock.
set -euo pipefail

: "${PROFILE_FILE:?set PROFILE_FILE to the profile JSON (see docs/examples/*-profile.json)}"
: "${PROFILE:?set PROFILE to the profile name inside PROFILE_FILE}"
: "${STAFF:?set STAFF to the mailboxes to sync (space-separated), or all}"
MB=${MAILBRIDGE:-mailbridge}

echo "1/5 validate ${PROFILE_FILE}"
"$MB" profile validate "$PROFILE_FILE" --json > /dev/null

echo "2/5 import (atomic; --replace overwrites an existing profile of that name)"
"$MB" profile import "$PROFILE_FILE" --replace --json > /dev/null

echo "3/5 secrets from stdin"
if [[ -n "${SYNC_PASSWORD_FILE:-}" ]]; then
  "$MB" secrets set "$PROFILE" password --stdin < "$SYNC_PASSWORD_FILE"
fi
if [[ -n "${CLIENT_SECRET_FILE:-}" ]]; then
  "$MB" secrets set "$PROFILE" clientSecret --stdin < "$CLIENT_SECRET_FILE"
fi

echo "4/5 enable staff (EX-15: never automatic)"
if [[ "$STAFF" == all ]]; then
  "$MB" staff enable "$PROFILE" --all --json > /dev/null
else
  # shellcheck disable=SC2086 # one argument per mailbox on purpose
  "$MB" staff enable "$PROFILE" $STAFF --json > /dev/null
fi

echo "5/5 connection checks (gate)"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if ! "$MB" check "$PROFILE" --json > "$report"; then
  echo "checks failed for ${PROFILE}; nothing will sync until they pass:" >&2
  # The failing checks with their diagnosis code and first fix step (jq if present).
  if command -v jq > /dev/null; then
    jq -r '.checks[] | select(.status == "fail") | "  \(.id): \(.summary) [\(.diagnosis.code)] fix: \(.diagnosis.fix[0])"' "$report" >&2
  else
    cat "$report" >&2
  fi
  exit 1
fi

echo "ready: ${PROFILE} passes its checks"
# Optional first sync now instead of waiting for the interval:
#   "$MB" sync "$PROFILE" --once --json
if "$MB" status --json > /dev/null 2>&1; then
  echo "the agent runs: it syncs ${PROFILE} on its interval"
else
  echo "no agent runs yet: start it (sudo systemctl enable --now mailbridge-agent) to sync ${PROFILE}"
fi

#!/usr/bin/env bash
# Started by keytar-secret-store.test.ts as `dbus-run-session -- bash keytar-session.sh`:
# a private gnome-keyring, unlocked with a throwaway password (an empty one cannot create
# the login keyring), then the Node program against it. XDG_DATA_HOME and
# XDG_RUNTIME_DIR point into the test's temp directory, so no real keyring is touched.
set -euo pipefail
eval "$(printf %s "mailbridge-test-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
exec "${NODE_BIN:-node}" "$(dirname "$0")/keytar-session-program.mjs"

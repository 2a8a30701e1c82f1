#!/usr/bin/env bash
# Makes sure Debian's `chromium` is installed (for the headless browser test of the local gateway's
# page). Idempotent: does nothing when it is already there. Needs root (or passwordless sudo) and
# access to the Debian archive; prints the browser's path on success.
set -euo pipefail

find_chromium() {
  for candidate in "${CHROMIUM_PATH:-}" chromium chromium-browser /usr/bin/chromium /usr/lib/chromium/chromium; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
  done
  return 1
}

if path="$(find_chromium)"; then
  echo "$path"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "ensure-chromium: chromium is not installed and this user cannot install it; run: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

# One installer at a time (tests may call this in parallel).
exec 9>/tmp/ensure-chromium.lock
flock 9
if path="$(find_chromium)"; then echo "$path"; exit 0; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends chromium >&2 || { $SUDO apt-get update >&2 && $SUDO apt-get install -y --no-install-recommends chromium >&2; }
find_chromium

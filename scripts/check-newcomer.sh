#!/usr/bin/env bash
# The newcomer check (issue 9): clone the repository into a temporary folder and run the README's
# two set-up commands exactly as written (the first code block of README.md), on the Node version
# package.json declares (scripts/node-22.sh), failing if either fails or prints an EBADENGINE or a
# runtime warning (deprecation, Node version support, MaxListenersExceeded) (issue 15).
# Usage: npm run check:newcomer [-- <git ref, default HEAD>]
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
ref=${1:-HEAD}
work=$(mktemp -d "${TMPDIR:-/tmp}/semantest-newcomer.XXXXXX")
trap 'rm -rf "$work"' EXIT

git clone --quiet --no-hardlinks "$repo" "$work/clone"
git -C "$work/clone" checkout --quiet "$ref"
# The repository expects ../shared beside it only for design documents; nothing reads it at run time.

# The first ```bash block of the README: one command per line, comments stripped.
mapfile -t commands < <(awk '/^```bash$/{inside=1; next} /^```$/{if(inside){exit}} inside' "$work/clone/README.md" | sed -E 's/[[:space:]]+#.*$//' | sed '/^[[:space:]]*$/d')
if [ "${#commands[@]}" -lt 2 ]; then
  echo "check:newcomer: expected two set-up commands in README.md's first bash block, found ${#commands[@]}" >&2
  exit 1
fi

PATH="$(bash "$repo/scripts/node-22.sh"):$PATH"
export PATH
echo "== node $(node --version)"
warnings='EBADENGINE|DeprecationWarning|NodeVersionSupportWarning|MaxListenersExceededWarning'

status=0
for command in "${commands[@]}"; do
  echo "== $command"
  start=$(date +%s)
  if (cd "$work/clone" && CI=true bash -c "$command" > "$work/out.log" 2>&1); then
    echo "   ok in $(( $(date +%s) - start )) s"
    if grep -E "$warnings" "$work/out.log" >&2; then
      echo "   FAILED: the lines above are warnings a newcomer would see" >&2
      status=1
    fi
  else
    echo "   FAILED after $(( $(date +%s) - start )) s; last lines:" >&2
    tail -n 40 "$work/out.log" >&2
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# Replays `winparity diff C~1 C` over the last N first-parent commits of a repository, as a CI
# job on every merge would run it, and lists each commit where the gate trips with its reasons.
#
#   scripts/replay.sh REPO N [WINPARITY]   (REPO: a git directory, bare or not)
#
# Prints one line per commit: `trip`/`pass`/`error`, the short commit, its subject; under a
# trip, the gate's reasons. Ends with the counts. Exit 0 unless winparity fails (exit 2).
set -euo pipefail
repo="$1"
n="$2"
wp="${3:-$(cd "$(dirname "$0")/.." && pwd)/target/release/winparity}"
trips=0
passes=0
errors=0
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for c in $(git -C "$repo" rev-list --first-parent -n "$n" HEAD); do
  subject="$(git -C "$repo" log -1 --format=%s "$c")"
  rc=0
  "$wp" diff "$c~1" "$c" --repo "$repo" --format json -q >"$out" 2>"$out.err" || rc=$?
  case "$rc" in
    0) passes=$((passes + 1)); echo "pass  ${c:0:12}  $subject" ;;
    1)
      trips=$((trips + 1))
      echo "trip  ${c:0:12}  $subject"
      python3 -c 'import json,sys; [print("        " + r) for r in json.load(open(sys.argv[1]))["gate"]["reasons"]]' "$out"
      ;;
    *) errors=$((errors + 1)); echo "error ${c:0:12}  $subject: $(head -c 300 "$out.err")" ;;
  esac
done
rm -f "$out.err"
echo "$n commits: $trips trips, $passes passes, $errors errors"
[ "$errors" -eq 0 ]

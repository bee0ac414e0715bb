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
  esac
  case "$rc" in
    0|1)
      # What the change did to APIs, by kind, when it did anything: the reading list for
      # judging a pass as much as a trip.
      python3 - "$out" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
parts = []
for k in ("worse", "better", "new_gaps"):
    if s.get(k):
        parts.append(f"{k}={s[k]}")
for k in ("added", "removed"):
    if d[k]:
        c = collections.Counter(x["status"] + ("/test-support" if x.get("test_support") else "") for x in d[k])
        parts.append(f"{k}=" + ",".join(f"{n} {st}" for st, n in sorted(c.items())))
if d.get("moved"):
    parts.append(f"moved={len(d['moved'])}")
worse = [c for c in d["changed"] if c["from"] != c["to"]]
if worse:
    parts.append("changed=" + ",".join(f"{c['id']} {c['from']}->{c['to']}" for c in worse[:5]))
if parts:
    print("        " + "; ".join(parts))
PY
      ;;
    *) errors=$((errors + 1)); echo "error ${c:0:12}  $subject: $(head -c 300 "$out.err")" ;;
  esac
done
rm -f "$out.err"
echo "$n commits: $trips trips, $passes passes, $errors errors"
[ "$errors" -eq 0 ]

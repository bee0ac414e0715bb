#!/usr/bin/env bash
# Compares the outputs of two winparity builds byte for byte: the proof that a refactoring
# changed no behaviour. Every report format of each tree, diff and history on a repository.
#
#   scripts/compare_builds.sh OLD_BIN NEW_BIN [TREE...]
#
# TREEs default to the fixtures; give real trees too (moby with and without vendor:
# `moby:vendor` scans with --vendor). With REPO set to a git directory, `diff` of its last two
# first-parent commits and `history --last 3` are compared as well.
# Prints one line per comparison; exits 1 when any output differs.
set -uo pipefail
old="$1"
new="$2"
shift 2
here="$(cd "$(dirname "$0")/.." && pwd)"
trees=("$@")
if [ "${#trees[@]}" -eq 0 ]; then
  trees=("$here/fixtures/dockerlike" "$here/fixtures/catalogue" "$here/fixtures/reach"
    "$here/fixtures/dockeridioms" "$here/fixtures/constraints")
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
differ=0
same=0
check() { # NAME ARGS...
  local name="$1"
  shift
  "$old" "$@" >"$work/old" 2>"$work/old.err"
  local ro=$?
  "$new" "$@" >"$work/new" 2>"$work/new.err"
  local rn=$?
  if [ "$ro" = "$rn" ] && cmp -s "$work/old" "$work/new" && cmp -s "$work/old.err" "$work/new.err"; then
    same=$((same + 1))
    printf 'same    %s (%s bytes, exit %s)\n' "$name" "$(wc -c <"$work/new")" "$rn"
  else
    differ=$((differ + 1))
    printf 'DIFFERS %s (exit %s vs %s)\n' "$name" "$ro" "$rn"
    diff <(head -c 2000000 "$work/old") <(head -c 2000000 "$work/new") | head -5
  fi
}
for t in "${trees[@]}"; do
  flags=()
  dir="$t"
  case "$t" in *:vendor) dir="${t%:vendor}"; flags=(--vendor) ;; esac
  for f in json markdown html sarif github table; do
    check "$t $f" scan "$dir" "${flags[@]}" --format "$f"
  done
  check "$t explain" explain ContainerChanges "$dir" "${flags[@]}"
done
if [ -n "${REPO:-}" ]; then
  c="$(git -C "$REPO" rev-parse HEAD)"
  for f in json markdown table sarif github; do
    check "diff HEAD~1 HEAD $f" diff "$c~1" "$c" --repo "$REPO" --format "$f"
  done
  check "history --last 3 json" history --repo "$REPO" --last 3 --format json --no-cache
  check "history --last 3 markdown" history --repo "$REPO" --last 3 --format markdown --no-cache
fi
# What goes wrong says the same.
check "error: no such tree" scan "$work/none"
check "error: not a repository" scan "$work" --rev HEAD
check "error: unknown flag value" scan "${trees[0]%:vendor}" --platforms plan10
if [ -n "${REPO:-}" ]; then
  check "error: unknown revision" scan "$REPO" --rev no-such-revision
  check "error: a side that is no report" diff "$here/Cargo.toml" HEAD --repo "$REPO"
fi
echo "$same same, $differ differ"
[ "$differ" -eq 0 ]

#!/usr/bin/env bash
# Regenerates the goldens made by Go — tests/gobuild (go/build.MatchFile) and tests/goref (the
# Go reference of docs/RULES.md) — with this machine's Go toolchain, or checks them.
#
#   tests/gobuild/regen.sh           rewrite every golden listed in GOLDENS below
#   tests/gobuild/regen.sh --check   regenerate into a temporary directory and compare with the
#                                    committed goldens; exit 1 (with a diff) when any differs
#
# Works from any directory (paths below are relative to the repository root).
# Exit codes: 0 ok, 1 a golden differs (--check), 2 error (no `go` on PATH, generator failed, ...).
set -euo pipefail

# One entry per golden: "TREE GOLDEN [CONFIGS]" (CONFIGS defaults to tests/gobuild/configs.json).
GOLDENS=(
  "fixtures/constraints tests/golden/constraints.json"
)
DEFAULT_CONFIGS="tests/gobuild/configs.json"

# One entry per goref golden: "TREE GOLDEN [GOREF FLAGS...]".
GOREF=(
  "fixtures/dockerlike tests/golden/dockerlike.json"
  "fixtures/dockerlike tests/golden/dockerlike-darwin.json -platforms linux,windows,darwin/arm64"
  "fixtures/constraints tests/golden/constraints-apis.json"
  "fixtures/catalogue tests/golden/catalogue.json"
  "fixtures/dockeridioms tests/golden/dockeridioms.json"
  "fixtures/reach tests/golden/reach.json"
  "fixtures/features tests/golden/features.json"
  "fixtures/cli tests/golden/cli.json"
)

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
}

check=0
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "regen.sh: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
  esac
done

if ! command -v go >/dev/null 2>&1; then
  echo "regen.sh: the Go toolchain ('go') is not on PATH; it is needed to generate the go/build goldens" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

go_version="$(go env GOVERSION 2>/dev/null || true)"
echo "regen.sh: using $(command -v go) (${go_version:-unknown version})" >&2

# Build the generator once. GOTOOLCHAIN=local: never download another toolchain.
if ! (cd "$here" && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false go build -o "$tmp/gobuild" .); then
  echo "regen.sh: could not build the generator in tests/gobuild" >&2
  exit 2
fi

if ! (cd "$here/../goref" && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false go build -o "$tmp/goref" .); then
  echo "regen.sh: could not build the reference in tests/goref" >&2
  exit 2
fi

status=0
for entry in "${GOLDENS[@]}" "${GOREF[@]/#/goref }"; do
  out="$tmp/out.json"
  if [[ "$entry" == goref\ * ]]; then
    read -r _ tree golden flags <<<"$entry"
    # shellcheck disable=SC2086 # flags are words
    if ! (cd "$repo/$tree" && "$tmp/goref" $flags . >"$out"); then
      echo "regen.sh: goref failed for $tree $flags" >&2
      exit 2
    fi
  else
    read -r tree golden configs <<<"$entry"
    configs="${configs:-$DEFAULT_CONFIGS}"
    if ! "$tmp/gobuild" -root "$repo/$tree" -configs "$repo/$configs" >"$out"; then
      echo "regen.sh: generator failed for $tree" >&2
      exit 2
    fi
  fi
  if [ "$check" = 1 ]; then
    if [ ! -f "$repo/$golden" ]; then
      echo "regen.sh: MISSING $golden (tree $tree)" >&2
      status=1
    elif cmp -s "$out" "$repo/$golden"; then
      echo "regen.sh: ok $golden" >&2
    else
      echo "regen.sh: DIFFERS $golden (tree $tree, configs $configs)" >&2
      committed_version="$(sed -n 's/^  "go_version": "\(.*\)",$/\1/p' "$repo/$golden" | head -n 1)"
      if [ -n "$go_version" ] && [ "$committed_version" != "$go_version" ]; then
        echo "regen.sh: note: $golden was made with $committed_version, this machine has $go_version" >&2
      fi
      diff -u -L "$golden (committed)" -L "$golden (regenerated)" "$repo/$golden" "$out" || true
      status=1
    fi
  else
    mkdir -p "$(dirname "$repo/$golden")"
    cp "$out" "$repo/$golden"
    echo "regen.sh: wrote $golden" >&2
  fi
done

# settle MADE TARGET: with --check, compare MADE with the committed TARGET (a diff when they
# differ); else write it there.
settle() {
  if [ "$check" = 1 ]; then
    if cmp -s "$1" "$repo/$2"; then
      echo "regen.sh: ok $2" >&2
    else
      echo "regen.sh: DIFFERS $2" >&2
      diff -u "$repo/$2" "$1" | head -40 || true
      status=1
    fi
  else
    cp "$1" "$repo/$2"
    echo "regen.sh: wrote $2" >&2
  fi
}

# Go's own call graph of the features, functypes and flows fixtures (tests/callgraph: go/packages, SSA, static and
# VTA), and the errors Go's compiler reports when Windows' sampleCPU is renamed away.
if ! (cd "$here/../callgraph" && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false go build -o "$tmp/callgraph" .); then
  echo "regen.sh: could not build the call-graph reference in tests/callgraph" >&2
  exit 2
fi
if ! (cd "$repo/fixtures/features" && "$tmp/callgraph" . >"$tmp/features-calls.json"); then
  echo "regen.sh: callgraph failed for fixtures/features" >&2
  exit 2
fi
if ! (cd "$repo/fixtures/functypes" && "$tmp/callgraph" . >"$tmp/functypes-calls.json"); then
  echo "regen.sh: callgraph failed for fixtures/functypes" >&2
  exit 2
fi
if ! (cd "$repo/fixtures/flows" && "$tmp/callgraph" . >"$tmp/flows-calls.json"); then
  echo "regen.sh: callgraph failed for fixtures/flows" >&2
  exit 2
fi
cp -r "$repo/fixtures/features" "$tmp/broken"
sed -i 's/^func sampleCPU(/func sampleCPURenamed(/' "$tmp/broken/daemon/cpu_windows.go"
# The names Go's compiler reports undefined when DIR is built for Windows, into OUT, sorted:
# `-gcflags=-e` gives every error, not the first ten; `daemon/stats.go:5:9: undefined: X`
# becomes `daemon/stats.go:5: undefined: X`, and so does Go's other wording of it, for a name in
# an array's length (`undefined array length X or missing type constraint`). None at all is an error.
undefined_on_windows() { # DIR OUT WHAT
  (cd "$1" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=off \
    go build -gcflags=-e ./... 2>&1 || true) |
    sed -n -e 's|^\(\./\)\{0,1\}\([^:]*\):\([0-9]*\):[0-9]*: undefined: \(.*\)$|\2:\3: undefined: \4|p' \
      -e 's|^\(\./\)\{0,1\}\([^:]*\):\([0-9]*\):[0-9]*: undefined array length \([^ ]*\) or missing type constraint$|\2:\3: undefined: \4|p' |
    sort >"$2"
  if [ ! -s "$2" ]; then
    echo "regen.sh: go build reported no undefined name in $3" >&2
    exit 2
  fi
}
undefined_on_windows "$tmp/broken" "$tmp/features-breaks.txt" "the broken copy of fixtures/features"
settle "$tmp/features-calls.json" tests/golden/features-calls.json
settle "$tmp/functypes-calls.json" tests/golden/functypes-calls.json
settle "$tmp/flows-calls.json" tests/golden/flows-calls.json
settle "$tmp/features-breaks.txt" tests/golden/features-breaks.txt

# What Go's compiler reports on fixtures/breaks built for Windows (references to Linux-only
# names from package-level declarations, `.` imports, bodies).
undefined_on_windows "$repo/fixtures/breaks" "$tmp/breaks-go.txt" "fixtures/breaks"
settle "$tmp/breaks-go.txt" tests/golden/breaks-go.txt

# The table of tag characters, from this toolchain's unicode tables.
"$tmp/gobuild" -tagchars >"$tmp/tagchars.rs"
settle "$tmp/tagchars.rs" src/gobuild/tagchars.rs

if [ "$status" != 0 ]; then
  echo "regen.sh: goldens are out of date; run tests/gobuild/regen.sh and review the diff" >&2
fi
exit "$status"

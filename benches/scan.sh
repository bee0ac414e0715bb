#!/usr/bin/env bash
# Times `winparity scan --format json` on a Go tree beside `rg` answering the articles'
# questions by hand, in the same run (hyperfine, warm page cache), and measures peak RSS.
#
#   benches/scan.sh TREE
#
# Paste the figures into BENCHMARKS.md with the machine and the date. Installs ripgrep and
# hyperfine (Debian packages) when missing.
set -euo pipefail
tree="$(cd "${1:?usage: benches/scan.sh TREE}" && pwd)"
cd "$(dirname "$0")/.."
for tool in rg hyperfine; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq ripgrep hyperfine >/dev/null
  fi
done
cargo build --release --quiet
wp="$PWD/target/release/winparity"
all=$(find "$tree" -name '*.go' -type f | wc -l)
novendor=$(find "$tree" -path '*/vendor' -prune -o -name '*.go' -type f -print | wc -l)
echo "tree: $tree: $novendor .go files without vendor/, $all with"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(rg --version | head -1); $("$wp" --version); $(date -u +%F)"
echo

hyperfine --warmup 3 --runs 20 --style basic \
  -n "winparity scan --format json" "$wp scan $tree --format json" \
  -n "rg -l '//go:build' (no vendor)" "rg -l //go:build -g '*.go' -g '!vendor' $tree" \
  -n "rg: the articles' two greps (no vendor)" "rg -l '// \+build !windows' -g '*.go' -g '!vendor' $tree; rg -n 'runtime.GOOS == \"windows\"' -g '*.go' -g '!vendor' $tree" \
  -n "winparity scan --vendor --format json" "$wp scan $tree --vendor --format json" \
  -n "rg -l '//go:build' (with vendor)" "rg -uu -l //go:build -g '*.go' $tree" \
  -n "rg: the articles' two greps (with vendor)" "rg -uu -l '// \+build !windows' -g '*.go' $tree; rg -uu -n 'runtime.GOOS == \"windows\"' -g '*.go' $tree"

echo
for v in "" "--vendor"; do
  /usr/bin/time -f "peak RSS winparity scan $v --format json: %M KB" "$wp" scan "$tree" $v --format json >/dev/null
done

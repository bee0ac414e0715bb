#!/usr/bin/env bash
# Validate SARIF files with Microsoft's SARIF Multitool, the official SARIF
# validator (npm package @microsoft/sarif-multitool).
#
#   tests/sarif/validate.sh FILE...
#
# For each FILE this prints the validator's output and then a one-line
# verdict. It exits 0 only if every file has no error-level findings.
# Exit codes: 0 = all valid, 1 = a file has errors or the validator
# failed, 2 = usage error or the tool could not be installed.
#
# Environment (all optional):
#   SARIF_MULTITOOL_VERSION   npm version to use (default 5.7.0)
#   SARIF_MULTITOOL_DIR       install dir (default <repo>/target/sarif-multitool)
#   SARIF_RULE_KINDS          --rule-kind value (default "Sarif;Gh": the SARIF
#                             rules plus GitHub code scanning ingestion rules)
#   SARIF_SCHEMA              if set, validate against this schema file (-j)
#                             instead of the copy built into the tool
#   SARIF_FAIL_ON_WARNINGS=1  treat warning-level findings as failures too
#
# Why it does not just run `npx @microsoft/sarif-multitool validate FILE`:
#  * The tool exits 0 even when it reports schema or rule errors (with or
#    without --rich-return-code true), so the exit code cannot be trusted.
#    This script has the tool write its findings to a SARIF file (--output)
#    and counts the error-level results in that file.
#  * The npm wrapper (bin.js) calls the native binary with
#    spawnSync(..., {shell: true}). That means /bin/sh parses the arguments
#    again: ';' in "Sarif;Gh" splits the command, and paths with spaces
#    break. So this script calls the native binary directly.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 FILE.sarif..." >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
dir="${SARIF_MULTITOOL_DIR:-$repo/target/sarif-multitool}"
rule_kinds="${SARIF_RULE_KINDS:-Sarif;Gh}"
fail_on_warnings="${SARIF_FAIL_ON_WARNINGS:-0}"

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "validate.sh: '$tool' not found on PATH" >&2; exit 2; }
done

installed_version() {
  node -e 'try { console.log(require(process.argv[1] + "/node_modules/@microsoft/sarif-multitool/package.json").version) } catch (e) {}' "$dir"
}

if [ "$(installed_version)" != "$version" ]; then
  echo "validate.sh: installing @microsoft/sarif-multitool@$version into $dir" >&2
  mkdir -p "$dir"
  # npm installs the platform-specific optional dependency
  # (@microsoft/sarif-multitool-linux/-darwin/-win32) next to the wrapper.
  # It is about 44 MB to download, and the registry is the only network
  # access needed.
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "@microsoft/sarif-multitool@$version" >&2 ||
    { echo "validate.sh: npm install failed" >&2; exit 2; }
fi

# The wrapper's index.js returns the path of the native executable for this platform.
mt="$(node -e 'console.log(require(require.resolve("@microsoft/sarif-multitool", {paths: [process.argv[1]]})))' "$dir")" ||
  { echo "validate.sh: cannot locate the Sarif.Multitool binary under $dir" >&2; exit 2; }
# The package's postinstall step is what makes the binary executable, and
# npm skips that step when ignore-scripts is set.
[ -x "$mt" ] || chmod u+x "$mt"

work="$(mktemp -d "${TMPDIR:-/tmp}/sarif-validate.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Reads the tool's output log. Prints a summary and exits non-zero on failure.
# A result with no "level" is a warning by SARIF default, and a result whose
# kind is not "fail" is not a finding.
count_js='
const fs = require("fs");
const [out, failOnWarnings] = process.argv.slice(1);
let log;
try { log = JSON.parse(fs.readFileSync(out, "utf8")); }
catch (e) { console.log("validator wrote no readable output log: " + e.message); process.exit(1); }
let errors = 0, warnings = 0, notes = 0, execFailed = false;
for (const run of log.runs || []) {
  for (const r of run.results || []) {
    if ((r.kind || "fail") !== "fail") continue;
    const level = r.level || "warning";
    if (level === "error") errors++; else if (level === "warning") warnings++; else if (level === "note") notes++;
  }
  for (const inv of run.invocations || []) {
    if (inv.executionSuccessful === false) execFailed = true;
    for (const n of [...(inv.toolExecutionNotifications || []), ...(inv.toolConfigurationNotifications || [])]) {
      if ((n.level || "warning") === "error") execFailed = true;
    }
  }
}
console.log(`errors=${errors} warnings=${warnings} notes=${notes}` + (execFailed ? " (validator reported a run failure)" : ""));
process.exit(errors > 0 || execFailed || (failOnWarnings === "1" && warnings > 0) ? 1 : 0);
'

status=0
n=0
for f in "$@"; do
  n=$((n + 1))
  echo "==> $f"
  if [ ! -f "$f" ]; then
    echo "FAIL $f: no such file"
    status=1
    continue
  fi
  out="$work/out-$n.sarif"
  args=(validate "$f" --output "$out" --rule-kind "$rule_kinds")
  [ -n "${SARIF_SCHEMA:-}" ] && args+=(--json-schema "$SARIF_SCHEMA")
  rc=0
  "$mt" "${args[@]}" || rc=$?
  if summary="$(node -e "$count_js" "$out" "$fail_on_warnings")" && [ "$rc" -eq 0 ]; then
    echo "ok   $f: $summary"
  else
    echo "FAIL $f: $summary (exit code $rc)"
    status=1
  fi
done
exit "$status"

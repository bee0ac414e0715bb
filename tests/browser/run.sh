#!/usr/bin/env bash
# Runs tests/browser/interact.mjs on a report with the system's Chromium, installing
# puppeteer-core (pinned; it drives the browser over the DevTools protocol and downloads no
# browser of its own) into target/browser the first time.
#
#   tests/browser/run.sh CHROMIUM REPORT.html [SCRIPT.mjs]   (default interact.mjs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${PUPPETEER_CORE_VERSION:-25.16.0}"
dir="$repo/target/browser"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "run.sh: '$tool' not found on PATH" >&2; exit 2; }
done
installed="$(node -e 'try { console.log(require(process.argv[1] + "/node_modules/puppeteer-core/package.json").version) } catch (e) {}' "$dir")"
if [ "$installed" != "$version" ]; then
  echo "run.sh: installing puppeteer-core@$version into $dir" >&2
  mkdir -p "$dir"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$dir" --no-save --no-package-lock --no-audit \
    --no-fund --loglevel=error "puppeteer-core@$version" >&2 ||
    { echo "run.sh: npm install failed" >&2; exit 2; }
fi
exec node "$here/${3:-interact.mjs}" "$dir" "$1" "$2"

#!/bin/sh
# Bundles the browser phone (JsSIP from the npm registry, pinned by package-lock.json) with
# esbuild into the connector's classes; Maven runs it at generate-resources.
# Usage: build.sh <phone source dir> <npm work dir> <output dir>
set -eu
src=$1 work=$2 out=$3
if ! command -v npm >/dev/null 2>&1; then
  # The daemon still builds and runs; it serves no phone page (and says so at start).
  echo "WARNING: npm not found: browser phone not built (apt-get install npm; scripts/test.sh installs it)" >&2
  exit 0
fi
mkdir -p "$work" "$out"
cp "$src/package.json" "$src/package-lock.json" "$work/"
# Install only when the lock changed since the last build (a rebuild stays offline and fast).
if ! cmp -s "$src/package-lock.json" "$work/node_modules/.oavc-lock" 2>/dev/null; then
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$src/package-lock.json" "$work/node_modules/.oavc-lock"
fi
NODE_PATH="$work/node_modules" "$work/node_modules/.bin/esbuild" "$src/phone.js" \
  --bundle --minify --format=iife --target=chrome100,firefox100 --log-level=warning \
  --outfile="$out/phone.js"
cp "$src/index.html" "$src/phone.css" "$out/"

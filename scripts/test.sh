#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the Debian packages the tests need (when
# root and missing), then runs every module's tests with Maven. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(grep -v '^\s*#' scripts/test-packages.txt | grep -v '^\s*$')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm builds the browser phone; Node.js may come from Debian or elsewhere (NodeSource), so the
# command decides, not the package: installing Debian's npm over another Node.js would conflict.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing packages ${missing[*]} (run as root to install them); tests needing them skip" >&2
  fi
fi

exec mvn -B -ntp verify "$@"

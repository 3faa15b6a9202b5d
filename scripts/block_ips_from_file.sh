#!/usr/bin/env bash
# Blocks every address/prefix in FILE (one per line, '#' comments, blank lines ignored), in one
# request to the agent or one bpftool batch. All or nothing: a bad line blocks none.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"
usage() { echo "usage: $(basename "$0") FILE [TTL_SECONDS]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
[ -r "$1" ] || die "cannot read $1"
TTL=${2:-0}
[[ "$TTL" =~ ^[0-9]+$ ]] || usage
bad=0; n=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1)); c=${line%%#*}; c=$(echo "$c" | tr -d '[:space:]')
  [ -z "$c" ] && continue
  valid_cidr "$c" || { echo "$1:$n: not an IPv4/IPv6 address or prefix: $c" >&2; bad=1; }
done <"$1"
[ "$bad" = 0 ] || die "nothing blocked"
apply_list update block "$TTL" <"$1"

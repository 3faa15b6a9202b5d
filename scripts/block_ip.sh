#!/usr/bin/env bash
# Blocks an IPv4/IPv6 address or prefix at the XDP SIP filter, optionally for TTL seconds.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"
usage() { echo "usage: $(basename "$0") ADDRESS[/PREFIX] [TTL_SECONDS]   (TTL 0 or absent = permanent)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
TTL=${2:-0}
[[ "$TTL" =~ ^[0-9]+$ ]] || usage
valid_cidr "$1" || die "not an IPv4/IPv6 address or prefix: $1"
apply_list update block "$TTL" <<<"$1"

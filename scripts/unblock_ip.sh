#!/usr/bin/env bash
# Removes an address or prefix from the blocklist (or, with --allowlist, from the allowlist).
# Removing an absent entry is not an error.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"
usage() { echo "usage: $(basename "$0") ADDRESS[/PREFIX] [--allowlist]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
LIST=block
if [ $# -eq 2 ]; then [ "$2" = --allowlist ] || usage; LIST=allow; fi
valid_cidr "$1" || die "not an IPv4/IPv6 address or prefix: $1"
apply_list delete "$LIST" 0 <<<"$1"

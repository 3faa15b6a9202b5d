#!/usr/bin/env bash
# Blocks an IPv4/IPv6 address or prefix at the XDP SIP filter, optionally for TTL seconds.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"
add_one block "$@"

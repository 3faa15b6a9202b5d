#!/usr/bin/env bash
# Allowlists an IPv4/IPv6 address or prefix (trunks, monitors): it bypasses every XDP check.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"
add_one allow "$@"

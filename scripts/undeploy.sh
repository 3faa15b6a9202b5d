#!/usr/bin/env bash
# Detaches the XDP SIP filter from IFACE and removes its pins. Idempotent.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"

usage() { echo "usage: $(basename "$0") IFACE [--netns NAME] [--keep-pins]" >&2; exit 2; }
[ $# -ge 1 ] || usage
IFACE=$1; shift
case "$IFACE" in -*|"") usage ;; esac
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --netns) [ $# -ge 2 ] || usage; XDP_NETNS=$2; shift 2 ;;
    --keep-pins) KEEP=1; shift ;;
    *) usage ;;
  esac
done
need_root
need_cmd bpftool nsenter
if in_ns ip link show dev "$IFACE" >/dev/null 2>&1; then
  in_ns bpftool net detach xdpdrv dev "$IFACE" 2>/dev/null || true
  in_ns bpftool net detach xdpgeneric dev "$IFACE" 2>/dev/null || true
  echo "detached XDP from $IFACE"
else
  echo "no interface $IFACE (nothing to detach)"
fi
if [ "$KEEP" = 0 ] && [ -e "$XDP_PIN_DIR" ]; then
  rm -rf "$XDP_PIN_DIR"
  echo "removed pins under $XDP_PIN_DIR"
fi

#!/usr/bin/env bash
# Loads the XDP SIP filter, pins it under $XDP_PIN_DIR and attaches it to IFACE.
# Idempotent: an already pinned filter (and so its lists) is reused; --reload loads afresh.
# Reports the mode the kernel really took: native may silently not be available.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"

usage() {
  cat >&2 <<USAGE
usage: $(basename "$0") IFACE [--mode native|generic] [--netns NAME] [--reload]
  --mode    native (default; falls back to generic, and says so) or generic
  --netns   the interface lives in network namespace NAME (/run/netns/NAME)
  --reload  load a new program instance even if one is pinned (its lists start empty)
env: XDP_PIN_DIR (default /sys/fs/bpf/oavc)
USAGE
  exit 2
}

[ $# -ge 1 ] || usage
IFACE=$1; shift
case "$IFACE" in -*|"") usage ;; esac
MODE=native; RELOAD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) [ $# -ge 2 ] || usage; MODE=$2; shift 2 ;;
    --netns) [ $# -ge 2 ] || usage; XDP_NETNS=$2; shift 2 ;;
    --reload) RELOAD=1; shift ;;
    *) usage ;;
  esac
done
case "$MODE" in native|generic) ;; *) usage ;; esac

need_root
need_cmd bpftool ip nsenter
ensure_bpffs
in_ns ip link show dev "$IFACE" >/dev/null 2>&1 || die "no interface $IFACE${XDP_NETNS:+ in netns $XDP_NETNS}"

OBJ=$XDP_ROOT/bpf/sip_filter.o
if [ ! -f "$OBJ" ] || [ -n "$(find "$XDP_ROOT/bpf" -name "*.[ch]" -newer "$OBJ" -print -quit)" ]; then
  need_cmd make clang
  make -s -C "$XDP_ROOT/bpf" >&2
  [ -f "$OBJ" ] || die "build failed: $OBJ missing"
fi

if [ "$RELOAD" = 1 ] && [ -e "$XDP_PIN_DIR/prog" ]; then
  rm -rf "$XDP_PIN_DIR"
fi
if [ ! -e "$XDP_PIN_DIR/prog" ]; then
  mkdir -p "$XDP_PIN_DIR"
  bpftool prog load "$OBJ" "$XDP_PIN_DIR/prog" type xdp pinmaps "$XDP_PIN_DIR/maps" \
    || { rm -rf "$XDP_PIN_DIR"; die "loading $OBJ failed (verifier log above)"; }
  echo "loaded $OBJ, pinned under $XDP_PIN_DIR"
else
  echo "reusing the filter pinned under $XDP_PIN_DIR (lists kept)"
fi

attach() { in_ns bpftool net attach "$1" pinned "$XDP_PIN_DIR/prog" dev "$IFACE" overwrite; }
# only one mode may hold the interface: clear the other one first
if [ "$MODE" = native ]; then
  in_ns bpftool net detach xdpgeneric dev "$IFACE" 2>/dev/null || true
  if ! attach xdpdrv 2>/dev/null; then
    echo "native XDP refused on $IFACE; falling back to generic" >&2
    attach xdpgeneric || die "attach failed in both modes"
  fi
else
  in_ns bpftool net detach xdpdrv dev "$IFACE" 2>/dev/null || true
  attach xdpgeneric || die "attach (generic) failed"
fi

actual=$(in_ns bpftool -j net show dev "$IFACE" | python3 -c \
  'import json,sys; x=json.load(sys.stdin)[0]["xdp"]; print(x[0]["mode"] if x else "none")')
case "$actual" in
  driver) echo "XDP SIP filter attached to $IFACE in native (driver) mode" ;;
  generic) echo "XDP SIP filter attached to $IFACE in GENERIC (skb) mode${MODE:+ (requested $MODE)}" ;;
  *) die "attach did not take: kernel reports '$actual'" ;;
esac

#!/usr/bin/env bash
# Enables socket busy polling for OpenSIPS's UDP sockets: net.core.busy_read covers blocking
# reads (what OpenSIPS's UDP workers do), net.core.busy_poll covers poll/select/epoll.
# USEC is the busy-wait budget per call; --off restores 0. Idempotent.
set -euo pipefail
usage() { echo "usage: $(basename "$0") [USEC|--off] [--dry-run]   (default USEC 50)" >&2; exit 2; }
USEC=50; DRY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --off) USEC=0; shift ;;
    --dry-run) DRY=1; shift ;;
    *) [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -le 1000 ] || usage; USEC=$1; shift ;;
  esac
done
for key in net.core.busy_read net.core.busy_poll; do
  cur=$(sysctl -n "$key") || { echo "$key not available on this kernel" >&2; exit 1; }
  if [ "$cur" = "$USEC" ]; then
    echo "$key already $USEC"
  elif [ "$DRY" = 1 ]; then
    echo "would set $key: $cur -> $USEC"
  else
    [ "$(id -u)" -eq 0 ] || { echo "must run as root" >&2; exit 1; }
    sysctl -q -w "$key=$USEC"
    echo "$key: $cur -> $USEC"
  fi
done

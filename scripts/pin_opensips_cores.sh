#!/usr/bin/env bash
# Pins every thread of the OpenSIPS processes to a CPU list (keep them off the cores that
# handle the NIC's interrupts/XDP). CPUs from the argument or $OPENSIPS_CPUS; PIDs from the
# remaining arguments or every process named exactly "opensips". Idempotent.
set -euo pipefail
usage() {
  echo "usage: $(basename "$0") CPULIST [PID...] [--dry-run]  or  OPENSIPS_CPUS=CPULIST $(basename "$0") [PID...]   (CPULIST like 2-3 or 2,4,6)" >&2
  exit 2
}
DRY=0; CPUS=${OPENSIPS_CPUS:-}; PIDS=()
# With OPENSIPS_CPUS set every argument is a PID; otherwise the first one is the CPU list.
for a in "$@"; do
  case "$a" in
    --dry-run) DRY=1 ;;
    -*) usage ;;
    *) if [ -z "$CPUS" ]; then CPUS=$a; else [[ "$a" =~ ^[0-9]+$ ]] || usage; PIDS+=("$a"); fi ;;
  esac
done
[ -n "$CPUS" ] || usage
[[ "$CPUS" =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] || { echo "bad CPU list: $CPUS" >&2; exit 2; }
max=$(( $(nproc --all) - 1 ))
for part in ${CPUS//,/ }; do
  for c in ${part//-/ }; do
    [ "$c" -le "$max" ] || { echo "CPU $c does not exist (0-$max)" >&2; exit 1; }
  done
done
if [ ${#PIDS[@]} -eq 0 ]; then
  mapfile -t PIDS < <(pgrep -x opensips || true)
  [ ${#PIDS[@]} -gt 0 ] || { echo "no running process named opensips" >&2; exit 1; }
fi
for pid in "${PIDS[@]}"; do
  [ -d "/proc/$pid" ] || { echo "no process $pid" >&2; exit 1; }
  if [ "$DRY" = 1 ]; then
    echo "would pin all threads of $pid ($(cat /proc/$pid/comm)) to CPUs $CPUS"
  else
    taskset -a -cp "$CPUS" "$pid" >/dev/null
    echo "pinned all threads of $pid ($(cat /proc/$pid/comm)) to CPUs $CPUS"
  fi
done

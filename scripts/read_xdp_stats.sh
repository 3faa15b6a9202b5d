#!/usr/bin/env bash
# Prints the XDP SIP filter's counters per verdict reason, summed over CPUs, from the pinned
# stats map. With --watch SECONDS also prints packets/s over that interval.
set -euo pipefail
. "$(dirname "$0")/xdp_common.sh"

usage() { echo "usage: $(basename "$0") [--json] [--watch SECONDS]" >&2; exit 2; }
JSON=0; WATCH=0
while [ $# -gt 0 ]; do
  case "$1" in
    --json) JSON=1; shift ;;
    --watch) [ $# -ge 2 ] || usage; WATCH=$2; shift 2; [[ "$WATCH" =~ ^[1-9][0-9]*$ ]] || usage ;;
    *) usage ;;
  esac
done
need_root; need_cmd bpftool python3; need_pins

dump() { bpftool -j map dump pinned "$XDP_PIN_DIR/maps/stats"; }
first=$(dump)
second=
if [ "$WATCH" -gt 0 ]; then sleep "$WATCH"; second=$(dump); fi
python3 - "$JSON" "$WATCH" "$first" "$second" <<'PY'
import json, sys
# order of enum filter_reason in bpf/sip_filter.h
names = ["pass_not_sip", "pass_sip", "pass_allowlist", "pass_keepalive", "pass_fragment",
         "redirect_xsk", "drop_blocklist", "drop_ratelimit", "drop_autoblock", "drop_options",
         "drop_syntax", "drop_scanner", "drop_malformed", "pass_ext_headers"]
def sums(text):
    out = {}
    for e in json.loads(text):
        k = e["key"]
        idx = int.from_bytes(bytes(int(b, 16) for b in k), "little") if isinstance(k, list) else int(k)
        pk = by = 0
        for cpu in e["values"]:
            v = cpu["value"]
            if isinstance(v, dict):
                pk += v["packets"]; by += v["bytes"]
            else:
                raw = bytes(int(b, 16) for b in v)
                pk += int.from_bytes(raw[0:8], "little"); by += int.from_bytes(raw[8:16], "little")
        out[names[idx] if idx < len(names) else str(idx)] = (pk, by)
    return out
as_json, watch, a, b = sys.argv[1] == "1", int(sys.argv[2]), sums(sys.argv[3]), None
if sys.argv[4]:
    b = sums(sys.argv[4])
cur = b or a
rows = {n: {"packets": cur[n][0], "bytes": cur[n][1]} for n in names if n in cur}
if b:
    for n in rows:
        rows[n]["pps"] = round((b[n][0] - a[n][0]) / watch, 1)
if as_json:
    print(json.dumps(rows))
else:
    print(f"{'reason':<16} {'packets':>14} {'bytes':>16}" + (f" {'pps':>10}" if b else ""))
    for n, r in rows.items():
        print(f"{n:<16} {r['packets']:>14} {r['bytes']:>16}" + (f" {r['pps']:>10}" if b else ""))
    drop = sum(r["packets"] for n, r in rows.items() if n.startswith("drop_"))
    print(f"{'total dropped':<16} {drop:>14}")
    print(f"{'total passed':<16} {sum(r['packets'] for r in rows.values()) - drop:>14}")
PY

# Shared by the XDP operator scripts (sourced, not run). Settings from the environment:
#   XDP_PIN_DIR  where deploy.sh pins the program and maps   (default /sys/fs/bpf/oavc)
#   XDP_API      the xdp-agent HTTP API                       (default http://127.0.0.1:8082)
#   XDP_AGENT_TOKEN  the API's bearer token         (default: read from $STATE_DIR/xdp-agent.token)
#   STATE_DIR    where the agent generated that token         (default /var/lib/oavc)
#   XDP_NETNS    network namespace name of the interface      (default: none, our own)
#   XDP_CONFIRM_ALL=1  allows a /0 entry (every IPv4 or IPv6 address); refused otherwise
# List changes go through the agent when it answers (so they are persisted); otherwise they
# are written straight into the pinned maps with bpftool (not persisted: said so on stderr).
XDP_PIN_DIR=${XDP_PIN_DIR:-/sys/fs/bpf/oavc}
XDP_API=${XDP_API:-http://127.0.0.1:8082}
XDP_AGENT_TOKEN=${XDP_AGENT_TOKEN:-}
STATE_DIR=${STATE_DIR:-/var/lib/oavc}
XDP_NETNS=${XDP_NETNS:-}
XDP_CONFIRM_ALL=${XDP_CONFIRM_ALL:-0}
XDP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

need_root() { [ "$(id -u)" -eq 0 ] || die "must run as root (CAP_BPF, CAP_NET_ADMIN)"; }

need_cmd() { for c in "$@"; do command -v "$c" >/dev/null 2>&1 || die "$c not found (apt-get install $c)"; done; }

ensure_bpffs() { mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || die "cannot mount bpffs on /sys/fs/bpf"; }

# Runs a command in $XDP_NETNS. nsenter only switches the netns; `ip netns exec` would remount
# /sys and hide the bpffs pins.
in_ns() { if [ -n "$XDP_NETNS" ]; then nsenter --net="/run/netns/$XDP_NETNS" "$@"; else "$@"; fi; }

# curl to the agent with its bearer token. The header is passed through a file descriptor, so
# the token never shows in the process list.
agent_curl() { curl -H @<(printf 'Authorization: Bearer %s\n' "$XDP_AGENT_TOKEN") "$@"; }

# Sets XDP_AGENT_TOKEN from the agent's token file unless it is set.
load_token() {
  [ -n "$XDP_AGENT_TOKEN" ] && return
  local f="$STATE_DIR/xdp-agent.token"
  [ -r "$f" ] || die "the xdp-agent answers at $XDP_API but its token $f cannot be read: run as root, or set XDP_AGENT_TOKEN"
  XDP_AGENT_TOKEN=$(tr -d '[:space:]' <"$f")
}

# True when the agent answers and takes our token; dies when it answers but refuses us (a change
# written past it into the maps would not be persisted, and the agent would not know).
agent_up() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$XDP_API/config" 2>/dev/null) || true
  case "$code" in ''|000) return 1 ;; esac
  load_token
  code=$(agent_curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$XDP_API/config" 2>/dev/null) || true
  case "$code" in
    200) return 0 ;;
    401) die "the xdp-agent at $XDP_API refused the token (XDP_AGENT_TOKEN, else $STATE_DIR/xdp-agent.token)" ;;
    403) die "the xdp-agent at $XDP_API refused the Host of $XDP_API (name it in API_ALLOWED_HOSTS)" ;;
    *) die "the xdp-agent at $XDP_API answered HTTP $code" ;;
  esac
}

need_pins() { [ -e "$XDP_PIN_DIR/maps/stats" ] || die "no filter pinned under $XDP_PIN_DIR (run scripts/deploy.sh IFACE first)"; }

# Checks an address or prefix (IPv4/IPv6, no host names); prints nothing, exits non-zero if bad.
valid_cidr() { python3 -c 'import ipaddress,sys; ipaddress.ip_network(sys.argv[1], strict=False)' "$1" 2>/dev/null; }

# bpftool batch lines that add (op=update) or delete (op=delete) entries of LIST (block|allow)
# read from stdin, one address/prefix per line. Keys as in bpf/sip_filter.h: IPv4 is mapped to
# ::ffff:a.b.c.d; /32 and /128 go to the exact hash, shorter prefixes to the LPM trie.
batch_lines() { # op list ttl_seconds
  python3 -c "$BATCH_PY" "$1" "$2" "$3" "$XDP_PIN_DIR/maps" "$XDP_CONFIRM_ALL"
}
read -r -d '' BATCH_PY <<'PY' || true
import ipaddress, sys, time
op, lst, ttl, maps, confirm_all = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
exp = 0 if ttl == 0 else time.clock_gettime_ns(time.CLOCK_MONOTONIC) + ttl * 10**9
for n, line in enumerate(sys.stdin, 1):
    text = line.split('#')[0].strip()
    if not text:
        continue
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError as e:
        sys.exit(f"line {n}: {e}")
    addr, plen = net.network_address, net.prefixlen
    if plen == 0 and op == 'update' and not confirm_all:
        sys.exit(f"line {n}: {text} is every IPv{addr.version} address; set XDP_CONFIRM_ALL=1 if that is meant")
    if addr.version == 4:
        addr, plen = ipaddress.IPv6Address(b'\0' * 10 + b'\xff\xff' + addr.packed), plen + 96
    hexb = lambda b: ' '.join(str(x) for x in b)
    if plen == 128:
        m, key = f"{lst}_exact", hexb(addr.packed)
    else:
        m, key = f"{lst}_lpm", hexb(plen.to_bytes(4, 'little') + addr.packed)
    if op == 'update':
        print(f"map update pinned {maps}/{m} key {key} value {hexb(exp.to_bytes(8, 'little'))}")
    else:
        print(f"map delete pinned {maps}/{m} key {key}")
PY

# Applies entries from stdin to LIST: through the agent if it runs, else with bpftool.
apply_list() { # op list ttl
  local op=$1 list=$2 ttl=$3 input
  input=$(cat)
  if agent_up; then
    local path="/${list}list" all=""
    [ "$XDP_CONFIRM_ALL" = 1 ] && all="&confirmAll=true"
    if [ "$op" = update ]; then
      agent_curl -fsS --max-time 30 -X POST --data-binary @- -H 'content-type: text/plain' \
        "$XDP_API$path/import?ttl=$ttl$all" <<<"$input" || die "agent refused the change"
    else
      local c
      while read -r c; do
        c=${c%%#*}; c=$(echo "$c" | tr -d '[:space:]'); [ -n "$c" ] || continue
        agent_curl -fsS --max-time 10 -G -X DELETE --data-urlencode "cidr=$c" "$XDP_API$path" || die "agent refused $c"
      done <<<"$input"
    fi
    echo
  else
    need_root; need_cmd bpftool python3; need_pins
    echo "$(basename "$0"): agent not reachable at $XDP_API: writing the pinned maps directly (not persisted)" >&2
    XDP_BATCH=$(mktemp)
    trap 'rm -f "$XDP_BATCH"' EXIT
    local batch=$XDP_BATCH
    batch_lines "$op" "$list" "$ttl" <<<"$input" >"$batch" || die "bad input"
    if [ "$op" = delete ]; then
      # deleting an absent key is not an error for an idempotent unblock
      while read -r line; do bpftool $line 2>/dev/null || true; done <"$batch"
    else
      bpftool batch file "$batch" >/dev/null || die "bpftool could not update the maps (map full?)"
    fi
    echo "ok: $(grep -c . "$batch") entr(y/ies) ${op}d in ${list}list"
  fi
}

# Body of block_ip.sh / allow_ip.sh: ADDRESS[/PREFIX] [TTL_SECONDS] into LIST.
add_one() { # list "$@"
  local list=$1; shift
  if [ $# -lt 1 ] || [ $# -gt 2 ] || ! [[ "${2:-0}" =~ ^[0-9]+$ ]]; then
    echo "usage: $(basename "$0") ADDRESS[/PREFIX] [TTL_SECONDS]   (TTL 0 or absent = permanent)" >&2
    exit 2
  fi
  valid_cidr "$1" || die "not an IPv4/IPv6 address or prefix: $1"
  apply_list update "$list" "${2:-0}" <<<"$1"
}

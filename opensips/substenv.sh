#!/bin/sh
# OpenSIPS preprocessor for opensips.cfg: `opensips -f opensips.cfg -p /path/substenv.sh`.
# OpenSIPS pipes the script through it before parsing. It replaces each dollar-brace NAME
# placeholder with the environment variable NAME (docker-compose passes config/oavc.env as
# env_file), and refuses to produce a script when a name is unset, a value holds a double
# quote, or MI_IP is not a loopback/private address. Only POSIX sh and awk: both are in the
# stock opensips/opensips image. Derived values it adds:
#   OAVC_SIP_SOCKET  udp:OS_SIP_IP:OS_SIP_PORT [as OS_SIP_ADVERTISED_IP:OS_SIP_PORT]
#                    (0.0.0.0 becomes *, i.e. every interface; IPv6 gets brackets)
#   OAVC_ADVERTISED_CONTACT  sip:oavc@(OS_SIP_ADVERTISED_IP or OS_SIP_IP):OS_SIP_PORT
#   OAVC_WS_SOCKET   socket=ws:... on OS_WS_PORT, or a comment line when it is 0
#   OAVC_WSS_SOCKET  socket=wss:... on OS_WSS_PORT, or a comment line when it is 0
#   OAVC_IF_WSS      empty when OS_WSS_PORT is set, else "#": comments out the TLS lines
set -eu

fail() {
  echo "substenv: $*" >&2
  exit 1
}

# MI can hang up every call and rewrite the liveness key: it must never face the internet.
case "${MI_IP:-}" in
  127.* | 10.* | 192.168.* | 172.1[6-9].* | 172.2[0-9].* | 172.3[01].* | ::1 | fd*) ;;
  *) fail "MI_IP='${MI_IP:-}' is not a loopback or private address; MI must never be public" ;;
esac

sip_ip=${OS_SIP_IP:-}
[ -n "$sip_ip" ] || fail "OS_SIP_IP is not set"
[ -n "${OS_SIP_PORT:-}" ] || fail "OS_SIP_PORT is not set"
case "$sip_ip" in
  0.0.0.0) sip_ip='*' ;;
  *:*) case "$sip_ip" in \[*) ;; *) sip_ip="[$sip_ip]" ;; esac ;;
esac
OAVC_SIP_SOCKET="udp:$sip_ip:$OS_SIP_PORT"
if [ -n "${OS_SIP_ADVERTISED_IP:-}" ]; then
  OAVC_SIP_SOCKET="$OAVC_SIP_SOCKET as $OS_SIP_ADVERTISED_IP:$OS_SIP_PORT"
fi
export OAVC_SIP_SOCKET

# The Contact of outbound calls: the advertised address, else the bound one (a wildcard bind
# without OS_SIP_ADVERTISED_IP leaves only loopback, enough for calls to this host).
contact_ip=${OS_SIP_ADVERTISED_IP:-$OS_SIP_IP}
case "$contact_ip" in
  0.0.0.0) contact_ip=127.0.0.1 ;;
  ::) contact_ip='[::1]' ;;
  \[*) ;;
  *:*) contact_ip="[$contact_ip]" ;;
esac
OAVC_ADVERTISED_CONTACT="sip:oavc@$contact_ip:$OS_SIP_PORT"
export OAVC_ADVERTISED_CONTACT
# One line each, so that the script keeps its line numbers (OpenSIPS reports errors by line).
websocket() { # proto port
  case "$2" in
    '' | *[!0-9]*) fail "OS_$(echo "$1" | tr a-z A-Z)_PORT='$2' is not a port number" ;;
  esac
  if [ "$2" = 0 ]; then
    echo "# no $1 socket (OS_$(echo "$1" | tr a-z A-Z)_PORT=0)"
  elif [ -n "${OS_SIP_ADVERTISED_IP:-}" ]; then
    echo "socket=$1:$sip_ip:$2 as $OS_SIP_ADVERTISED_IP:$2"
  else
    echo "socket=$1:$sip_ip:$2"
  fi
}
OAVC_WS_SOCKET=$(websocket ws "${OS_WS_PORT:-}")
OAVC_WSS_SOCKET=$(websocket wss "${OS_WSS_PORT:-}")
if [ "${OS_WSS_PORT}" = 0 ]; then OAVC_IF_WSS='#'; else OAVC_IF_WSS=''; fi
export OAVC_WS_SOCKET OAVC_WSS_SOCKET OAVC_IF_WSS

# Buffer the whole script and print it only when every placeholder resolved: OpenSIPS must
# never start on a half-substituted file.
exec awk '
{
  rest = $0; out = ""
  while (match(rest, /\$\{[A-Za-z_][A-Za-z0-9_]*\}/)) {
    name = substr(rest, RSTART + 2, RLENGTH - 3)
    if (!(name in ENVIRON)) {
      printf "substenv: line %d: %s is not set\n", NR, name > "/dev/stderr"; bad = 1
    } else if (index(ENVIRON[name], "\"") > 0) {
      printf "substenv: line %d: %s holds a double quote\n", NR, name > "/dev/stderr"; bad = 1
    }
    out = out substr(rest, 1, RSTART - 1) ENVIRON[name]
    rest = substr(rest, RSTART + RLENGTH)
  }
  lines[NR] = out rest
}
END {
  if (bad) exit 1
  for (i = 1; i <= NR; i++) print lines[i]
}'

#!/bin/sh
# A self-signed certificate and key for OpenSIPS's WSS socket, to try WebRTC callers out (a
# browser must be told to accept it once, by opening https://HOST:OS_WSS_PORT/). Real
# deployments use a certificate for their host name from a CA instead.
#   opensips/make-tls-cert.sh [DIR [HOST]]   (default: opensips/tls, localhost)
# Writes DIR/oavc.crt and DIR/oavc.key (the names OS_TLS_CERT / OS_TLS_KEY expect inside the
# container, where docker-compose mounts DIR at /etc/opensips/tls). Needs openssl.
set -eu
dir=${1:-$(dirname "$0")/tls}
host=${2:-localhost}
command -v openssl >/dev/null || { echo "make-tls-cert: openssl is not installed" >&2; exit 1; }
mkdir -p "$dir"
case "$host" in
  *[!0-9.]*) san="DNS:$host" ;;
  *) san="IP:$host" ;;
esac
openssl req -x509 -newkey rsa:2048 -nodes -days 365 \
  -subj "/CN=$host" -addext "subjectAltName=$san" \
  -keyout "$dir/oavc.key" -out "$dir/oavc.crt" 2>/dev/null
chmod 600 "$dir/oavc.key"
chmod 644 "$dir/oavc.crt"
echo "make-tls-cert: $dir/oavc.crt and $dir/oavc.key for $host (valid 365 days)"

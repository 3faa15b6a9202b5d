#!/bin/sh
# Host firewall for OAVC-J (the firewall belongs to the host: compose runs with host networking).
#   iptables/oavc-firewall.sh generate|check|apply [options]   e.g. apply --confirm-within 30s
# With Java and the built jar this runs `oavc firewall ...` on the current settings
# (CONFIG_FILE, default config/oavc.env, plus environment overrides). Without Java, `apply`
# loads the committed files of this directory (the defaults) the same idempotent way, without
# the rollback timer, and `check` validates them.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${OAVC_JAR:-$root/connector/target/oavc.jar}
export CONFIG_FILE="${CONFIG_FILE:-$root/config/oavc.env}"

if [ -f "$jar" ] && command -v java >/dev/null 2>&1; then
  exec java -cp "$jar" org.oavc.connector.firewall.FirewallCommand "$@"
fi

dir="$root/iptables"
echo "oavc-firewall: no java or no $jar; using the committed default files in $dir" >&2
case "${1:-}" in
  check)
    iptables-restore --test --noflush < "$dir/rules.v4"
    ip6tables-restore --test --noflush < "$dir/rules.v6"
    nft -c -f "$dir/oavc.nft"
    echo "committed rules are valid"
    ;;
  apply)
    for tool in iptables ip6tables; do
      file="$dir/rules.v4"; [ "$tool" = ip6tables ] && file="$dir/rules.v6"
      "$tool-restore" --noflush < "$file"
      "$tool" -C INPUT -j OAVC-INPUT 2>/dev/null || "$tool" -I INPUT 1 -j OAVC-INPUT
    done
    echo "applied $dir/rules.v4 and rules.v6 (no rollback timer without java)"
    ;;
  *)
    echo "usage: $0 generate|check|apply [options] (generate needs java and the jar)" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Runs the XDP SIP filter benchmark (root): builds the filter and the xdp-agent, then prints
# markdown tables (see XdpBench.java). Everything it creates (namespaces, veths, pins) is
# removed at the end. Options: -Drepeat=N -Dframes=N -Druns=N -Dparts=paths,drops,updates
# -Dgen.cpu=N -Drx.cpu=N -Drx.nice=N go to the JVM.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
for c in clang cc bpftool ip iptables ethtool taskset java mvn; do
  command -v "$c" >/dev/null || { echo "$c missing (see scripts/test-packages.txt)" >&2; exit 1; }
done
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
make -s -C bpf
mvn -B -ntp -q -pl xdp-agent -DskipTests compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
cp="xdp-agent/target/classes:$(cat xdp-agent/target/bench.cp)"
# the drop-cost part places its generator and the receive thread itself (-Dgen.cpu, -Drx.cpu)
exec java -cp "$cp" "$@" bench/xdp/XdpBench.java "$PWD/bpf/sip_filter.o"

#!/usr/bin/env bash
# Runs one benchmark main class from bench/ with its classpath, e.g.
#   bench/run.sh MiThroughput            bench/run.sh CallSetupLatency
#   bench/run.sh wire.WireSetupLatency   (needs OPENSIPS_SIP and OPENSIPS_MI)
# Builds what is needed first (tests skipped) in the reactor, never into ~/.m2: the classpath
# names this checkout's jars, so other checkouts sharing ~/.m2 are not affected. Prints a table;
# see docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/run.sh <MiThroughput|CallSetupLatency|wire.WireSetupLatency> [args]}
shift
mvn -B -ntp -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -pl bench -am >/dev/null
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "org.oavc.bench.$name" "$@"

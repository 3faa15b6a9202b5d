#!/usr/bin/env bash
# Runs one benchmark main class from bench/ with its classpath, e.g.
#   bench/run.sh MiThroughput            bench/run.sh CallSetupLatency
# Builds what is needed first (tests skipped). Prints a table; see docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: bench/run.sh <MiThroughput|CallSetupLatency> [args]}
shift
mvn -B -ntp -q -DskipTests install -pl bench -am >/dev/null
mvn -B -ntp -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "org.oavc.bench.$name" "$@"

#!/usr/bin/env bash
# Builds the connector if needed and runs it on its embedded default: single node, embedded
# Hazelcast, local AI services in-process. Extra arguments go to `oavc run`.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=connector/target/oavc.jar
if [ ! -f "$jar" ] || [ -n "$(find connector/src ai-services/src config pom.xml connector/pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  mvn -B -ntp -q -DskipTests package
fi
exec java -jar "$jar" run "$@"

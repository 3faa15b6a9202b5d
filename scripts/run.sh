#!/usr/bin/env bash
# Builds the connector if needed and runs it on its embedded default: single node, local AI
# services in-process. Extra arguments go to `oavc run`.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=connector/target/oavc.jar
if [ ! -f "$jar" ] || [ -n "$(find connector/src ai-services/src config pom.xml connector/pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  mvn -B -ntp -q -DskipTests package
fi
# State (call journal, generated tokens): /var/lib/oavc as config/oavc.env says when run as root;
# a user's own state directory otherwise, so a first try needs no sudo.
if [ -z "${STATE_DIR:-}" ] && [ "$(id -u)" != 0 ]; then
  export STATE_DIR="${XDG_STATE_HOME:-$HOME/.local/state}/oavc"
fi
# Class-data sharing (AppCDS): the first run after a build writes the classes it loaded to
# oavc.jsa when it exits (stop it with SIGTERM or Ctrl-C, not SIGKILL); later runs map them instead
# of loading them one by one. Measured: ready (subscribed) about 1.2 s sooner on 2 cores; the
# latency of the first calls is unchanged (see docs/performance.md).
jsa=connector/target/oavc.jsa
if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
  cds=-XX:SharedArchiveFile=$jsa
else
  cds=-XX:ArchiveClassesAtExit=$jsa
fi
exec java "$cds" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" run "$@"

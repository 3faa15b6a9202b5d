#!/bin/sh
# Starts rtpengine from the settings (env_file config/oavc.env): ng control on the first
# RTPENGINE_NG entry (the connector tries that one first), media on RTPENGINE_INTERFACE in
# RTPENGINE_MIN_PORT..RTPENGINE_MAX_PORT, userspace forwarding, no config file, logs on stderr.
# With RTPENGINE_NG empty, WebRTC callers are off: it says so and idles (no restart loop).
set -eu
ng=${RTPENGINE_NG%%,*}
ng=$(echo "$ng" | tr -d ' ')
if [ -z "$ng" ]; then
  echo "rtpengine: RTPENGINE_NG is empty, so WebRTC callers are off; not starting rtpengine"
  exec sleep infinity
fi
exec rtpengine --config-file=none --table=-1 --foreground --log-stderr \
  --interface="$RTPENGINE_INTERFACE" --listen-ng="$ng" \
  --port-min="$RTPENGINE_MIN_PORT" --port-max="$RTPENGINE_MAX_PORT" --delete-delay=0

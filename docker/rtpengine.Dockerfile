# rtpengine for WebRTC callers (docs/webrtc.md): Debian's rtpengine-daemon (10.5) in userspace
# forwarding mode (--table=-1: no kernel module, so no privileges), started by
# docker/rtpengine-run.sh from the settings in config/oavc.env. Build context: the repository root.
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends rtpengine-daemon \
 && rm -rf /var/lib/apt/lists/*
COPY docker/rtpengine-run.sh /usr/local/bin/rtpengine-run.sh
USER nobody
ENTRYPOINT ["/bin/sh", "/usr/local/bin/rtpengine-run.sh"]

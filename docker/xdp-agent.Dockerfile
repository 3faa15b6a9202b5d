# OAVC-J xdp-agent: owns the XDP SIP filter's BPF maps. Build context: the repository root
# (docker compose build xdp-agent). Stage 1 builds the BPF object (clang, libbpf headers) and
# the Java agent; stage 2 runs it with libbpf. It needs root and privileges (compose runs it
# privileged with /sys/fs/bpf mounted), so unlike the other images it does not drop to a user.
FROM debian:bookworm AS build
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends maven openjdk-17-jdk-headless \
      clang llvm libbpf-dev make \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
COPY common/pom.xml common/pom.xml
COPY connector/pom.xml connector/pom.xml
COPY ai-services/pom.xml ai-services/pom.xml
COPY xdp-agent/pom.xml xdp-agent/pom.xml
COPY bench/pom.xml bench/pom.xml
COPY config config
COPY common/src common/src
COPY bpf bpf
COPY xdp-agent/src xdp-agent/src
RUN mvn -B -ntp -q -pl xdp-agent -am -DskipTests package \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp xdp-agent/target/oavc-xdp-agent-*.jar xdp-agent/target/lib/

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless libbpf1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/oavc
COPY --from=build /src/xdp-agent/target/lib /opt/oavc/lib
COPY --from=build /src/bpf /opt/oavc/bpf
COPY config/oavc.env /opt/oavc/config/oavc.env
ENV CONFIG_FILE=/opt/oavc/config/oavc.env
# The entry class of the xdp-agent module; override at build time if it is named otherwise.
ARG MAIN_CLASS=org.oavc.xdp.XdpAgentMain
ENV OAVC_MAIN_CLASS=${MAIN_CLASS}
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -cp '/opt/oavc/lib/*' \"$OAVC_MAIN_CLASS\" \"$@\"", "--"]

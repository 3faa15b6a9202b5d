# OAVC-J local AI services (Vosk STT, FreeTTS TTS + chat, realtime). Build context: the
# repository root (docker compose build ai-services). Stage 1 builds the module and copies
# its runtime dependencies; stage 2 runs them on a JRE 17 as an unprivileged user.
FROM debian:bookworm AS build
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends maven openjdk-17-jdk-headless \
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
COPY ai-services/src ai-services/src
RUN mvn -B -ntp -q -pl ai-services -am -DskipTests package \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && cp ai-services/target/oavc-ai-services-*.jar ai-services/target/lib/

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /opt/oavc --shell /usr/sbin/nologin oavc
WORKDIR /opt/oavc
COPY --from=build /src/ai-services/target/lib /opt/oavc/lib
COPY config/oavc.env /opt/oavc/config/oavc.env
ENV CONFIG_FILE=/opt/oavc/config/oavc.env
# The entry class of the ai-services module; override at build time if it is named otherwise.
ARG MAIN_CLASS=org.oavc.aiservices.AiServicesMain
ENV OAVC_MAIN_CLASS=${MAIN_CLASS}
USER oavc
ENTRYPOINT ["sh", "-c", "exec java -XX:MaxRAMPercentage=75 -cp '/opt/oavc/lib/*' \"$OAVC_MAIN_CLASS\" \"$@\"", "--"]

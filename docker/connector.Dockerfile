# OAVC-J connector image. Build context: the repository root
#   docker compose build connector      (docker-compose.override.yml wires this file)
# Stage 1 builds the shaded jar with the same toolchain as the dev machines (Debian 12's
# Maven 3.8.7 + JDK 17); stage 2 is a JRE 17 runtime running as an unprivileged user.
FROM debian:bookworm AS build
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends maven openjdk-17-jdk-headless \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The parent pom lists every module, so every module pom must be present.
COPY pom.xml ./
COPY common/pom.xml common/pom.xml
COPY connector/pom.xml connector/pom.xml
COPY ai-services/pom.xml ai-services/pom.xml
COPY xdp-agent/pom.xml xdp-agent/pom.xml
COPY bench/pom.xml bench/pom.xml
COPY config config
COPY common/src common/src
COPY ai-services/src ai-services/src
COPY connector/src connector/src
RUN mvn -B -ntp -q -pl connector -am -DskipTests package

FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /opt/oavc --shell /usr/sbin/nologin oavc \
 && install -d -m 0700 -o oavc -g oavc /var/lib/oavc
WORKDIR /opt/oavc
COPY --from=build /src/connector/target/oavc.jar /opt/oavc/oavc.jar
# The documented config file; compose also passes it as env_file, and env vars override it.
COPY config/oavc.env /opt/oavc/config/oavc.env
ENV CONFIG_FILE=/opt/oavc/config/oavc.env
# Binds only unprivileged ports (RTP >= 1024, HTTP 8081, events 8089): no root needed.
# STATE_DIR (/var/lib/oavc) is its own: the generated management token and the call journal.
USER oavc
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/oavc/oavc.jar"]
CMD ["run"]

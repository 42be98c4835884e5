# syntax=docker/dockerfile:1.7
# The manifest-service image: indexes every run's manifest and serves the defer targets.
# Build from the repository root: docker build -f docker/manifest.Dockerfile -t ferry/manifest .
# Stage 1 builds the Boot jar with the Maven wrapper and splits it into Boot's layers; the
# runtime stage copies the layers in order of how rarely they change, so a code change rebuilds
# only the last (small) layer.

FROM eclipse-temurin:21.0.8_9-jdk-noble AS build
# The Maven wrapper downloads Maven with curl or wget.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B --no-transfer-progress -pl manifest-service -am package -DskipTests \
 && mkdir /layers \
 && java -Djarmode=tools -jar manifest-service/target/manifest-service-*-exec.jar extract --layers \
      --application-filename application.jar --destination /layers

FROM eclipse-temurin:21.0.8_9-jre-noble AS runtime
RUN groupadd --system --gid 10001 ferry \
 && useradd --system --uid 10001 --gid ferry --home-dir /var/lib/ferry --create-home --shell /usr/sbin/nologin ferry
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SERVER_SHUTDOWN=graceful
EXPOSE 7073
# No curl in the JRE image: bash's /dev/tcp asks readiness.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7073 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "application.jar"]

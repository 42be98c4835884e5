# syntax=docker/dockerfile:1.7
# The runner-service image: consumes RunRequested and runs dbt. It carries git, Python and
# dbt-core with the adapters named by DBT_ADAPTERS, in a virtualenv at /opt/dbt.
# Build from the repository root:
#   docker build -f docker/runner.Dockerfile -t ferry/runner .
#   docker build -f docker/runner.Dockerfile --build-arg DBT_ADAPTERS="snowflake==1.11.0" -t ferry/runner-snowflake .
# Each adapter is a PyPI package dbt-<name>, optionally with a version (duckdb==1.11.1).

FROM eclipse-temurin:21.0.8_9-jdk-noble AS build
# The Maven wrapper downloads Maven with curl or wget.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B --no-transfer-progress -pl runner-service -am package -DskipTests \
 && mkdir /layers \
 && java -Djarmode=tools -jar runner-service/target/runner-service-*-exec.jar extract --layers \
      --application-filename application.jar --destination /layers

# dbt from PyPI into a virtualenv; the runtime stage has the same base and Python, so the
# virtualenv is copied over as it is.
FROM eclipse-temurin:21.0.8_9-jre-noble AS dbt
ARG DBT_CORE_VERSION=1.11.16
ARG DBT_ADAPTERS="duckdb postgres"
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv \
 && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/dbt \
 && packages="" \
 && for adapter in $DBT_ADAPTERS; do packages="$packages dbt-$adapter"; done \
 && /opt/dbt/bin/pip install --no-cache-dir --disable-pip-version-check "dbt-core==${DBT_CORE_VERSION}" $packages \
 && /opt/dbt/bin/dbt --version

FROM eclipse-temurin:21.0.8_9-jre-noble AS runtime
# Repositories mounted from the host belong to another uid: git would refuse them as "dubious".
RUN apt-get update \
 && apt-get install -y --no-install-recommends git python3 openssh-client \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory '*' \
 && groupadd --system --gid 10001 ferry \
 && useradd --system --uid 10001 --gid ferry --home-dir /var/lib/ferry --create-home --shell /usr/sbin/nologin ferry \
 && mkdir -p /var/lib/ferry/work /var/lib/ferry/warehouse \
 && chown -R ferry:ferry /var/lib/ferry
COPY --from=dbt /opt/dbt /opt/dbt
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
ENV PATH="/opt/dbt/bin:${PATH}" \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    FERRY_RUNNER_DBT_EXECUTABLE=/opt/dbt/bin/dbt \
    FERRY_RUNNER_WORK_DIR=/var/lib/ferry/work \
    FERRY_RUNNER_DRAIN_TIMEOUT=10m \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false
# work: each run's checkout; warehouse: a place for file-based warehouses such as DuckDB.
VOLUME ["/var/lib/ferry/work", "/var/lib/ferry/warehouse"]
EXPOSE 7072
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/7072 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "application.jar"]

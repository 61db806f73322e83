# Build: docker build -t dss-gateway:0.1.0 .
# (CI has no Docker engine; this file is checked by reading, not by a build.)

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 dss && useradd --system --uid 10001 --gid dss --no-create-home dss
WORKDIR /app
COPY --from=build /src/target/dss-gateway.jar /app/dss-gateway.jar
COPY conf /app/conf
COPY webroot /app/webroot
# hub.store-path (data/gateway) lives here; on Kubernetes an emptyDir is mounted over it.
RUN mkdir -p /app/data && chown dss:dss /app/data
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "@/app/conf/jvm.options", "-jar", "/app/dss-gateway.jar"]

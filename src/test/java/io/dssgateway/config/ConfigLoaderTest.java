package io.dssgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.auth.AuthSettings;
import io.dssgateway.ops.GatewaySettings;
import io.dssgateway.ops.OpsSettings;
import io.dssgateway.sim.SimSettings;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

  @TempDir Path dir;

  private AppConfig load(Vertx vertx, String yaml, Map<String, String> env, Map<String, String> sys)
      throws IOException {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, yaml);
    Map<String, String> envWithFile = new HashMap<>(env);
    envWithFile.put("DSS_CONFIG", file.toString());
    return ConfigLoader.load(vertx, GatewaySettings.CATALOGUE, envWithFile, sys).await();
  }

  @Test
  void fileValuesApplyOverDefaults(Vertx vertx) throws IOException {
    AppConfig c =
        load(vertx, "http:\n  port: 9000\nsim:\n  control-enabled: false\n", Map.of(), Map.of());
    assertThat(c.integer(OpsSettings.HTTP_PORT)).isEqualTo(9000);
    assertThat(c.bool(SimSettings.CONTROL_ENABLED)).isFalse();
    assertThat(c.string(OpsSettings.ROLE)).isEqualTo("all");
  }

  @Test
  void environmentWinsOverFile(Vertx vertx) throws IOException {
    AppConfig c = load(vertx, "http:\n  port: 9000\n", Map.of("DSS_HTTP_PORT", "9100"), Map.of());
    assertThat(c.integer(OpsSettings.HTTP_PORT)).isEqualTo(9100);
  }

  @Test
  void systemPropertyWinsOverEnvironment(Vertx vertx) throws IOException {
    AppConfig c =
        load(
            vertx,
            "http:\n  port: 9000\n",
            Map.of("DSS_HTTP_PORT", "9100"),
            Map.of("dss.http.port", "9200"));
    assertThat(c.integer(OpsSettings.HTTP_PORT)).isEqualTo(9200);
  }

  @Test
  void flatDottedKeyInFileIsRead(Vertx vertx) throws IOException {
    AppConfig c = load(vertx, "\"http.port\": 9300\n", Map.of(), Map.of());
    assertThat(c.integer(OpsSettings.HTTP_PORT)).isEqualTo(9300);
  }

  @Test
  void unknownKeyInFileIsRejectedByName(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, "http:\n  prot: 9000\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("http.prot");
  }

  @Test
  void unknownTopLevelScalarInFileIsRejected(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, "rol: all\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("rol");
  }

  @Test
  void secretInFileIsRejectedWithoutShowingIt(Vertx vertx) {
    assertThatThrownBy(
            () ->
                load(
                    vertx, "auth:\n  service:\n    password: hunter2-secret\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("auth.service.password")
        .hasMessageContaining("DSS_AUTH_SERVICE_PASSWORD")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void secretAsSystemPropertyIsRejected(Vertx vertx) {
    assertThatThrownBy(
            () -> load(vertx, "", Map.of(), Map.of("dss.auth.service.password", "hunter2-secret")))
        .isInstanceOf(ConfigError.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void secretFromEnvironmentIsAccepted(Vertx vertx) throws IOException {
    AppConfig c = load(vertx, "", Map.of("DSS_AUTH_SERVICE_PASSWORD", "hunter2-secret"), Map.of());
    assertThat(c.string(AuthSettings.SERVICE_PASSWORD)).isEqualTo("hunter2-secret");
    assertThat(c.describe().get("auth.service.password")).isEqualTo("<set>");
    assertThat(c.describe().toString()).doesNotContain("hunter2");
  }

  @Test
  void badIntegerMessageNamesKeyEnvAndValue(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, "", Map.of("DSS_SIM_RETAINED_EVENTS", "lots"), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("sim.retained-events")
        .hasMessageContaining("DSS_SIM_RETAINED_EVENTS")
        .hasMessageContaining("'lots'");
  }

  @Test
  void badBooleanMessageNamesKeyAndValue(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, "log:\n  access: maybe\n", Map.of(), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("log.access")
        .hasMessageContaining("'maybe'")
        .hasMessageContaining("boolean");
  }

  @Test
  void valueOutsideAllowedSetIsRejectedWithChoices(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, "", Map.of("DSS_ROLE", "both"), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("role")
        .hasMessageContaining("'both'")
        .hasMessageContaining("all, gateway, simulator");
  }

  @Test
  void portOutOfRangeIsRejected(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, "", Map.of("DSS_HTTP_PORT", "70000"), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("http.port")
        .hasMessageContaining("'70000'")
        .hasMessageContaining("0-65535");
  }

  @Test
  void negativeCountIsRejected(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, "", Map.of("DSS_HTTP_MAX_BODY_BYTES", "-1"), Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("http.max-body-bytes");
  }

  @Test
  void missingNamedFileIsAnError(Vertx vertx) {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                        vertx,
                        GatewaySettings.CATALOGUE,
                        Map.of("DSS_CONFIG", dir.resolve("nope.yaml").toString()),
                        Map.of())
                    .await())
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("nope.yaml");
  }

  @Test
  void shippedDefaultFileIsValid(Vertx vertx) {
    Path shipped = Path.of(System.getProperty("project.basedir", "."), "conf", "application.yaml");
    AppConfig c =
        ConfigLoader.load(
                vertx,
                GatewaySettings.CATALOGUE,
                Map.of("DSS_CONFIG", shipped.toString()),
                Map.of())
            .await();
    assertThat(c.integer(OpsSettings.HTTP_PORT)).isEqualTo(8080);
  }
}

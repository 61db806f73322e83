package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.config.ConfigError;
import io.dssgateway.upstream.AylaEndpoints;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The public dev JWT key in front of a real Ayla is refused whatever the role; the embedded simulator keeps working with it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DevKeyCheckTest {

  private static final AylaEndpoints REAL = AylaEndpoints.forRegion("us", "field", "cloud");
  private static final AylaEndpoints SIMULATOR = AylaEndpoints.forSimulator(8090);

  @Test
  void theDevKeyInFrontOfARealAylaIsRefusedUnlessAllowed() {
    assertThatThrownBy(() -> DevKeyCheck.check(true, REAL, false))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("DSS_AUTH_JWT_ALLOW_DEV_KEY");
    assertThatCode(() -> DevKeyCheck.check(true, REAL, true)).doesNotThrowAnyException();
    assertThatCode(() -> DevKeyCheck.check(true, SIMULATOR, false)).doesNotThrowAnyException();
    assertThatCode(() -> DevKeyCheck.check(false, REAL, false)).doesNotThrowAnyException();
  }

  @Test
  void roleAllWithARealAylaRefusesTheDevKeyLikeRoleGateway(Vertx vertx) {
    for (String role : new String[] {"all", "gateway"}) {
      Map<String, String> raw = settings(role);
      raw.put("ayla.region", "us");
      Application app = new Application(vertx, GatewaySettings.config(raw));
      Throwable refused = app.start().map(a -> (Throwable) null).otherwise(err -> err).await();
      app.shutdown().await();
      assertThat(refused)
          .as("role=" + role)
          .isInstanceOf(ConfigError.class)
          .hasMessageContaining("DSS_AUTH_JWT_ALLOW_DEV_KEY");
    }
  }

  @Test
  void roleAllWithTheEmbeddedSimulatorStartsWithTheDevKey(Vertx vertx) {
    Application app =
        new Application(vertx, GatewaySettings.config(settings("all"))).start().await();
    try {
      assertThat(app.gatewayPort()).isPositive();
      assertThat(app.simulatorPort()).isPositive();
    } finally {
      app.shutdown().await();
    }
  }

  private static Map<String, String> settings(String role) {
    return new HashMap<>(
        Map.of(
            "role",
            role,
            "http.port",
            "0",
            "http.host",
            "127.0.0.1",
            "sim.port",
            "0",
            "hub.store-path",
            "mem",
            "log.access",
            "false"));
  }
}

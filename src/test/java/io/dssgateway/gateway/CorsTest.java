package io.dssgateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cross-origin calls are allowed only for the configured origins, with credentials. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CorsTest {

  private static final String ALLOWED = "https://app.example.com";
  private TestGateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.stop();
    }
  }

  @Test
  void preflightFromAnAllowedOriginIsAnsweredAndOthersGetNoGrant(Vertx vertx) {
    gateway = TestGateway.start(vertx, Map.of("http.cors-origins", ALLOWED));
    WebClient client = WebClient.create(vertx);

    HttpResponse<?> allowed = preflight(client, ALLOWED);
    assertThat(allowed.statusCode()).isBetween(200, 204);
    assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(allowed.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(allowed.getHeader("Access-Control-Allow-Headers"))
        .containsIgnoringCase("authorization");

    HttpResponse<?> other = preflight(client, "https://evil.example.com");
    assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();

    HttpResponse<?> login =
        client
            .request(HttpMethod.POST, gateway.port, "127.0.0.1", "/api/login")
            .putHeader("Origin", ALLOWED)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(
                io.vertx.core.buffer.Buffer.buffer(
                    "{\"email\":\"demo@example.com\",\"password\":\"demo1234\"}"))
            .await();
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
  }

  /** A page on a listed origin imports the browser client as a module: a CORS fetch, which needs the grant and a script type. */
  @Test
  void browserClientModuleIsJavaScriptGrantedToListedOriginsOnly(Vertx vertx) {
    gateway = TestGateway.start(vertx, Map.of("http.cors-origins", ALLOWED));
    WebClient client = WebClient.create(vertx);

    HttpResponse<?> module = moduleFrom(client, ALLOWED);
    assertThat(module.statusCode()).isEqualTo(200);
    assertThat(module.getHeader("Content-Type")).startsWith("text/javascript");
    assertThat(module.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(module.bodyAsString()).contains("export class DssStream");

    assertThat(
            moduleFrom(client, "https://evil.example.com").getHeader("Access-Control-Allow-Origin"))
        .isNull();
  }

  private HttpResponse<?> moduleFrom(WebClient client, String origin) {
    return client
        .request(HttpMethod.GET, gateway.port, "127.0.0.1", "/client/dss-gateway.js")
        .putHeader("Origin", origin)
        .putHeader("Sec-Fetch-Mode", "cors")
        .putHeader("Sec-Fetch-Dest", "script")
        .send()
        .await();
  }

  private HttpResponse<?> preflight(WebClient client, String origin) {
    return client
        .request(HttpMethod.OPTIONS, gateway.port, "127.0.0.1", "/api/tickets")
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "authorization")
        .send()
        .await();
  }
}

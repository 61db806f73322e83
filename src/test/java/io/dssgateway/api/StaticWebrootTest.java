package io.dssgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.ops.Application;
import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo page is served from a relative or an absolute webroot; unknown paths get JSON 404s. */
@ExtendWith(VertxExtension.class)
class StaticWebrootTest {

  @Test
  void servesTheDemoPageFromAnAbsoluteWebroot(Vertx vertx) {
    String absolute = Path.of("webroot").toAbsolutePath().toString();
    Application app =
        new Application(
                vertx,
                GatewaySettings.config(
                    Map.of(
                        "http.port",
                        "0",
                        "sim.port",
                        "0",
                        "hub.store-path",
                        "mem",
                        "http.webroot",
                        absolute)))
            .start()
            .await();
    try {
      WebClient client = WebClient.create(vertx);
      HttpResponse<?> page =
          client.request(HttpMethod.GET, app.gatewayPort(), "127.0.0.1", "/").send().await();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.bodyAsString()).contains("<html");

      HttpResponse<?> missing =
          client
              .request(HttpMethod.GET, app.gatewayPort(), "127.0.0.1", "/no/such/page")
              .send()
              .await();
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("not_found");

      HttpResponse<?> traversal =
          client
              .request(HttpMethod.GET, app.gatewayPort(), "127.0.0.1", "/../pom.xml")
              .send()
              .await();
      assertThat(traversal.bodyAsString()).doesNotContain("<project");
    } finally {
      app.shutdown().await();
    }
  }
}

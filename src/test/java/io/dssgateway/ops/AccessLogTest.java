package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AccessLogTest {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER_NAME);

  @BeforeEach
  void captureAccessLog() {
    appender.start();
    accessLogger.addAppender(appender);
  }

  @AfterEach
  void release() {
    accessLogger.detachAppender(appender);
  }

  private int serve(Vertx vertx, boolean enabled) {
    Router router = Router.router(vertx);
    router.route().handler(AccessLog.create(enabled));
    router.get("/events").handler(ctx -> ctx.response().end("hello"));
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .await()
        .actualPort();
  }

  /** The end handler runs after the response is sent: wait for the line rather than sleeping. */
  private List<String> awaitLines(int count) {
    Eventually.until(
        count + " access log lines", Duration.ofSeconds(5), () -> appender.list.size() >= count);
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void logsMethodPathStatusDurationAndBytes(Vertx vertx) {
    int port = serve(vertx, true);
    WebClient.create(vertx)
        .request(HttpMethod.GET, port, "127.0.0.1", "/events?subscription_type=datapoint")
        .send()
        .await();
    WebClient.create(vertx).request(HttpMethod.GET, port, "127.0.0.1", "/missing").send().await();
    List<String> lines = awaitLines(2);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("GET /events\\?subscription_type=datapoint 200 \\d+ms 5B");
    assertThat(lines.get(1)).startsWith("GET /missing 404 ");
  }

  @Test
  void credentialsInQueryAndHeadersNeverReachTheLog(Vertx vertx) {
    int port = serve(vertx, true);
    WebClient.create(vertx)
        .request(
            HttpMethod.GET,
            port,
            "127.0.0.1",
            "/events?ticket=TICKET123&subscription_type=datapoint&access_token=JWT456&token=TOK789&stream_key=KEY000&dsn=AC000W1")
        .putHeader("Authorization", "Bearer HEADERJWT")
        .putHeader("Cookie", "dss_session=COOKIEJWT")
        .send()
        .await();
    String line = awaitLines(1).get(0);
    assertThat(line)
        .doesNotContain("TICKET123", "JWT456", "TOK789", "KEY000", "HEADERJWT", "COOKIEJWT")
        .contains(
            "ticket=REDACTED",
            "access_token=REDACTED",
            "token=REDACTED",
            "stream_key=REDACTED",
            "subscription_type=datapoint",
            "dsn=AC000W1");
  }

  @Test
  void disabledAccessLogWritesNothingButServes(Vertx vertx) {
    int port = serve(vertx, false);
    int status =
        WebClient.create(vertx)
            .request(HttpMethod.GET, port, "127.0.0.1", "/events")
            .send()
            .await()
            .statusCode();
    assertThat(status).isEqualTo(200);
    assertThat(appender.list).isEmpty();
  }

  @Test
  void redactionCoversEncodedNamesAndKeepsOtherBytes() {
    assertThat(AccessLog.redact("/events?tick%65t=abc&x=%2F&ticket"))
        .isEqualTo("/events?tick%65t=REDACTED&x=%2F&ticket");
    assertThat(AccessLog.redact("/plain")).isEqualTo("/plain");
    assertThat(AccessLog.redact("/e?ticket=a&ticket=b"))
        .isEqualTo("/e?ticket=REDACTED&ticket=REDACTED");
  }
}

package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** A whole flow logged at DEBUG, access log on: no JWT, ticket, password, Ayla token or stream key in any line. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NoSecretsLoggedTest {

  /** Ayla access/refresh tokens and DSS stream keys of the simulator are 32 hex digits. */
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

  @Test
  void nothingLoggedContainsATokenPasswordOrStreamKey(Vertx vertx) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger app = (Logger) LoggerFactory.getLogger("io.dssgateway");
    Level previous = app.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    app.setLevel(Level.DEBUG);
    String jwt;
    String ticket;
    try {
      TestGateway gw = TestGateway.start(vertx, Map.of("log.access", "true"));
      jwt = gw.loginDemo();
      gw.post(
          "/api/login",
          null,
          new JsonObject().put("email", TestGateway.DEMO).put("password", "wrong-password-123"));
      ticket = gw.post("/api/tickets", jwt, null).bodyAsJsonObject().getString("ticket");
      SseClient browser =
          gw.events("subscription_type=datapoint&dsn=" + LED_DSN + "&ticket=" + ticket, null);
      gw.get("/events?subscription_type=datapoint&dsn=" + LED_DSN + "&ticket=" + ticket, null);
      gw.get("/events?subscription_type=datapoint&dsn=" + LED_DSN + "&access_token=" + jwt, null);
      gw.get("/api/streams", jwt + "x");
      gw.publish(LED_DSN, "Blue_button", List.of(1));
      browser.awaitEvents("datapoint", 1);
      gw.post(
          "/api/devices/" + LED_DSN + "/properties/Blue_LED/datapoints",
          jwt,
          new JsonObject().put("datapoint", new JsonObject().put("value", 1)));
      gw.dropUpstreamSockets();
      gw.publish(LED_DSN, "Blue_button", List.of(2));
      browser.awaitEvents("datapoint", 2);
      gw.simCall(io.vertx.core.http.HttpMethod.POST, "/sim/tokens/expire", new JsonObject());
      gw.get("/api/devices", jwt);
      gw.post("/api/logout", jwt, null);
      gw.stop();
    } finally {
      root.detachAppender(appender);
      app.setLevel(previous);
    }
    List<String> lines;
    synchronized (appender) { // AppenderBase.doAppend adds under the appender's lock
      lines =
          appender.list.stream()
              .map(
                  e ->
                      e.getFormattedMessage()
                          + (e.getThrowableProxy() == null
                              ? ""
                              : ThrowableProxyUtil.asString(e.getThrowableProxy())))
              .toList();
    }
    assertThat(lines).as("the flow was logged").isNotEmpty();
    String signature = jwt.substring(jwt.lastIndexOf('.') + 1);
    String payload = jwt.split("\\.")[1];
    for (String line : lines) {
      assertThat(line)
          .doesNotContain(signature)
          .doesNotContain(payload)
          .doesNotContain(ticket)
          .doesNotContain(TestGateway.DEMO_PASSWORD)
          .doesNotContain("wrong-password-123");
      assertThat(HEX32.matcher(line).find()).as("Ayla token or stream key in: %s", line).isFalse();
    }
  }
}

package io.dssgateway.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The embedded simulator's control API, called the way a tester would from outside the page. */
final class SimControl {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  SimControl(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Drops every open DSS socket: the gateway must reconnect upstream and resume with seq_start. */
  String dropSockets() {
    return post("/sim/sockets/drop", "{}");
  }

  /** One datapoint event per value, answered after all are published. */
  String publish(String dsn, String property, int... values) {
    StringBuilder list = new StringBuilder();
    for (int v : values) {
      list.append(list.isEmpty() ? "" : ",").append(v);
    }
    return post(
        "/sim/datapoints",
        "{\"dsn\":\""
            + dsn
            + "\",\"property_name\":\""
            + property
            + "\",\"values\":["
            + list
            + "]}");
  }

  String connectivity(String dsn, String status) {
    return post("/sim/devices/" + dsn + "/connectivity", "{\"status\":\"" + status + "\"}");
  }

  private String post(String path, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "POST " + path + " -> " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("POST " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

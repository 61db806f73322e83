package io.dssgateway.cluster;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** One browser's SSE stream as the text it received so far, for tests that look for events in it. */
final class StreamText {

  private final StringBuffer text = new StringBuffer();

  private StreamText() {}

  /** Opens {@code path} on a replica; returns once the stream answered 200. */
  static StreamText open(HttpClient client, ClusterHarness.Replica replica, String path) {
    StreamText stream = new StreamText();
    int status =
        client
            .request(
                new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setHost("127.0.0.1")
                    .setPort(replica.httpPort)
                    .setURI(path)
                    .putHeader("Authorization", "Bearer " + replica.token))
            .compose(req -> req.send())
            .map(
                res -> {
                  res.handler(chunk -> stream.text.append(chunk.toString()));
                  return res.statusCode();
                })
            .await();
    if (status != 200) {
      throw new AssertionError("GET " + path + ": " + status);
    }
    return stream;
  }

  boolean has(String... parts) {
    String now = text.toString();
    for (String part : parts) {
      if (!now.contains(part)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}

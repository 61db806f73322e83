package io.dssgateway.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the gateway relies on from Vert.x and Netty beyond Vert.x's public API, checked against
 * real servers, clients and a real cluster: a Vert.x upgrade that changes any of it fails here, by
 * name, rather than quietly breaking the fan-out, the cluster or an error answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VertxSeamContractTest {

  private static final String HOST = "127.0.0.1";

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void bytesWrittenStraightToAnHttp11SocketReachTheClientAfterTheHeadInOrder() {
    HttpServer server =
        serve(
            new HttpServerOptions().setStrictThreadMode(true),
            request -> {
              DirectSocket socket = DirectSocket.of(request);
              if (socket == null) {
                request
                    .response()
                    .setStatusCode(500)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end("no direct socket");
                return;
              }
              request
                  .response()
                  .setChunked(true)
                  .write("head;"); // Vert.x writes the head and the first chunk
              socket.write(chunk("direct;"));
              socket.write(chunk("twice"));
              socket.flush();
              request.response().end(); // Vert.x's last chunk follows ours
            });

    String raw =
        rawExchange(server.actualPort(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", "0\r\n\r\n");

    assertThat(raw)
        .startsWith("HTTP/1.1 200 OK")
        .contains("transfer-encoding: chunked")
        .endsWith("5\r\nhead;\r\n7\r\ndirect;\r\n5\r\ntwice\r\n0\r\n\r\n");
  }

  @Test
  void theHandlerNamesLookedUpAreThoseOfAnHttp11ServerPipeline() {
    HttpServer plain =
        serve(new HttpServerOptions(), request -> answerWithDirectSocket(request, "found"));
    HttpServer compressing =
        serve(
            new HttpServerOptions().setCompressionSupported(true),
            request -> answerWithDirectSocket(request, "found"));

    assertThat(get(HttpVersion.HTTP_1_1, plain.actualPort()))
        .as("HTTP/1.1: the encoder, by name")
        .isEqualTo("found");
    assertThat(get(HttpVersion.HTTP_1_1, compressing.actualPort()))
        .as("HTTP/1.1 with a compressor, by name: no direct way")
        .isEqualTo("none");
    assertThat(get(HttpVersion.HTTP_1_0, plain.actualPort())).as("HTTP/1.0").isEqualTo("none");
    assertThat(get(HttpVersion.HTTP_2, plain.actualPort())).as("HTTP/2").isEqualTo("none");
  }

  @Test
  void buffersShareTheirBytesWithTheNettyBuffersTheyHold() {
    Buffer plain = Buffer.buffer("abcdef");
    Buffer slice = plain.slice(1, 4);
    ByteBuf wrapped = Unpooled.copiedBuffer("xyz", StandardCharsets.US_ASCII);
    Buffer received = serveAndFetchBody("from the network");

    for (Buffer b : List.of(plain, slice, received)) {
      ByteBuf bytes = Buffers.bytesOf(b);
      assertThat(bytes.toString(bytes.readerIndex(), bytes.readableBytes(), StandardCharsets.UTF_8))
          .isEqualTo(b.toString());
    }
    Buffer shared = Buffers.wrap(wrapped);
    wrapped.setByte(0, 'X');
    assertThat(shared.toString()).as("no copy").isEqualTo("Xyz");
    assertThat(Buffers.bytesOf(shared)).isSameAs(wrapped);
  }

  @Test
  void aCallerContextPromiseRunsItsListenersOnTheCallersEventLoopWhoeverCompletesIt() {
    Context caller = vertx.getOrCreateContext();
    Vertx elsewhere = Vertx.vertx();
    try {
      Context other = elsewhere.getOrCreateContext();
      Promise<String> seen = Promise.promise();
      caller.runOnContext(
          v -> {
            Thread callerThread = Thread.currentThread();
            Promise<String> promise = CallerContext.promise();
            Promise<String> shared = Promise.promise();
            Future<String> viaOf = CallerContext.of(shared.future());
            Future.all(promise.future(), viaOf)
                .onComplete(
                    all ->
                        seen.complete(
                            (Thread.currentThread() == callerThread)
                                + " "
                                + (Vertx.currentContext() == caller)
                                + " "
                                + all.succeeded()));
            other.runOnContext(
                w -> {
                  if (Thread.currentThread() == callerThread) {
                    seen.tryFail("not another thread");
                  }
                  promise.complete("from another event loop");
                  shared.complete("shared");
                });
          });

      assertThat(seen.future().await())
          .as("on the caller's thread, in its context, completed")
          .isEqualTo("true true true");
      assertThat(CallerContext.promise()).as("outside any context: a plain promise").isNotNull();
    } finally {
      elsewhere.close().await();
    }
  }

  @Test
  void theClusterManagerOfAClusteredVertxAnswersAndAPlainVertxHasNone() throws Exception {
    assertThat(ClusterManagers.of(vertx)).isNull();

    Vertx clustered =
        Vertx.builder()
            .withClusterManager(new HazelcastClusterManager(hazelcast()))
            .buildClustered()
            .await();
    try {
      ClusterManager manager = ClusterManagers.of(clustered);
      assertThat(manager).isNotNull();
      assertThat(manager.isActive()).isTrue();
      assertThat(manager.getNodes()).containsExactly(manager.getNodeId());
    } finally {
      clustered.close().await();
    }
  }

  @Test
  void theDecodersFailuresAreToldApartByTheInvalidRequestHandler() {
    HttpServer server =
        vertx
            .createHttpServer(
                new HttpServerOptions().setMaxInitialLineLength(4096).setMaxHeaderSize(8192))
            .invalidRequestHandler(
                request ->
                    request
                        .response()
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(InvalidRequests.of(request).name()))
            .requestHandler(request -> request.response().end("valid"))
            .listen(0, HOST)
            .await();
    int port = server.actualPort();

    assertThat(
            rawExchange(
                port, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "LINE_TOO_LONG"))
        .endsWith("LINE_TOO_LONG");
    assertThat(
            rawExchange(
                port,
                "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n",
                "HEADERS_TOO_LARGE"))
        .endsWith("HEADERS_TOO_LARGE");
    assertThat(
            rawExchange(
                port, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n", "MALFORMED"))
        .endsWith("MALFORMED");
  }

  private static void answerWithDirectSocket(HttpServerRequest request, String found) {
    request.response().end(DirectSocket.of(request) == null ? "none" : found);
  }

  private static ByteBuf chunk(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return Unpooled.buffer()
        .writeBytes(
            (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII))
        .writeBytes(bytes)
        .writeBytes(new byte[] {'\r', '\n'});
  }

  private HttpServer serve(HttpServerOptions options, Consumer<HttpServerRequest> handler) {
    return vertx.createHttpServer(options).requestHandler(handler::accept).listen(0, HOST).await();
  }

  private Buffer serveAndFetchBody(String body) {
    HttpServer server = serve(new HttpServerOptions(), request -> request.response().end(body));
    return vertx
        .createHttpClient()
        .request(HttpMethod.GET, server.actualPort(), HOST, "/")
        .compose(r -> r.send().compose(response -> response.body()))
        .await();
  }

  private String get(HttpVersion version, int port) {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(version)
                .setHttp2ClearTextUpgrade(false)
                .setDecompressionSupported(true));
    try {
      return client
          .request(
              new RequestOptions()
                  .setMethod(HttpMethod.GET)
                  .setHost(HOST)
                  .setPort(port)
                  .setURI("/")
                  .putHeader(HttpHeaders.ACCEPT_ENCODING, "gzip"))
          .compose(r -> r.send().compose(response -> response.body()))
          .map(Buffer::toString)
          .await();
    } finally {
      client.close().await();
    }
  }

  /** Sends {@code request} over a plain socket and returns everything read until {@code endsWith} arrived. */
  private String rawExchange(int port, String request, String endsWith) {
    NetClient client = vertx.createNetClient();
    NetSocket socket = client.connect(port, HOST).await();
    Buffer received = Buffer.buffer();
    Promise<String> done = Promise.promise();
    socket.handler(
        b -> {
          received.appendBuffer(b);
          if (received.toString().endsWith(endsWith)) {
            done.tryComplete(received.toString());
          }
        });
    socket.closeHandler(v -> done.tryComplete(received.toString()));
    socket.write(request);
    try {
      return done.future().await();
    } finally {
      client.close().await();
    }
  }

  private static Config hazelcast() throws Exception {
    Config config = new Config();
    config.setClusterName("seam-" + UUID.randomUUID());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.local.localAddress", HOST);
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      port = probe.getLocalPort();
    }
    config
        .getNetworkConfig()
        .setPort(port)
        .setPortAutoIncrement(false)
        .getInterfaces()
        .setEnabled(true)
        .addInterface(HOST);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.of(HOST));
    return config;
  }
}

package io.dssgateway.auth;

import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Vertx;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The cost of one bearer-token check, {@link TokenVerifier#verify} of a distinct gateway ES256
 * token (header pre-checks, the signature, the claims), on the calling thread. Prints the mean
 * per check of several rounds after a warm-up, and the JVM's providers. A plain {@code main}, not a
 * test: {@code mvn -B -q -Pbench -DskipTests package exec:exec -Dbench.main=io.dssgateway.auth.TokenCheckBenchmark};
 * add the shipped flags ({@code @conf/jvm.options}) by running it with {@code java} directly.
 */
public final class TokenCheckBenchmark {

  private TokenCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int tokens = Integer.getInteger("bench.token-checks", 3_000);
    int rounds = Integer.getInteger("bench.token-rounds", 5);
    Vertx vertx = Vertx.vertx();
    try {
      AuthConfig config = AuthConfig.from(GatewaySettings.config(Map.of()));
      JwtIssuer issuer = JwtIssuer.create(vertx, config).await();
      TokenVerifier verifier = TokenVerifier.create(vertx, config, issuer).await();
      List<String> signed = new ArrayList<>(tokens);
      for (int i = 0; i < tokens; i++) {
        signed.add(issuer.issue("user-" + i, null, Map.of()));
      }
      run(verifier, signed, "warm-up");
      run(verifier, signed, "warm-up");
      for (int r = 1; r <= rounds; r++) {
        run(verifier, signed, "round " + r);
      }
      System.out.println(
          "providers: " + Arrays.stream(Security.getProviders()).map(Provider::getName).toList());
    } finally {
      vertx.close().await();
    }
  }

  private static void run(TokenVerifier verifier, List<String> tokens, String phase) {
    long start = System.nanoTime();
    for (String t : tokens) {
      var checked = verifier.verify(t);
      if (!checked.isComplete() || checked.failed()) {
        throw new IllegalStateException("a valid token was refused");
      }
    }
    long micros = (System.nanoTime() - start) / 1_000 / tokens.size();
    System.out.printf("%s: %d %s tokens, %d µs per check%n", phase, tokens.size(), "ES256", micros);
  }
}

package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.common.SecretBox;
import io.dssgateway.upstream.AylaTokens;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Shared session values: no token in the clear, and sealed tokens open only for their own session under the same key. */
class SessionCodecTest {

  private static final AylaTokens TOKENS =
      new AylaTokens("access-0123456789abcdef", "refresh-fedcba9876543210", 3600);
  private final SessionCodec codec = new SessionCodec(SecretBox.fromBase64(SecretBox.newKey()));

  @Test
  void entryRoundTripsAndHoldsNoSecret() {
    Instant exp = Instant.parse("2026-01-01T01:00:00Z");
    String json = codec.entry("demo@example.com", exp);
    assertThat(codec.entry(json)).isEqualTo(new SessionCodec.Entry("demo@example.com", exp));
    assertThat(new JsonObject(json).fieldNames()).containsExactlyInAnyOrder("sub", "exp");
  }

  @Test
  void tokensAreSealedAndOpenForTheirSession() {
    String sealed = codec.tokens("sid-1", TOKENS, 42);
    assertThat(sealed).doesNotContain(TOKENS.accessToken()).doesNotContain(TOKENS.refreshToken());
    SessionCodec.Tokens opened = codec.tokens("sid-1", sealed);
    assertThat(opened.obtainedAt()).isEqualTo(42);
    assertThat(opened.tokens().accessToken()).isEqualTo(TOKENS.accessToken());
    assertThat(opened.tokens().refreshToken()).isEqualTo(TOKENS.refreshToken());
  }

  @Test
  void sealedTokensMovedToAnotherSessionDoNotOpen() {
    String sealed = codec.tokens("sid-1", TOKENS, 42);
    assertThatThrownBy(() -> codec.tokens("sid-2", sealed))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sealedTokensDoNotOpenUnderAnotherKey() {
    String sealed = codec.tokens("sid-1", TOKENS, 42);
    SessionCodec other = new SessionCodec(SecretBox.fromBase64(SecretBox.newKey()));
    assertThatThrownBy(() -> other.tokens("sid-1", sealed))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEntryWithoutItsFieldsIsRefused() {
    assertThatThrownBy(() -> codec.entry("{\"sub\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

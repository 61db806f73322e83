package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Only a compact JWS (three base64url segments, the first two not empty) reaches the JWT library. */
class TokenShapeTest {

  private static final String HEADER =
      "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0"; // {"alg":"ES256","kid":"k1"}

  @Test
  void aCompactJwsIsRead() {
    assertThat(TokenVerifier.Header.parse(HEADER + ".e30.c2ln"))
        .isEqualTo(new TokenVerifier.Header("ES256", "k1"));
    assertThat(TokenVerifier.Header.parse(HEADER + ".e30."))
        .isEqualTo(new TokenVerifier.Header("ES256", "k1"));
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad :
        new String[] {
          HEADER + ".e30",
          HEADER + "..sig",
          "." + "e30.sig",
          HEADER + ".e30.sig.more",
          HEADER + ".e3 0.sig",
          HEADER + ".e30.si+g",
          HEADER + ".e30.sig=",
          "",
          HEADER + ".e30.s\u00e9g"
        }) {
      assertThatThrownBy(() -> TokenVerifier.Header.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void manyDistinctHeadersAreEachReadAsThemselvesPastTheRememberedOnes() {
    for (int i = 0; i < 200; i++) {
      String json = "{\"alg\":\"ES256\",\"kid\":\"key-" + i + "\"}";
      String header =
          java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (int round = 0; round < 2; round++) {
        assertThat(TokenVerifier.Header.parse(header + ".e30.c2ln"))
            .isEqualTo(new TokenVerifier.Header("ES256", "key-" + i));
      }
    }
    assertThatThrownBy(() -> TokenVerifier.Header.parse("bm90IGpzb24.e30.c2ln")) // "not json"
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base64url JSON");
  }
}

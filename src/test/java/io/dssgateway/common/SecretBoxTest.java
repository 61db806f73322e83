package io.dssgateway.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void sealedValuesOpenToThePlaintextAndNeverContainIt() {
    String sealed = box.seal("ayla-refresh-token-ü");
    assertThat(sealed).doesNotContain("ayla-refresh-token");
    assertThat(box.open(sealed)).isEqualTo("ayla-refresh-token-ü");
  }

  @Test
  void everySealIsFresh() {
    assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
  }

  @Test
  void anAlteredValueOrAnotherKeyDoesNotOpen() {
    String sealed = box.seal("stream-key");
    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length - 1] ^= 1;
    String altered = "v1:" + Base64.getEncoder().encodeToString(raw);
    assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SecretBox.fromBase64(SecretBox.newKey()).open(sealed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> box.open("plain")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysMustBe32BytesOfBase64() {
    assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ=")).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> SecretBox.fromBase64("not base64!")).hasMessageContaining("base64");
  }
}

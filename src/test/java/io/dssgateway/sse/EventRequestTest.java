package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.common.HttpError;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** The query of {@code /events}: which values pass, and the error each refusal gets. */
class EventRequestTest {

  private static EventRequest parse(String... nameValues) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      query.add(nameValues[i], nameValues[i + 1]);
    }
    return EventRequest.parse(query, null, 20);
  }

  private static HttpError refusal(String... nameValues) {
    try {
      parse(nameValues);
    } catch (HttpError e) {
      return e;
    }
    throw new AssertionError("accepted: " + String.join(" ", nameValues));
  }

  @Test
  void valuesOfUpTo64AllowedCharactersPass() {
    String longest = "A-z_0.9:".repeat(8);
    EventRequest request =
        parse(
            "subscription_type",
            "datapoint,connectivity",
            "oem_model",
            longest,
            "dsn",
            "*",
            "property_name",
            " Blue_LED ");
    assertThat(request.types()).containsExactly("connectivity", "datapoint");
    assertThat(request.filter().oemModels()).containsExactly(longest);
    assertThat(request.filter().properties()).containsExactly("Blue_LED");
  }

  @Test
  void aValueTooLongEmptyOrWithAnotherCharacterIs422() {
    for (String bad : new String[] {"A".repeat(65), "", "a b", "a/b", "é", "a,,b", "a*"}) {
      HttpError e = refusal("subscription_type", "datapoint", "dsn", bad);
      assertThat(e.status()).as(bad).isEqualTo(422);
      assertThat(e.details().getJsonObject("errors").containsKey("dsn")).as(bad).isTrue();
    }
  }

  @Test
  void aControlCharacterAnywhereIs400() {
    for (String bad : new String[] {"dev\u0000", "\tdev", "de\nv", "dev\u001f", "dev\u007f"}) {
      HttpError e = refusal("subscription_type", "datapoint", "dsn", bad);
      assertThat(e.status()).as(bad).isEqualTo(400);
      assertThat(e.code()).isEqualTo("invalid_characters");
    }
  }

  @Test
  void unknownAndRepeatedParametersAre400() {
    assertThatThrownBy(() -> parse("subscription_type", "datapoint", "dsn", "d", "colour", "red"))
        .isInstanceOfSatisfying(
            HttpError.class, e -> assertThat(e.code()).isEqualTo("unknown_parameter"));
    assertThatThrownBy(() -> parse("subscription_type", "datapoint", "dsn", "d", "dsn", "e"))
        .isInstanceOfSatisfying(
            HttpError.class, e -> assertThat(e.code()).isEqualTo("repeated_parameter"));
  }
}

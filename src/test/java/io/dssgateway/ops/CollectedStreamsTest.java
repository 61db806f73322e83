package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.config.ConfigError;
import io.dssgateway.hub.StreamKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code history.streams} read with the {@code /events} rules; the account collected streams run under. */
class CollectedStreamsTest {

  @Test
  void eachFilterGivesOneKeyPerTypeInTheScope() {
    List<StreamKey> keys =
        CollectedStreams.keys(
            "subscription_type=datapoint,datapointack&oem_model=ledevb&dsn=*; "
                + "subscription_type=connectivity&oem_model=*&dsn=AC000W000340649;;subscription_type=datapoint&oem_model=ledevb&dsn=*",
            "service",
            100);
    assertThat(keys)
        .extracting(StreamKey::canonical)
        .containsExactly(
            "service|datapoint|m=ledevb;d=*;p=*",
            "service|datapointack|m=ledevb;d=*;p=*",
            "service|connectivity|m=*;d=AC000W000340649;p=*");
  }

  @Test
  void aBadFilterIsAConfigurationErrorNamingIt() {
    assertThatThrownBy(
            () -> CollectedStreams.keys("subscription_type=datapoint&oem_model=*", "service", 100))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("history.streams")
        .hasMessageContaining("dsn");
    assertThatThrownBy(() -> CollectedStreams.keys("subscription_type=nope&dsn=X", "service", 100))
        .isInstanceOf(ConfigError.class);
    assertThatThrownBy(() -> CollectedStreams.keys("colour=red", "service", 100))
        .isInstanceOf(ConfigError.class);
  }

  @Test
  void theAccountIsTheHistoryOneThenTheServiceOneThenTheEmbeddedSimulatorsFirst() {
    assertThat(
            CollectedStreams.account(
                GatewaySettings.config(
                    Map.of(
                        "history.account.email",
                        "A@x.org",
                        "history.account.password",
                        "p",
                        "auth.service.email",
                        "s@x.org"))))
        .isEqualTo(new CollectedStreams.Account("a@x.org", "p"));
    assertThat(
            CollectedStreams.account(
                GatewaySettings.config(
                    Map.of("auth.service.email", "s@x.org", "auth.service.password", "q"))))
        .isEqualTo(new CollectedStreams.Account("s@x.org", "q"));
    assertThat(CollectedStreams.account(GatewaySettings.config(Map.of())))
        .isEqualTo(new CollectedStreams.Account("demo@example.com", "demo1234"));
    assertThatThrownBy(
            () -> CollectedStreams.account(GatewaySettings.config(Map.of("role", "gateway"))))
        .isInstanceOf(ConfigError.class);
  }
}

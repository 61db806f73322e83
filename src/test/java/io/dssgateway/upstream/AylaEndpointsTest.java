package io.dssgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.config.ConfigError;
import io.dssgateway.ops.GatewaySettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AylaEndpointsTest {

  @Test
  void defaultsToTheEmbeddedSimulator() {
    assertThat(AylaEndpoints.from(GatewaySettings.config(Map.of()), 8090))
        .isEqualTo(AylaEndpoints.forSimulator(8090));
    assertThat(AylaEndpoints.forSimulator(8090).dssWsUrl()).isEqualTo("ws://127.0.0.1:8090/stream");
  }

  @Test
  void usFieldCloudFollowsTheRegionalTable() {
    AylaEndpoints e = AylaEndpoints.from(GatewaySettings.config(Map.of("ayla.region", "us")), 0);
    assertThat(e)
        .isEqualTo(
            new AylaEndpoints(
                "https://user-field.aylanetworks.com",
                "https://ads-field.aylanetworks.com",
                "https://stream-field.aylanetworks.com",
                "wss://stream-field.aylanetworks.com/stream"));
  }

  @Test
  void euFieldMobileAndCnDevCloud() {
    AylaEndpoints eu = AylaEndpoints.forRegion("eu", "field", "mobile");
    assertThat(eu.userUrl()).isEqualTo("https://user-field-eu.aylanetworks.com");
    assertThat(eu.dssUrl()).isEqualTo("https://mdss-field-eu.aylanetworks.com");
    assertThat(eu.dssWsUrl()).isEqualTo("wss://mstream-field-eu.aylanetworks.com/stream");
    AylaEndpoints cn = AylaEndpoints.forRegion("cn", "dev", "cloud");
    assertThat(cn.adsUrl()).isEqualTo("https://ads-dev.ayla.com.cn");
    assertThat(cn.dssWsUrl()).isEqualTo("wss://stream.ayla.com.cn/stream");
  }

  @Test
  void explicitUrlsOverrideTheRegion() {
    AylaEndpoints e =
        AylaEndpoints.from(
            GatewaySettings.config(
                Map.of(
                    "ayla.region",
                    "us",
                    "ayla.deployment",
                    "dev",
                    "ayla.dss-ws-url",
                    "wss://proxy.example/stream/")),
            0);
    assertThat(e.dssWsUrl()).isEqualTo("wss://proxy.example/stream");
    assertThat(e.userUrl()).isEqualTo("https://user-dev.aylanetworks.com");
  }

  @Test
  void stagingWithoutUserAndAdsUrlsIsAConfigError() {
    assertThatThrownBy(
            () ->
                AylaEndpoints.from(
                    GatewaySettings.config(
                        Map.of("ayla.region", "us", "ayla.deployment", "staging")),
                    0))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("ayla.user-url")
        .hasMessageContaining("ayla.ads-url");
  }

  @Test
  void unknownRegionOrPartialExplicitUrlsAreConfigErrors() {
    assertThatThrownBy(() -> AylaEndpoints.forRegion("mars", "field", "cloud"))
        .isInstanceOf(ConfigError.class);
    assertThatThrownBy(
            () ->
                AylaEndpoints.from(
                    GatewaySettings.config(Map.of("ayla.user-url", "https://u.example")), 0))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("ayla.dss-ws-url");
  }
}

package io.dssgateway.upstream;

import io.dssgateway.config.AppConfig;

/** What {@link AylaClient} needs: where Ayla is, the application credentials, the request timeout. */
public record AylaConfig(
    AylaEndpoints endpoints, String appId, String appSecret, long requestTimeoutMs) {

  public static AylaConfig from(AppConfig c, AylaEndpoints endpoints) {
    return new AylaConfig(
        endpoints,
        c.string(UpstreamSettings.APP_ID),
        c.string(UpstreamSettings.APP_SECRET),
        c.millis(UpstreamSettings.REQUEST_TIMEOUT));
  }

  @Override
  public String toString() {
    return "AylaConfig[endpoints=" + endpoints + ", appId=" + appId + ", appSecret=<redacted>]";
  }
}

package io.dssgateway.upstream;

import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigError;
import java.util.Locale;

/**
 * Base URLs of the Ayla services: user service, device service (ads), DSS REST and the DSS
 * WebSocket (the full {@code .../stream} URL). Chosen by region + deployment + client type from
 * dss-protocol.md §5, by explicit URLs (each overrides its region default), or the embedded
 * simulator when neither is configured.
 */
public record AylaEndpoints(String userUrl, String adsUrl, String dssUrl, String dssWsUrl) {

  public AylaEndpoints {
    userUrl = trimSlash(userUrl);
    adsUrl = trimSlash(adsUrl);
    dssUrl = trimSlash(dssUrl);
    dssWsUrl = trimSlash(dssWsUrl);
  }

  /** The embedded simulator: one server for every service. */
  public static AylaEndpoints forSimulator(int port) {
    String base = "http://127.0.0.1:" + port;
    return new AylaEndpoints(base, base, base, "ws://127.0.0.1:" + port + "/stream");
  }

  /**
   * From {@code ayla.region}/{@code ayla.deployment}/{@code ayla.client-type} and the explicit
   * {@code ayla.*-url} overrides; with neither, the embedded simulator on {@code simulatorPort}.
   */
  public static AylaEndpoints from(AppConfig c, int simulatorPort) {
    String region = c.string(UpstreamSettings.REGION);
    AylaEndpoints base;
    if (region != null && !region.isBlank()) {
      base =
          forRegion(
              region,
              c.string(UpstreamSettings.DEPLOYMENT),
              c.string(UpstreamSettings.CLIENT_TYPE));
    } else if (hasAnyExplicitUrl(c)) {
      base = new AylaEndpoints(null, null, null, null);
    } else {
      return forSimulator(simulatorPort);
    }
    AylaEndpoints merged =
        new AylaEndpoints(
            orElse(c.string(UpstreamSettings.USER_URL), base.userUrl),
            orElse(c.string(UpstreamSettings.ADS_URL), base.adsUrl),
            orElse(c.string(UpstreamSettings.DSS_URL), base.dssUrl),
            orElse(c.string(UpstreamSettings.DSS_WS_URL), base.dssWsUrl));
    merged.requireComplete();
    return merged;
  }

  /** The regional table of dss-protocol.md §5; a service the table lacks stays null. */
  public static AylaEndpoints forRegion(String region, String deployment, String clientType) {
    String r = lower(region);
    String d = lower(deployment == null ? "field" : deployment);
    boolean mobile =
        switch (lower(clientType == null ? "cloud" : clientType)) {
          case "cloud" -> false;
          case "mobile" -> true;
          default ->
              throw new ConfigError(
                  "ayla.client-type must be `cloud` or `mobile`, not '" + clientType + "'");
        };
    if (d.equals("staging")) {
      if (!r.equals("us")) {
        throw new ConfigError("Ayla has no `staging` deployment in region " + r);
      }
      // Staging has no public user/ads hosts and no documented mobile DSS REST host: set them
      // explicitly.
      String ws =
          mobile
              ? "wss://staging-mstream.ayladev.com/stream"
              : "wss://staging-dss.ayladev.com/stream";
      return new AylaEndpoints(null, null, mobile ? null : "https://staging-dss.ayladev.com", ws);
    }
    String domain =
        switch (r) {
          case "us", "eu" -> "aylanetworks.com";
          case "cn" -> "ayla.com.cn";
          default ->
              throw new ConfigError("ayla.region must be `us`, `eu` or `cn`, not '" + region + "'");
        };
    if (!d.equals("dev") && !d.equals("field")) {
      throw new ConfigError(
          "ayla.deployment must be `dev`, `field` or `staging`, not '" + deployment + "'");
    }
    if (r.equals("eu") && d.equals("dev")) {
      throw new ConfigError("Ayla has no `dev` deployment in region eu");
    }
    String suffix = r.equals("eu") ? "-eu" : "";
    String cloudStream = (d.equals("dev") ? "stream" : "stream-field" + suffix) + "." + domain;
    String dss = mobile ? "mdss-" + d + suffix + "." + domain : cloudStream;
    String ws = mobile ? "mstream-" + d + suffix + "." + domain : cloudStream;
    return new AylaEndpoints(
        "https://user-" + d + suffix + "." + domain,
        "https://ads-" + d + suffix + "." + domain,
        "https://" + dss,
        "wss://" + ws + "/stream");
  }

  private void requireComplete() {
    StringBuilder missing = new StringBuilder();
    if (userUrl == null) {
      missing.append(" ayla.user-url");
    }
    if (adsUrl == null) {
      missing.append(" ayla.ads-url");
    }
    if (dssUrl == null) {
      missing.append(" ayla.dss-url");
    }
    if (dssWsUrl == null) {
      missing.append(" ayla.dss-ws-url");
    }
    if (!missing.isEmpty()) {
      throw new ConfigError("Ayla endpoints incomplete; set:" + missing);
    }
  }

  private static boolean hasAnyExplicitUrl(AppConfig c) {
    return c.string(UpstreamSettings.USER_URL) != null
        || c.string(UpstreamSettings.ADS_URL) != null
        || c.string(UpstreamSettings.DSS_URL) != null
        || c.string(UpstreamSettings.DSS_WS_URL) != null;
  }

  private static String orElse(String explicit, String fallback) {
    return explicit == null || explicit.isBlank() ? fallback : explicit;
  }

  private static String lower(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  private static String trimSlash(String url) {
    return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

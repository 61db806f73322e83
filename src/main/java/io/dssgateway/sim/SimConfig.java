package io.dssgateway.sim;

import io.dssgateway.ops.config.AppConfig;

/** The simulator's typed configuration. */
public record SimConfig(String host, int port) {

  public static SimConfig from(AppConfig c) {
    return new SimConfig(c.string(SimSettings.HOST), c.integer(SimSettings.PORT));
  }
}

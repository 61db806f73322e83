package io.dssgateway.config;

/** The configuration is invalid; the message names the key and (unless secret) the value. */
public final class ConfigError extends RuntimeException {
  public ConfigError(String message) {
    super(message, null, false, false);
  }
}

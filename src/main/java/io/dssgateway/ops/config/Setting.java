package io.dssgateway.ops.config;

import java.util.Locale;

/**
 * One configuration key: its dotted name in {@code conf/application.yaml}, its type, default and
 * meaning. Every key can be overridden by the environment variable {@link #envName()} and the
 * system property {@link #propertyName()}. A secret is accepted only from the environment (or a
 * file named by another setting) and its value never appears in a message or log.
 */
public record Setting(String key, Kind kind, String defaultValue, String meaning, boolean secret) {

  public enum Kind { INT, LONG, BOOL, STRING, LIST, MILLIS }

  public static Setting of(String key, Kind kind, Object defaultValue, String meaning) {
    return new Setting(key, kind, defaultValue == null ? null : String.valueOf(defaultValue), meaning, false);
  }

  public static Setting secret(String key, String meaning) {
    return new Setting(key, Kind.STRING, null, meaning, true);
  }

  /** {@code sim.port} becomes {@code DSS_SIM_PORT}. */
  public String envName() {
    return "DSS_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** {@code sim.port} becomes {@code dss.sim.port}. */
  public String propertyName() {
    return "dss." + key;
  }
}

package io.dssgateway.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its dotted name in {@code conf/application.yaml}, its type, default and
 * meaning. Every key can be overridden by the environment variable {@link #envName()} and the
 * system property {@link #propertyName()}. A secret is accepted only from the environment (or a
 * file named by another setting) and its value never appears in a message or log. A setting with
 * {@link #allowed()} values accepts only those (see {@link #oneOf}).
 */
public record Setting(
    String key,
    Kind kind,
    String defaultValue,
    String meaning,
    boolean secret,
    List<String> allowed) {

  /** {@code PORT} is an {@code INT} between 0 and 65535; {@code INT} and {@code LONG} must not be negative. */
  public enum Kind {
    INT,
    LONG,
    BOOL,
    STRING,
    LIST,
    MILLIS,
    PORT
  }

  public Setting {
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
    if (!allowed.isEmpty() && defaultValue != null && !allowed.contains(defaultValue)) {
      throw new IllegalArgumentException("default of " + key + " is not one of " + allowed);
    }
  }

  /** A setting without a list of allowed values (the form other packages construct directly). */
  public Setting(String key, Kind kind, String defaultValue, String meaning, boolean secret) {
    this(key, kind, defaultValue, meaning, secret, List.of());
  }

  public static Setting of(String key, Kind kind, Object defaultValue, String meaning) {
    return new Setting(
        key, kind, defaultValue == null ? null : String.valueOf(defaultValue), meaning, false);
  }

  public static Setting secret(String key, String meaning) {
    return new Setting(key, Kind.STRING, null, meaning, true);
  }

  /** A string setting that accepts only the given values (compared exactly, after trimming). */
  public static Setting oneOf(String key, String defaultValue, String meaning, String... allowed) {
    return new Setting(key, Kind.STRING, defaultValue, meaning, false, List.of(allowed));
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

package io.dssgateway.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated configuration: for every known {@link Setting}, its value parsed to its kind.
 * Built once at start-up by {@link ConfigLoader}; tests build one with {@link #of(Map)}.
 */
public final class AppConfig {

  private final Catalogue catalogue;
  private final Map<String, Object> values;

  private AppConfig(Catalogue catalogue, Map<String, Object> values) {
    this.catalogue = catalogue;
    this.values = values;
  }

  /** Parses and validates raw string values against the catalogue (missing keys take their defaults). */
  public static AppConfig of(Catalogue catalogue, Map<String, String> raw) {
    Map<String, String> unknown = new HashMap<>(raw);
    Map<String, Object> parsed = new HashMap<>();
    for (Setting s : catalogue.all()) {
      unknown.remove(s.key());
      String value = raw.containsKey(s.key()) ? raw.get(s.key()) : s.defaultValue();
      parsed.put(s.key(), value == null ? null : parse(s, value.trim()));
    }
    if (!unknown.isEmpty()) {
      throw new ConfigError(
          "unknown configuration key(s): " + String.join(", ", new TreeMap<>(unknown).keySet()));
    }
    return new AppConfig(catalogue, parsed);
  }

  /** A copy with some values replaced (raw strings, validated like any other). */
  public AppConfig with(Map<String, String> overrides) {
    Map<String, Object> copy = new HashMap<>(values);
    overrides.forEach(
        (k, v) -> {
          Setting s =
              catalogue
                  .byKey(k)
                  .orElseThrow(() -> new ConfigError("unknown configuration key: " + k));
          copy.put(k, v == null ? null : parse(s, v.trim()));
        });
    return new AppConfig(catalogue, copy);
  }

  public int integer(Setting s) {
    return ((Number) require(s)).intValue();
  }

  public long longValue(Setting s) {
    return ((Number) require(s)).longValue();
  }

  public long millis(Setting s) {
    return ((Number) require(s)).longValue();
  }

  public boolean bool(Setting s) {
    return (Boolean) require(s);
  }

  /** The string value, or null when unset and without default. */
  public String string(Setting s) {
    return (String) values.get(s.key());
  }

  @SuppressWarnings("unchecked")
  public List<String> list(Setting s) {
    Object v = values.get(s.key());
    return v == null ? List.of() : (List<String>) v;
  }

  private Object require(Setting s) {
    if (!values.containsKey(s.key()) && catalogue.byKey(s.key()).isEmpty()) {
      throw new IllegalArgumentException(s.key() + " is not in this configuration's catalogue");
    }
    Object v = values.get(s.key());
    if (v == null) {
      throw new ConfigError("configuration key " + s.key() + " (" + s.envName() + ") is required");
    }
    return v;
  }

  /** Every setting's value as text for a start-up log line: secrets show only whether they are set. */
  public Map<String, String> describe() {
    Map<String, String> out = new TreeMap<>();
    for (Setting s : catalogue.all()) {
      Object v = values.get(s.key());
      out.put(
          s.key(),
          s.secret()
              ? (v == null ? "<unset>" : "<set>")
              : v instanceof List<?> l
                  ? String.join(",", l.stream().map(String::valueOf).toList())
                  : String.valueOf(v));
    }
    return out;
  }

  private static Object parse(Setting s, String value) {
    try {
      Object parsed =
          switch (s.kind()) {
            case INT -> parseInt(value, 0, Integer.MAX_VALUE);
            case PORT -> parseInt(value, 0, 65535);
            case LONG, MILLIS -> parseNonNegativeLong(value);
            case BOOL -> parseBool(value);
            case STRING -> value;
            case LIST ->
                value.isEmpty()
                    ? List.of()
                    : Collections.unmodifiableList(
                        Arrays.stream(value.split(","))
                            .map(String::trim)
                            .filter(x -> !x.isEmpty())
                            .toList());
          };
      if (!s.allowed().isEmpty() && !s.allowed().contains(value)) {
        throw new IllegalArgumentException("not one of " + String.join(", ", s.allowed()));
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new ConfigError(
          "invalid value for "
              + s.key()
              + " ("
              + s.envName()
              + "): "
              + shown(s, value)
              + " is not "
              + expected(s));
    }
  }

  private static String shown(Setting s, String value) {
    return s.secret() ? "<redacted>" : "'" + value + "'";
  }

  private static String expected(Setting s) {
    if (!s.allowed().isEmpty()) {
      return "one of " + String.join(", ", s.allowed());
    }
    return switch (s.kind()) {
      case INT -> "a whole number >= 0";
      case PORT -> "a port number 0-65535";
      case LONG -> "a whole number >= 0";
      case MILLIS -> "a duration in milliseconds >= 0";
      case BOOL -> "a boolean (true/false, yes/no, on/off, 1/0)";
      case STRING, LIST -> "valid";
    };
  }

  private static int parseInt(String value, int min, int max) {
    int v = Integer.parseInt(value);
    if (v < min || v > max) {
      throw new IllegalArgumentException("out of range");
    }
    return v;
  }

  private static long parseNonNegativeLong(String value) {
    long v = Long.parseLong(value);
    if (v < 0) {
      throw new IllegalArgumentException("negative");
    }
    return v;
  }

  private static boolean parseBool(String value) {
    return switch (value.toLowerCase()) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }
}

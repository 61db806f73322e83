package io.dssgateway.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the configuration with vertx-config from three stores declared explicitly, in
 * increasing precedence: the YAML file, environment variables, system properties. (With
 * vertx-config's default stores the file would override the environment; operators expect the
 * opposite.) Secrets are refused from the file and from system properties, which show up in
 * {@code ps}.
 */
public final class ConfigLoader {

  /** The file read when {@code DSS_CONFIG} / {@code -Ddss.config} does not name another. */
  public static final String DEFAULT_FILE = "conf/application.yaml";

  private ConfigLoader() {}

  /** Loads from {@code conf/application.yaml} (or {@code DSS_CONFIG}), this process's environment and system properties. */
  public static Future<AppConfig> load(Vertx vertx, Catalogue catalogue) {
    Map<String, String> sys = new HashMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(name -> sys.put(name, System.getProperty(name)));
    return load(vertx, catalogue, System.getenv(), sys);
  }

  /**
   * Loads with an explicit environment and system properties (tests, tools). Only variables and
   * properties naming a known setting (plus {@code DSS_CONFIG} / {@code dss.config}) are read.
   */
  public static Future<AppConfig> load(
      Vertx vertx, Catalogue catalogue, Map<String, String> env, Map<String, String> sysProps) {
    String path = sysProps.getOrDefault("dss.config", env.getOrDefault("DSS_CONFIG", DEFAULT_FILE));
    ConfigRetrieverOptions options =
        new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(-1);
    if (Files.exists(Path.of(path))) {
      options.addStore(
          new ConfigStoreOptions()
              .setType("file")
              .setFormat("yaml")
              .setConfig(new JsonObject().put("path", path)));
    } else if (!DEFAULT_FILE.equals(path)) {
      return Future.failedFuture(new ConfigError("configuration file not found: " + path));
    }
    JsonObject envStore = new JsonObject();
    JsonObject sysStore = new JsonObject();
    for (Setting s : catalogue.all()) {
      if (env.containsKey(s.envName())) {
        envStore.put(s.envName(), env.get(s.envName()));
      }
      if (sysProps.containsKey(s.propertyName())) {
        sysStore.put(s.propertyName(), sysProps.get(s.propertyName()));
      }
    }
    // Stores merge in the order added, later ones winning: file < environment < system properties.
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(envStore));
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(sysStore));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever
        .getConfig()
        .eventually(retriever::close)
        .transform(
            ar ->
                ar.succeeded()
                    ? Future.succeededFuture(resolve(catalogue, ar.result()))
                    : Future.failedFuture(
                        ar.cause() instanceof ConfigError
                            ? ar.cause()
                            : new ConfigError(
                                "cannot read configuration file "
                                    + path
                                    + ": "
                                    + ar.cause().getMessage())));
  }

  /** Picks each setting from the merged stores: system property, then environment, then file. */
  static AppConfig resolve(Catalogue catalogue, JsonObject merged) {
    Map<String, String> raw = new HashMap<>();
    for (Setting s : catalogue.all()) {
      String sys = stringOrNull(merged.getValue(s.propertyName()));
      String env = stringOrNull(merged.getValue(s.envName()));
      String file = stringOrNull(lookup(merged, s.key()));
      if (s.secret() && (file != null || sys != null)) {
        throw new ConfigError(
            s.key()
                + " is a secret: set it with the environment variable "
                + s.envName()
                + " (for example from a Kubernetes Secret), not in the configuration file or a system property");
      }
      String value = sys != null ? sys : env != null ? env : file;
      if (value != null) {
        raw.put(s.key(), value);
      }
    }
    rejectUnknownFileKeys(catalogue, merged);
    return AppConfig.of(catalogue, raw);
  }

  private static void rejectUnknownFileKeys(Catalogue catalogue, JsonObject merged) {
    Map<String, Object> fileKeys = new HashMap<>();
    for (String top : merged.fieldNames()) {
      if (top.startsWith("DSS_") || top.startsWith("dss.")) {
        continue; // the environment and system-property stores
      }
      if (merged.getValue(top) instanceof JsonObject section && catalogue.byKey(top).isEmpty()) {
        flatten(catalogue, top, section, fileKeys);
      } else {
        fileKeys.put(top, merged.getValue(top));
      }
    }
    List<String> unknown =
        fileKeys.keySet().stream().filter(k -> catalogue.byKey(k).isEmpty()).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new ConfigError("unknown configuration key(s) in file: " + String.join(", ", unknown));
    }
  }

  private static Map<String, Object> flatten(
      Catalogue catalogue, String prefix, JsonObject obj, Map<String, Object> out) {
    obj.forEach(
        e -> {
          String key = prefix + "." + e.getKey();
          if (e.getValue() instanceof JsonObject nested && catalogue.byKey(key).isEmpty()) {
            flatten(catalogue, key, nested, out);
          } else {
            out.put(key, e.getValue());
          }
        });
    return out;
  }

  private static Object lookup(JsonObject root, String dottedKey) {
    if (root.containsKey(dottedKey)) {
      return root.getValue(dottedKey); // written flat in the file: "http.port: 8080"
    }
    Object current = root;
    for (String part : dottedKey.split("\\.")) {
      if (!(current instanceof JsonObject obj)) {
        return null;
      }
      current = obj.getValue(part);
    }
    return current;
  }

  private static String stringOrNull(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof JsonArray arr) {
      return String.join(",", arr.stream().map(String::valueOf).toList());
    }
    return String.valueOf(v);
  }
}

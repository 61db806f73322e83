package io.dssgateway.ops.config;

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

  private ConfigLoader() {
  }

  public static Future<AppConfig> load(Vertx vertx) {
    String path = System.getProperty("dss.config", System.getenv().getOrDefault("DSS_CONFIG", DEFAULT_FILE));
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false).setScanPeriod(-1);
    if (Files.exists(Path.of(path))) {
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
          .setConfig(new JsonObject().put("path", path)));
    } else if (!DEFAULT_FILE.equals(path)) {
      return Future.failedFuture(new ConfigError("configuration file not found: " + path));
    }
    JsonArray envKeys = new JsonArray();
    Settings.all().forEach(s -> envKeys.add(s.envName()));
    options.addStore(new ConfigStoreOptions().setType("env")
        .setConfig(new JsonObject().put("raw-data", true).put("keys", envKeys)));
    options.addStore(new ConfigStoreOptions().setType("sys")
        .setConfig(new JsonObject().put("cache", false).put("raw-data", true)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(ConfigLoader::resolve);
  }

  /** Picks each setting from the merged stores: system property, then environment, then file. */
  static AppConfig resolve(JsonObject merged) {
    Map<String, String> raw = new HashMap<>();
    for (Setting s : Settings.all()) {
      String sys = stringOrNull(merged.getValue(s.propertyName()));
      String env = stringOrNull(merged.getValue(s.envName()));
      String file = stringOrNull(lookup(merged, s.key()));
      if (s.secret() && (file != null || sys != null)) {
        throw new ConfigError(s.key() + " is a secret: set it with the environment variable " + s.envName()
            + " (or a mounted file), not in the configuration file or a system property");
      }
      String value = sys != null ? sys : env != null ? env : file;
      if (value != null) {
        raw.put(s.key(), value);
      }
    }
    rejectUnknownFileKeys(merged);
    return AppConfig.of(raw);
  }

  private static void rejectUnknownFileKeys(JsonObject merged) {
    for (String top : merged.fieldNames()) {
      if (top.startsWith("DSS_") || top.contains(".") || !(merged.getValue(top) instanceof JsonObject section)) {
        continue;
      }
      flatten(top, section, new HashMap<>()).keySet().forEach(key -> {
        if (Settings.byKey(key).isEmpty()) {
          throw new ConfigError("unknown configuration key in file: " + key);
        }
      });
    }
  }

  private static Map<String, Object> flatten(String prefix, JsonObject obj, Map<String, Object> out) {
    obj.forEach(e -> {
      String key = prefix + "." + e.getKey();
      if (e.getValue() instanceof JsonObject nested && Settings.byKey(key).isEmpty()) {
        flatten(key, nested, out);
      } else {
        out.put(key, e.getValue());
      }
    });
    return out;
  }

  private static Object lookup(JsonObject root, String dottedKey) {
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

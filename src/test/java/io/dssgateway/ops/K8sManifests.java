package io.dssgateway.ops;

import io.dssgateway.config.Setting;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The parsed documents of {@code k8s/*.yaml}, with small navigation helpers for tests. */
final class K8sManifests {

  static final Path DIR = Path.of(System.getProperty("project.basedir", "."), "k8s");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  final List<Map<String, Object>> documents = new ArrayList<>();

  @SuppressWarnings("unchecked")
  static K8sManifests load() throws IOException {
    K8sManifests m = new K8sManifests();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (Reader reader = Files.newBufferedReader(file)) {
          for (Object doc : new Yaml().loadAll(reader)) {
            if (doc != null) {
              Map<String, Object> map = (Map<String, Object>) doc;
              map.put("__file", file.getFileName().toString());
              m.documents.add(map);
            }
          }
        }
      }
    }
    return m;
  }

  /** The ConfigMap's data: DSS_* variable to value. */
  Map<String, String> configMapEnv() {
    Map<String, Object> data = get(one("ConfigMap", "dss-gateway-config"), "data");
    Map<String, String> env = new HashMap<>();
    data.forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }

  /** The ConfigMap's variables as configuration keys (fails on a variable no setting reads). */
  Map<String, String> configMapAsSettings() {
    Map<String, String> raw = new HashMap<>();
    configMapEnv().forEach((env, value) -> raw.put(settingForEnv(env).key(), value));
    return raw;
  }

  /**
   * The gateway container's environment as the kubelet builds it: the ConfigMap ({@code envFrom}),
   * then each {@code env} entry in order, {@code $(VAR)} expanded from the variables defined before
   * it (left as is when undefined, as Kubernetes does); {@code fieldRef}s from {@code podFields}
   * ("status.podIP" to a value), {@code secretKeyRef}s from {@code secrets} (Secret key to a value).
   */
  Map<String, String> podEnv(Map<String, String> podFields, Map<String, String> secrets) {
    Map<String, String> env = new LinkedHashMap<>(configMapEnv());
    List<Map<String, Object>> entries =
        get(one("Deployment", "dss-gateway"), "spec.template.spec.containers.0.env");
    for (Map<String, Object> e : entries) {
      String name = (String) e.get("name");
      String fieldPath = get(e, "valueFrom.fieldRef.fieldPath");
      String secretKey = get(e, "valueFrom.secretKeyRef.key");
      if (e.get("value") != null) {
        env.put(name, expand(String.valueOf(e.get("value")), env));
      } else if (fieldPath != null) {
        env.put(name, require(podFields, fieldPath, name));
      } else if (secretKey != null && secrets.containsKey(secretKey)) {
        env.put(name, secrets.get(secretKey));
      } else if (secretKey != null
          && !Boolean.TRUE.equals(get(e, "valueFrom.secretKeyRef.optional"))) {
        throw new AssertionError("no stand-in for the Secret key " + secretKey + " of " + name);
      }
    }
    return env;
  }

  /** The DSS_* variables of an environment as configuration keys (fails on a variable no setting reads). */
  static Map<String, String> asSettings(Map<String, String> env) {
    Map<String, String> raw = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("DSS_")) {
            raw.put(settingForEnv(name).key(), value);
          }
        });
    return raw;
  }

  private static String expand(String value, Map<String, String> defined) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(defined.getOrDefault(m.group(1), m.group())));
    }
    return m.appendTail(out).toString();
  }

  private static String require(Map<String, String> values, String key, String of) {
    String value = values.get(key);
    if (value == null) {
      throw new AssertionError("no stand-in for " + key + " of " + of);
    }
    return value;
  }

  static Setting settingForEnv(String env) {
    return GatewaySettings.CATALOGUE.all().stream()
        .filter(s -> s.envName().equals(env))
        .findFirst()
        .orElseThrow(() -> new AssertionError(env + " in k8s/ is not the variable of any setting"));
  }

  List<Map<String, Object>> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  Map<String, Object> one(String kind, String name) {
    return ofKind(kind).stream()
        .filter(d -> name.equals(get(d, "metadata.name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in k8s/"));
  }

  /** Follows a dotted path through maps ("spec.template.spec"); lists are addressed by index ("containers.0"). */
  @SuppressWarnings("unchecked")
  static <T> T get(Object root, String path) {
    Object current = root;
    for (String part : path.split("\\.")) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(part);
      } else if (current instanceof List<?> list) {
        current = list.get(Integer.parseInt(part));
      } else {
        return null;
      }
    }
    return (T) current;
  }
}

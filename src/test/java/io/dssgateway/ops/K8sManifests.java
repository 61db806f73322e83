package io.dssgateway.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import io.dssgateway.config.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The parsed documents of {@code k8s/*.yaml}, with small navigation helpers for tests. */
final class K8sManifests {

  static final Path DIR = Path.of(System.getProperty("project.basedir", "."), "k8s");

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

  static Setting settingForEnv(String env) {
    return GatewaySettings.CATALOGUE.all().stream().filter(s -> s.envName().equals(env)).findFirst()
        .orElseThrow(() -> new AssertionError(env + " in k8s/ is not the variable of any setting"));
  }

  List<Map<String, Object>> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  Map<String, Object> one(String kind, String name) {
    return ofKind(kind).stream().filter(d -> name.equals(get(d, "metadata.name"))).findFirst()
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

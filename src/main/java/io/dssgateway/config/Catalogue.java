package io.dssgateway.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of known configuration keys. Each package declares its own settings; the application's
 * wiring puts them together, so this package depends on none of them.
 */
public final class Catalogue {

  private final List<Setting> all;
  private final Map<String, Setting> byKey;

  @SafeVarargs
  public static Catalogue of(List<Setting>... groups) {
    List<Setting> all = new ArrayList<>();
    for (List<Setting> g : groups) {
      all.addAll(g);
    }
    return new Catalogue(all);
  }

  private Catalogue(List<Setting> all) {
    this.all = Collections.unmodifiableList(all);
    Map<String, Setting> index = new LinkedHashMap<>();
    for (Setting s : all) {
      if (index.put(s.key(), s) != null) {
        throw new IllegalArgumentException("setting declared twice: " + s.key());
      }
    }
    this.byKey = index;
  }

  public List<Setting> all() {
    return all;
  }

  public Optional<Setting> byKey(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public int size() {
    return all.size();
  }
}

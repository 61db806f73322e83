package io.dssgateway.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCatalogueTest {

  @Test
  void keysAndEnvironmentNamesAreUnique() {
    List<String> keys = Settings.all().stream().map(Setting::key).toList();
    List<String> envs = Settings.all().stream().map(Setting::envName).toList();
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(envs).doesNotHaveDuplicates();
  }

  @Test
  void everyDefaultPassesValidation() {
    AppConfig defaults = AppConfig.of(Map.of());
    assertThat(defaults.describe()).hasSize(Settings.all().size());
  }

  @Test
  void oneOfRefusesADefaultOutsideItsChoices() {
    assertThatThrownBy(() -> Setting.oneOf("x.mode", "c", "meaning", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x.mode");
  }

  @Test
  void unknownKeyInMapIsRejected() {
    assertThatThrownBy(() -> AppConfig.of(Map.of("no.such-key", "1")))
        .isInstanceOf(ConfigError.class).hasMessageContaining("no.such-key");
  }
}

package io.dssgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.ops.GatewaySettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsCatalogueTest {

  @Test
  void keysAndEnvironmentNamesAreUnique() {
    List<String> keys = GatewaySettings.CATALOGUE.all().stream().map(Setting::key).toList();
    List<String> envs = GatewaySettings.CATALOGUE.all().stream().map(Setting::envName).toList();
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(envs).doesNotHaveDuplicates();
  }

  @Test
  void everyDefaultPassesValidation() {
    AppConfig defaults = GatewaySettings.config(Map.of());
    assertThat(defaults.describe()).hasSize(GatewaySettings.CATALOGUE.all().size());
  }

  @Test
  void oneOfRefusesADefaultOutsideItsChoices() {
    assertThatThrownBy(() -> Setting.oneOf("x.mode", "c", "meaning", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x.mode");
  }

  @Test
  void unknownKeyInMapIsRejected() {
    assertThatThrownBy(() -> GatewaySettings.config(Map.of("no.such-key", "1")))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("no.such-key");
  }
}

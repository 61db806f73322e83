package io.dssgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.ops.SettingsTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The settings table in docs/configuration.md is the catalogue's: refresh it with {@link SettingsTable}
 * when a setting changes.
 */
class ConfigurationDocTest {

  @Test
  void configurationDocListsEverySettingExactlyAsTheCatalogue() throws IOException {
    String doc =
        Files.readString(
            Path.of(System.getProperty("project.basedir", "."), "docs", "configuration.md"));
    assertThat(doc).contains("## Settings");
    for (String row : SettingsTable.markdown().split("\n")) {
      assertThat(doc)
          .as("docs/configuration.md row for the catalogue (run SettingsTable)")
          .contains(row);
    }
  }
}

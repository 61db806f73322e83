package io.dssgateway.config;

import io.dssgateway.ops.SettingsTable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the catalogue's: refresh it with {@link SettingsTable} when a setting changes. */
class ReadmeConfigurationTest {

  @Test
  void readmeTableListsEverySettingExactlyAsTheCatalogue() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("project.basedir", "."), "README.md"));
    assertThat(readme).contains("## Configuration");
    for (String row : SettingsTable.markdown().split("\n")) {
      assertThat(readme).as("README row for the catalogue (run SettingsTable)").contains(row);
    }
  }
}

package io.dssgateway.ops;

import io.dssgateway.config.Setting;

/**
 * Prints the settings table of docs/configuration.md from the catalogue:
 * {@code java -cp target/dss-gateway.jar io.dssgateway.ops.SettingsTable}.
 */
public final class SettingsTable {

  private SettingsTable() {}

  public static void main(String[] args) {
    System.out.print(markdown());
  }

  public static String markdown() {
    StringBuilder out =
        new StringBuilder(
            "| key | environment variable | system property | default | meaning |\n|---|---|---|---|---|\n");
    for (Setting s : GatewaySettings.CATALOGUE.all()) {
      String def =
          s.secret()
              ? "(secret: environment only)"
              : s.defaultValue() == null ? "(unset)" : "`" + s.defaultValue() + "`";
      String meaning =
          s.meaning().replace("|", "\\|")
              + (s.allowed().isEmpty() ? "" : " (one of: " + String.join(", ", s.allowed()) + ")");
      out.append("| `")
          .append(s.key())
          .append("` | `")
          .append(s.envName())
          .append("` | `")
          .append(s.propertyName())
          .append("` | ")
          .append(def)
          .append(" | ")
          .append(meaning)
          .append(" |\n");
    }
    return out.toString();
  }
}

package io.dssgateway.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's ChromeDriver. Both executables are set
 * explicitly, so Selenium Manager never downloads a browser or a driver. Override the paths with
 * {@code -Dchromium.binary=..} and {@code -Dchromium.driver=..}.
 */
final class HeadlessChromium {

  static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  /** In CI (which installs them) a missing browser fails the run; elsewhere the browser tests skip, loudly. */
  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || Boolean.getBoolean("dss.require-browser");
  }

  /** A fresh browser with its own profile directory (under {@code profileParent}), at the given window size. */
  static ChromeDriver start(Path profileParent, int width, int height) throws IOException {
    for (Path exe : List.of(BINARY, DRIVER)) {
      if (!Files.isExecutable(exe)) {
        String message =
            exe
                + " is missing: install Debian's chromium and chromium-driver "
                + "(apt-get install -y chromium chromium-driver; .ci/run does)";
        if (required()) {
          throw new IllegalStateException(message + " [required: CI=true]");
        }
        System.err.println("\n*** SKIPPING BROWSER TEST: " + message + " ***\n");
        org.junit.jupiter.api.Assumptions.abort("browser test skipped: " + message);
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory(profileParent, "chromium-profile"),
        "--window-size=" + width + "," + height,
        "--force-device-scale-factor=1",
        "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL); // the console, for Content-Security-Policy violations
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}

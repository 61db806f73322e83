package io.dssgateway.gateway;

import io.dssgateway.config.Setting;
import io.dssgateway.ops.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real entry point ({@link Main}) in a JVM of its own, configured by {@code DSS_*} environment
 * variables (secrets are taken only from there), so a test can kill it with SIGKILL: no shutdown
 * hook, no drain, no checkpoint.
 */
final class GatewayJvm implements AutoCloseable {

  private static final Pattern BANNER =
      Pattern.compile("DSS Gateway listening: http://localhost:(\\d+)/");

  private final Process process;
  private final int port;
  private final List<String> output;

  private GatewayJvm(Process process, int port, List<String> output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /** Starts it and waits for its banner (the HTTP port); a process that ends first fails with its output. */
  static GatewayJvm start(Map<String, String> settings) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(
                Path.of(System.getProperty("project.basedir", ".")).toFile()) // conf/dev-keys
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("DSS_"));
    settings.forEach(
        (key, value) -> builder.environment().put(Setting.secret(key, "").envName(), value));
    Process process = builder.start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      output.add(line);
      Matcher m = BANNER.matcher(line);
      if (m.find()) {
        Thread drain =
            new Thread(
                () -> out.lines().forEach(output::add),
                "gateway-jvm-output"); // keeps the pipe drained
        drain.setDaemon(true);
        drain.start();
        return new GatewayJvm(process, Integer.parseInt(m.group(1)), output);
      }
    }
    process.destroyForcibly();
    throw new AssertionError(
        "the gateway ended before its banner; output:\n" + String.join("\n", output));
  }

  int port() {
    return port;
  }

  /** Lines it printed so far that contain {@code text}. */
  List<String> logLines(String text) {
    synchronized (output) {
      return output.stream().filter(l -> l.contains(text)).toList();
    }
  }

  /** SIGKILL, like {@code kill -9}: the process gets no chance to store, drain or checkpoint anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new AssertionError("the gateway did not die on SIGKILL");
    }
  }

  /** SIGTERM: the gateway drains and exits. */
  void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the gateway did not exit within 30 s of SIGTERM");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}

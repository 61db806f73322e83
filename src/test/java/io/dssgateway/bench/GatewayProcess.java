package io.dssgateway.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway with its embedded simulator as a separate JVM ({@code java -jar target/dss-gateway.jar}),
 * so its resident memory is its own. Reads its RSS and CPU time from {@code /proc}, asks it for a
 * GC with {@code jcmd}, and counts its write syscalls with {@code strace -c} when that is installed.
 */
final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final Path workDir;
  private final Path log;
  private final int gatewayPort;
  private final int simulatorPort;
  private final List<String> command;
  private Process simulator; // its own JVM, when started apart

  private GatewayProcess(
      Process process,
      Path workDir,
      Path log,
      int gatewayPort,
      int simulatorPort,
      List<String> command) {
    this.process = process;
    this.workDir = workDir;
    this.log = log;
    this.gatewayPort = gatewayPort;
    this.simulatorPort = simulatorPort;
    this.command = command;
  }

  /** The project directory the benchmarks run from ({@code bench.project-dir}). */
  static Path projectDir() {
    return Path.of(System.getProperty("bench.project-dir", ".")).toAbsolutePath().normalize();
  }

  /** The gateway's JVM flags: {@code bench.gateway-jvm}, else the shipped {@code conf/jvm.options}. */
  static List<String> jvmFlags(Path projectDir) {
    return List.of(
        System.getProperty("bench.gateway-jvm", "@" + projectDir.resolve("conf/jvm.options"))
            .trim()
            .split("\\s+"));
  }

  /**
   * {@code bench.pin=<gateway cpus>:<client cpus>} (e.g. {@code 0:1}): the gateway runs on the first
   * CPUs, this JVM and the simulator it starts on the second, as the shared SSE harness places its
   * server and load generator; null when not asked.
   */
  static String[] pin() {
    String pin = System.getProperty("bench.pin", "");
    return pin.isBlank() ? null : pin.split(":", 2);
  }

  /** Moves this JVM (every thread) onto the client CPUs of {@link #pin}, when asked. */
  static void pinClient() throws IOException, InterruptedException {
    String[] pin = pin();
    if (pin != null) {
      new ProcessBuilder(
              "taskset", "-a", "-cp", pin[1], String.valueOf(ProcessHandle.current().pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    }
  }

  /** The gateway jar to run: {@code bench.jar}, else the built one (the simulator apart runs {@code bench.simulator-jar} when set). */
  static Path jar(Path projectDir) {
    return Path.of(
        System.getProperty("bench.jar", projectDir.resolve("target/dss-gateway.jar").toString()));
  }

  /** Starts the jar from the project directory (it reads {@code conf/dev-keys}) and waits until both ports accept. */
  static GatewayProcess start(
      Path projectDir, Path jar, List<String> jvmFlags, int maxConnectionsPerUser)
      throws IOException, InterruptedException {
    return start(projectDir, jar, jvmFlags, maxConnectionsPerUser, null);
  }

  /**
   * The same with the simulator as its own JVM ({@code dss.role=simulator}, with {@code
   * simulatorFlags}), so the gateway's CPU and memory are its own; {@link #close} stops both.
   */
  static GatewayProcess startWithSimulatorApart(
      Path projectDir,
      Path jar,
      List<String> jvmFlags,
      int maxConnectionsPerUser,
      List<String> simulatorFlags)
      throws IOException, InterruptedException {
    return start(projectDir, jar, jvmFlags, maxConnectionsPerUser, simulatorFlags);
  }

  private static GatewayProcess start(
      Path projectDir,
      Path jar,
      List<String> jvmFlags,
      int maxConnectionsPerUser,
      List<String> simulatorApart)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run `mvn -B -q package -DskipTests` first");
    }
    Path workDir = Files.createTempDirectory("dss-bench-");
    Path log = workDir.resolve("gateway.log");
    int gatewayPort = freePort();
    int simulatorPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process simulator = null;
    if (simulatorApart != null) {
      List<String> simCommand = new ArrayList<>(List.of(java));
      simCommand.addAll(simulatorApart);
      simCommand.add("-Xlog:gc:file=" + workDir.resolve("simulator-gc.log"));
      simCommand.addAll(
          List.of(
              "-Ddss.role=simulator",
              "-Ddss.sim.host=127.0.0.1",
              "-Ddss.sim.port=" + simulatorPort,
              "-Ddss.hub.store-path=mem",
              "-jar",
              System.getProperty("bench.simulator-jar", jar.toString())));
      simulator =
          new ProcessBuilder(simCommand)
              .directory(projectDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("simulator.log").toFile())
              .start();
    }
    List<String> command = new ArrayList<>();
    String[] pin = pin();
    if (pin != null) {
      command.addAll(List.of("taskset", "-c", pin[0]));
    }
    command.add(java);
    command.addAll(jvmFlags);
    command.add("-Xlog:gc:file=" + workDir.resolve("gc.log"));
    if (simulatorApart != null) {
      String sim = "127.0.0.1:" + simulatorPort;
      command.addAll(
          List.of(
              "-Ddss.role=gateway",
              "-Ddss.ayla.user-url=http://" + sim,
              "-Ddss.ayla.ads-url=http://" + sim,
              "-Ddss.ayla.dss-url=http://" + sim,
              "-Ddss.ayla.dss-ws-url=ws://" + sim + "/stream"));
    }
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(projectDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("DSS_HTTP_HOST", "127.0.0.1");
    env.put("DSS_HTTP_PORT", String.valueOf(gatewayPort));
    env.put("DSS_SIM_HOST", "127.0.0.1");
    env.put("DSS_SIM_PORT", String.valueOf(simulatorPort));
    env.put("DSS_SSE_MAX_CONNECTIONS_PER_USER", String.valueOf(maxConnectionsPerUser));
    env.put(
        "DSS_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "0"); // every benchmark client comes from 127.0.0.1
    env.put("DSS_HUB_STORE_PATH", workDir.resolve("store").toString());
    env.put("DSS_LOG_ACCESS", "false");
    env.put("DSS_SHUTDOWN_GRACE_MS", "3000");
    env.put("DSS_HUB_LINGER_MS", "1000");
    Process process = builder.start();
    GatewayProcess gateway =
        new GatewayProcess(process, workDir, log, gatewayPort, simulatorPort, command);
    gateway.simulator = simulator;
    gateway.awaitListening(Duration.ofSeconds(60));
    return gateway;
  }

  private void awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The gateway exited at start-up:\n" + logTail());
      }
      if (accepts(gatewayPort) && accepts(simulatorPort)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "The gateway did not listen within " + timeout + ":\n" + logTail());
  }

  long pid() {
    return process.pid();
  }

  int gatewayPort() {
    return gatewayPort;
  }

  int simulatorPort() {
    return simulatorPort;
  }

  /** The gateway's GC log ({@code -Xlog:gc}): one line per collection. */
  Path gcLog() {
    return workDir.resolve("gc.log");
  }

  List<String> command() {
    return command;
  }

  /** {@code VmRSS} in bytes. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid());
  }

  /** User and system CPU time of the whole process, in milliseconds. */
  Cpu cpu() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new Cpu(
        Long.parseLong(f[11]) * 10, Long.parseLong(f[12]) * 10); // USER_HZ is 100 on Linux
  }

  record Cpu(long userMillis, long systemMillis) {
    Cpu minus(Cpu earlier) {
      return new Cpu(userMillis - earlier.userMillis, systemMillis - earlier.systemMillis);
    }

    long totalMillis() {
      return userMillis + systemMillis;
    }
  }

  /** Full GC through {@code jcmd}, so RSS reflects live data; false when jcmd is unavailable. */
  boolean gc() throws InterruptedException {
    return jcmd("GC.run") != null;
  }

  /** The output of a {@code jcmd} diagnostic command on the gateway, or null when it failed. */
  String jcmd(String command) throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return run(
        List.of(
            Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", String.valueOf(pid()), command),
        60);
  }

  /** Attaches {@code strace -c} to every thread counting write syscalls; null when strace can't attach. */
  Strace strace() throws IOException, InterruptedException {
    Path out = workDir.resolve("strace-" + System.nanoTime() + ".txt");
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "strace",
                  "-c",
                  "-f",
                  "-e",
                  "trace=write,writev,sendmsg,sendto",
                  "-o",
                  out.toString(),
                  "-p",
                  String.valueOf(pid()))
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("strace.log").toFile())
              .start();
    } catch (IOException notInstalled) {
      return null;
    }
    Thread.sleep(1500); // strace attaches thread by thread; there is no event saying it is done
    if (!p.isAlive()) {
      return null;
    }
    return new Strace(p, out);
  }

  /** A running {@code strace -c}; {@link #stop()} detaches and returns the counted calls. */
  record Strace(Process process, Path output) {
    long stop() throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid()))
          .start()
          .waitFor(10, TimeUnit.SECONDS);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      long calls = 0;
      for (String line : Files.readAllLines(output)) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 5 && f[f.length - 1].matches("write|writev|sendmsg|sendto")) {
          calls += Long.parseLong(f[3]);
        }
      }
      return calls;
    }
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the gateway drains and exits
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (simulator != null) {
      simulator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String run(List<String> command, int timeoutSeconds) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(timeoutSeconds, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}

package dev.haingestor.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * One service started as users start it: {@code java -jar <service>-exec.jar}, configured only by
 * environment variables. Its output goes to a log file under {@code target/service-logs}. Public
 * for the deployment tests ({@code dev.haingestor.e2e.deploy}), which start the jars as compose
 * does.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServiceProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the jar named by the system property {@code <name>.jar} (set by Failsafe) with exactly
   * the given environment plus {@code PATH}, {@code HOME} and a free {@code SERVER_PORT}.
   */
  static ServiceProcess start(String name, Map<String, String> environment) throws IOException {
    return start(name, name, environment, "SERVER_PORT");
  }

  /**
   * Starts the jar named by the system property {@code <jar>.jar} with exactly the given
   * environment plus {@code PATH}, {@code HOME}, a {@code HOSTNAME} (which the environment may
   * override, as compose's {@code hostname:} does) and a free port in {@code portVariable}, which
   * wins over the environment's value. Output goes to {@code <logName>.log}.
   */
  public static ServiceProcess start(
      String jar, String logName, Map<String, String> environment, String portVariable)
      throws IOException {
    Path jarFile = Path.of(System.getProperty(jar + ".jar", "missing-" + jar + ".jar"));
    if (!Files.isRegularFile(jarFile)) {
      throw new IllegalStateException(
          "No runnable jar for " + jar + " at " + jarFile + ": run `mvn verify` from the root");
    }
    Path logDir = Path.of(System.getProperty("service.logs", "target/service-logs"));
    Files.createDirectories(logDir);
    Path log = logDir.resolve(logName + ".log");
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    // Small heap and quick JIT start-up: these tests share two cores.
                    "-Xmx256m",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jarFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    Map<String, String> inherited = new HashMap<>(env);
    env.clear();
    for (String keep : List.of("PATH", "HOME", "TMPDIR", "LANG")) {
      if (inherited.containsKey(keep)) {
        env.put(keep, inherited.get(keep));
      }
    }
    env.put("HOSTNAME", logName + "-e2e");
    env.putAll(environment);
    env.put(portVariable, Integer.toString(port));
    return new ServiceProcess(logName, builder.start(), port, log);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Waits until the service answers its readiness probe, or fails with its log's tail. */
  public ServiceProcess awaitReady(Duration timeout) {
    return awaitStatus("/actuator/health/readiness", status -> status == 200, "ready", timeout);
  }

  /**
   * Waits until {@code GET path} answers with any HTTP status (for servers without actuator, e.g.
   * the HA simulator, whose {@code /api/} answers 401 without a token), or fails with its log's
   * tail.
   */
  public ServiceProcess awaitAnswering(String path, Duration timeout) {
    return awaitStatus(path, status -> status > 0, "answering " + path, timeout);
  }

  private ServiceProcess awaitStatus(
      String path, IntPredicate accepted, String what, Duration timeout) {
    try {
      await(name + " " + what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .failFast(name + " exited", () -> !process.isAlive())
          .until(() -> accepted.test(statusOf(path)));
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError(name + " is not " + what + "; log tail:\n" + logTail(), e);
    }
    return this;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private int statusOf(String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl() + path))
              .timeout(Duration.ofSeconds(2))
              .GET()
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

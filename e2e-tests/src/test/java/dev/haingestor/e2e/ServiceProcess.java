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

/**
 * One service started as users start it: {@code java -jar <service>-exec.jar}, configured only by
 * environment variables. Its output goes to a log file under {@code target/service-logs}.
 */
final class ServiceProcess implements AutoCloseable {

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
    Path jar = Path.of(System.getProperty(name + ".jar", "missing-" + name + ".jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No runnable jar for " + name + " at " + jar + ": run `mvn verify` from the root");
    }
    Path logDir = Path.of(System.getProperty("service.logs", "target/service-logs"));
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
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
                    jar.toString()))
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
    env.put("HOSTNAME", name + "-e2e");
    env.put("SERVER_PORT", Integer.toString(port));
    env.putAll(environment);
    return new ServiceProcess(name, builder.start(), port, log);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Waits until the service answers its readiness probe, or fails with its log's tail. */
  ServiceProcess awaitReady(Duration timeout) {
    try {
      await(name + " ready")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .failFast(name + " exited", () -> !process.isAlive())
          .until(() -> statusOf("/actuator/health/readiness") == 200);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError(name + " did not become ready; log tail:\n" + logTail(), e);
    }
    return this;
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

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  String log() throws IOException {
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

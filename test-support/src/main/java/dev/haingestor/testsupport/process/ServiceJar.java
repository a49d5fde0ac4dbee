package dev.haingestor.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the pipeline's services started as users start it: {@code java -jar <service>-exec.jar},
 * configured only by environment variables, on a free loopback {@code SERVER_PORT}. Its output goes
 * to {@code <logDirectory>/<name>.log}. Used by end-to-end tests and the benchmarks, which need the
 * real jar (its own JVM, its own RSS and CPU) rather than a Spring context in the test JVM.
 */
public final class ServiceJar implements AutoCloseable {

  /** Spring Boot's readiness probe, enabled in every service. */
  public static final String READINESS_PATH = "/actuator/health/readiness";

  /** The only variables of the caller's environment a service sees, besides the given ones. */
  private static final List<String> INHERITED = List.of("PATH", "HOME", "TMPDIR", "LANG");

  /**
   * What the services' Dockerfiles set (scripts/check-deploy.sh, rule R11), so that the memory
   * measured here is the images' memory.
   */
  public static final Map<String, String> IMAGE_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  /**
   * The JVM of docker-compose's containers: the Dockerfiles' ENTRYPOINT options ({@code
   * MaxRAMPercentage=50} of the 384 MB {@code mem_limit}, native-heap trim, exit on OOM), and the
   * collector the JVM picks itself in a container under 1792 MB: Serial. On the bare host, {@code
   * -Xmx192m} alone would start with a 192 MB heap and G1, which is not what runs.
   */
  public static final List<String> IMAGE_JVM_OPTIONS =
      List.of(
          "-XX:MaxRAM=384m",
          "-XX:MaxRAMPercentage=50",
          "-XX:TrimNativeHeapInterval=5000",
          "-XX:+UseSerialGC",
          "-XX:+ExitOnOutOfMemoryError");

  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final int LOG_TAIL_LINES = 60;

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http;
  private final Thread stopAtExit;

  private ServiceJar(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
    this.http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    // A harness stopped without close() (SIGTERM, a timeout) must not leave the service running.
    this.stopAtExit = new Thread(process::destroy, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /**
   * Starts {@code java <jvmOptions> -jar <jar>} with the running JVM's {@code java}, exactly the
   * given environment plus {@code PATH}, {@code HOME}, {@code TMPDIR}, {@code LANG}, {@code
   * HOSTNAME=<name>} and a free {@code SERVER_PORT} (the given environment wins).
   *
   * @param name short name, used for the log file and {@code HOSTNAME}
   * @param jar the runnable jar
   * @param jvmOptions options before {@code -jar}, e.g. {@code -Xmx256m}
   * @param environment the service's configuration
   * @param logDirectory where {@code <name>.log} is written (created if missing)
   * @throws IllegalStateException when the jar does not exist
   */
  public static ServiceJar start(
      String name,
      Path jar,
      List<String> jvmOptions,
      Map<String, String> environment,
      Path logDirectory) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No runnable jar for " + name + " at " + jar + ": build it first (mvn package)");
    }
    int port = FreePorts.next();
    Path log = logDirectory.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    Map<String, String> inherited = new HashMap<>(env);
    env.clear();
    for (String keep : INHERITED) {
      if (inherited.containsKey(keep)) {
        env.put(keep, inherited.get(keep));
      }
    }
    env.putAll(IMAGE_ENVIRONMENT);
    env.put("HOSTNAME", name);
    env.put("SERVER_PORT", Integer.toString(port));
    env.putAll(environment);
    try {
      Files.createDirectories(logDirectory);
      return new ServiceJar(name, builder.start(), port, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  public String name() {
    return name;
  }

  /** The operating system's process id, e.g. for {@code /proc/<pid>/status}. */
  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file the service's output goes to. */
  public Path log() {
    return log;
  }

  /**
   * Waits until the readiness probe answers 200, polling every 250 ms.
   *
   * @throws IllegalStateException with the log's tail when the process exits first or {@code
   *     timeout} passes
   */
  public ServiceJar awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + " while starting. " + logTail());
      }
      if (statusOf(READINESS_PATH) == 200) {
        return this;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not become ready within " + timeout + ". " + logTail());
      }
      waitForExit(POLL_INTERVAL);
    }
  }

  /** GET on the service; the status code, or -1 when it does not answer. */
  public int statusOf(String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(PROBE_TIMEOUT).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The last lines of the service's output, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "Last lines of " + log + ":\n  " + String.join("\n  ", tail);
    } catch (IOException | UncheckedIOException e) {
      return "(no log at " + log + ": " + e + ")";
    }
  }

  /** Stops the service (TERM, so it shuts down gracefully; KILL after 15 s). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already: the hook stops the service too, which does no harm.
    }
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(15))) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(5));
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
  }
}

package dev.haingestor.enrichment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as its runnable jar ({@code target/enrichment-service-*-exec.jar}, built at {@code
 * package}, before the integration tests run), configured by environment variables only, as compose
 * runs it; so that a test can kill it with SIGKILL.
 */
final class ServiceProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ServiceProcess start(String name, Map<String, String> environment) {
    // Small heap and C1 only: the machine is shared; start-up time matters more than peak speed.
    return start(
        name, environment, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
  }

  static ServiceProcess start(
      String name, Map<String, String> environment, List<String> jvmOptions) {
    Path jar = execJar();
    Path log = Path.of("target", "service-process-" + name + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      return new ServiceProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** SIGKILL: no shutdown hook, no graceful stop, nothing acknowledged that was in flight. */
  void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  private void waitForExit(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM: the service stops gracefully; then SIGKILL if it did not within 20 s. */
  @Override
  public void close() {
    process.destroy();
    waitForExit(Duration.ofSeconds(20));
    if (process.isAlive()) {
      kill();
    }
  }

  private static Path execJar() {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of("target"), "enrichment-service-*-exec.jar")) {
      for (Path jar : jars) {
        return jar.toAbsolutePath();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException(
        "target/enrichment-service-*-exec.jar is missing: run the integration tests with "
            + "'mvn verify' (the jar is repackaged at 'package')");
  }
}

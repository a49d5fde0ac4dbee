package dev.haingestor.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Decides where the real servers come from: Testcontainers where a Docker engine answers, else the
 * Debian packages' {@code redis-server} and {@code influxd}, else a failure that says what to
 * install. Tests are never skipped for want of a server.
 */
final class ServerSelection {

  /** The switch, as system property or environment variable: docker, local or auto. */
  static final String SWITCH = "HA_INGESTOR_TEST_SERVERS";

  static final String INSTALL_COMMAND =
      "sudo apt-get install -y redis-server influxdb influxdb-client";

  static final String NOTHING_AVAILABLE =
      "No Docker engine and no local servers. Install Debian packages: "
          + INSTALL_COMMAND
          + " — or start Docker.";

  enum Mode {
    DOCKER,
    LOCAL,
    AUTO;

    static Mode parse(String value) {
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            SWITCH + "=" + value + " is not one of: docker, local, auto", e);
      }
    }
  }

  /** Where the servers come from; for LOCAL with the two executables. */
  record Choice(Mode mode, Mode requested, Path redisServer, Path influxd) {

    static Choice docker(Mode requested) {
      return new Choice(Mode.DOCKER, requested, null, null);
    }

    boolean docker() {
      return mode == Mode.DOCKER;
    }

    @Override
    public String toString() {
      return mode.name().toLowerCase(Locale.ROOT)
          + " ("
          + SWITCH
          + "="
          + requested.name().toLowerCase(Locale.ROOT)
          + ")";
    }
  }

  private ServerSelection() {}

  /** The choice for this JVM, from the switch, Docker and the machine's PATH. */
  static Choice fromEnvironment() {
    String value = System.getProperty(SWITCH, System.getenv(SWITCH));
    return choose(Mode.parse(value), ServerSelection::dockerAnswers, Executables.fromEnvironment());
  }

  static Choice choose(Mode requested, BooleanSupplier dockerAnswers, Executables executables) {
    if (requested == Mode.DOCKER) {
      if (!dockerAnswers.getAsBoolean()) {
        throw new IllegalStateException(
            SWITCH
                + "=docker, but no Docker engine answers. Start Docker, or use "
                + SWITCH
                + "=local with: "
                + INSTALL_COMMAND);
      }
      return Choice.docker(requested);
    }
    if (requested == Mode.AUTO && dockerAnswers.getAsBoolean()) {
      return Choice.docker(requested);
    }
    Optional<Path> redis = executables.find("redis-server");
    Optional<Path> influxd = executables.find("influxd");
    if (redis.isPresent() && influxd.isPresent()) {
      return new Choice(Mode.LOCAL, requested, redis.get(), influxd.get());
    }
    List<String> missing = new ArrayList<>();
    redis.ifPresentOrElse(p -> {}, () -> missing.add("redis-server"));
    influxd.ifPresentOrElse(p -> {}, () -> missing.add("influxd"));
    String detail = " (not found: " + String.join(", ", missing) + " in " + executables + ")";
    if (requested == Mode.LOCAL) {
      throw new IllegalStateException(
          SWITCH
              + "=local, but no local servers. Install Debian packages: "
              + INSTALL_COMMAND
              + detail);
    }
    throw new IllegalStateException(NOTHING_AVAILABLE + detail);
  }

  /** Testcontainers' own probe; any failure in it means no usable Docker. */
  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }
}

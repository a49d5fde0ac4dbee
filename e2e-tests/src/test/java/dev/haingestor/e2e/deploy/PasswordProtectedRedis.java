package dev.haingestor.e2e.deploy;

import dev.haingestor.e2e.ServiceProcess;
import dev.haingestor.testsupport.process.LocalProcess;
import dev.haingestor.testsupport.redis.RespConnection;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis started with the {@code command:} of compose's {@code redis} service ({@code
 * --requirepass}, AOF, maxmemory), so that the services must authenticate exactly as in compose.
 * test-support's shared Redis has no password, and giving it one would break the other tests of
 * this JVM: this one is the deployment tests' own — a local {@code redis-server} process, or where
 * the test servers run in Docker, a container of compose's own image.
 *
 * <p>Locally it listens on 127.0.0.2 (loopback, but not what {@code localhost} resolves to), so
 * that a service that ignores a misspelled {@code REDIS_HOST} and falls back to its default cannot
 * reach it by accident.
 */
final class PasswordProtectedRedis implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final int CONTAINER_PORT = 6379;

  private final String host;
  private final int port;
  private final AutoCloseable server;

  private PasswordProtectedRedis(String host, int port, AutoCloseable server) {
    this.host = host;
    this.port = port;
    this.server = server;
  }

  /**
   * @param composeCommand the redis service's command, starting with {@code redis-server}
   * @param image the redis service's image, for the Docker path
   * @param docker whether the test servers run in Docker (no local redis-server needed)
   */
  static PasswordProtectedRedis start(List<String> composeCommand, String image, boolean docker) {
    if (composeCommand.isEmpty() || !composeCommand.get(0).equals("redis-server")) {
      throw new IllegalStateException(
          "compose's redis command must start with redis-server: " + composeCommand);
    }
    String password =
        option(composeCommand, "--requirepass")
            .orElseThrow(
                () -> new IllegalStateException("compose's redis runs without --requirepass"));
    return docker
        ? inContainer(composeCommand, image, password)
        : locally(composeCommand, password);
  }

  private static PasswordProtectedRedis locally(List<String> composeCommand, String password) {
    Path redisServer = executable("redis-server");
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    String host = linux ? "127.0.0.2" : "127.0.0.1";
    int port;
    try {
      port = ServiceProcess.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path directory = LocalProcess.tempDirectory("ha-ingestor-compose-redis-");
    List<String> command = new ArrayList<>();
    command.add(redisServer.toString());
    command.addAll(composeCommand.subList(1, composeCommand.size()));
    // Where and how the process runs here; compose's own options above stay as they are.
    command.addAll(
        List.of(
            "--port",
            Integer.toString(port),
            "--bind",
            host,
            "--dir",
            directory.toString(),
            "--save",
            "",
            "--daemonize",
            "no",
            "--logfile",
            ""));
    LocalProcess process =
        LocalProcess.start("compose redis on " + host + ":" + port, directory, command);
    process.awaitReady(() -> answers(host, port, password), STARTUP);
    return new PasswordProtectedRedis(host, port, process);
  }

  private static PasswordProtectedRedis inContainer(
      List<String> composeCommand, String image, String password) {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(image))
            .withExposedPorts(CONTAINER_PORT)
            .withCommand(composeCommand.toArray(String[]::new))
            .waitingFor(
                Wait.forLogMessage(".*Ready to accept connections.*", 1)
                    .withStartupTimeout(STARTUP));
    container.start();
    String host = container.getHost();
    int port = container.getMappedPort(CONTAINER_PORT);
    if (!answers(host, port, password)) {
      container.stop();
      throw new IllegalStateException("compose's redis in Docker does not accept its password");
    }
    return new PasswordProtectedRedis(host, port, container::stop);
  }

  /** True when Redis answers PING after AUTH with the password. */
  private static boolean answers(String host, int port, String password) {
    try (RespConnection redis = RespConnection.open(host, port, Duration.ofSeconds(2))) {
      redis.command("AUTH", password);
      return "PONG".equals(redis.command("PING"));
    } catch (UncheckedIOException | RespConnection.RedisErrorReply notYet) {
      return false;
    }
  }

  /** True when Redis refuses a command without the password, as compose's must. */
  boolean refusesWithoutPassword() {
    try (RespConnection redis = RespConnection.open(host, port, Duration.ofSeconds(2))) {
      redis.command("PING");
      return false;
    } catch (RespConnection.RedisErrorReply noauth) {
      return noauth.getMessage().contains("NOAUTH");
    }
  }

  private static Optional<String> option(List<String> command, String name) {
    int index = command.indexOf(name);
    return index < 0 || index + 1 >= command.size()
        ? Optional.empty()
        : Optional.of(command.get(index + 1));
  }

  private static Path executable(String name) {
    List<String> directories = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      directories.addAll(List.of(path.split(File.pathSeparator)));
    }
    directories.addAll(List.of("/usr/bin", "/usr/sbin"));
    return directories.stream()
        .filter(d -> !d.isBlank())
        .map(d -> Path.of(d, name))
        .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name
                        + " not found on "
                        + directories
                        + ": install Debian's redis-server (scripts/test.sh does)"));
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}

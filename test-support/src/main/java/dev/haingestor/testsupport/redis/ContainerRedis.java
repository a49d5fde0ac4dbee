package dev.haingestor.testsupport.redis;

import dev.haingestor.testsupport.RedisServer;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** Redis 7 in a Testcontainers container, where a Docker engine answers. */
public final class ContainerRedis implements RedisServer, AutoCloseable {

  private static final String IMAGE = "redis:7";
  private static final int REDIS_PORT = 6379;

  private final GenericContainer<?> container;
  private final String version;

  private ContainerRedis(GenericContainer<?> container, String version) {
    this.container = container;
    this.version = version;
  }

  public static ContainerRedis start(Duration startupTimeout) {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withExposedPorts(REDIS_PORT)
            .withCommand("redis-server", "--save", "", "--appendonly", "no")
            .waitingFor(
                Wait.forLogMessage(".*Ready to accept connections.*", 1)
                    .withStartupTimeout(startupTimeout));
    container.start();
    try (RespConnection redis =
        RespConnection.open(
            container.getHost(), container.getMappedPort(REDIS_PORT), Duration.ofSeconds(5))) {
      return new ContainerRedis(container, redis.infoField("redis_version"));
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int port() {
    return container.getMappedPort(REDIS_PORT);
  }

  @Override
  public String password() {
    return null;
  }

  @Override
  public String kind() {
    return "docker " + IMAGE;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public void close() {
    container.stop();
  }
}

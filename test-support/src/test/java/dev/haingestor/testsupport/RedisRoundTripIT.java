package dev.haingestor.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.testsupport.redis.RespConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@RealServersTest
class RedisRoundTripIT {

  private final RedisServer redis = RealServers.redis();

  @Test
  void answersPingOnItsLoopbackPort() {
    assertThat(RespConnection.answersPing(redis.host(), redis.port(), Duration.ofSeconds(5)))
        .isTrue();
    assertThat(redis.version()).startsWith("7.");
  }

  @Test
  void deliversAStreamEntryToAConsumerGroupAndAcknowledgesIt() {
    try (RespConnection connection = connect()) {
      String stream = "test-support:stream:" + System.nanoTime();
      connection.command("XGROUP", "CREATE", stream, "group", "$", "MKSTREAM");
      String id = (String) connection.command("XADD", stream, "*", "entity_id", "sensor.power");

      List<?> reply =
          (List<?>)
              connection.command(
                  "XREADGROUP",
                  "GROUP",
                  "group",
                  "consumer-1",
                  "COUNT",
                  "10",
                  "STREAMS",
                  stream,
                  ">");

      List<?> entries = (List<?>) ((List<?>) reply.get(0)).get(1);
      List<?> entry = (List<?>) entries.get(0);
      assertThat(entry.get(0)).isEqualTo(id);
      assertThat(entry.get(1)).isEqualTo(List.of("entity_id", "sensor.power"));
      assertThat(connection.command("XACK", stream, "group", id)).isEqualTo(1L);
      List<?> pending = (List<?>) connection.command("XPENDING", stream, "group");
      assertThat(pending.get(0)).isEqualTo(0L);
    }
  }

  private RespConnection connect() {
    RespConnection connection =
        RespConnection.open(redis.host(), redis.port(), Duration.ofSeconds(5));
    if (redis.password() != null) {
      connection.command("AUTH", redis.password());
    }
    return connection;
  }
}

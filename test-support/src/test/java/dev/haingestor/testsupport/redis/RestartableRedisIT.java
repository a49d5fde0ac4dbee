package dev.haingestor.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartableRedisIT {

  @Test
  void keepsItsStreamAcrossAKillAndAStopOnTheSamePortAndRequiresThePassword() {
    try (RestartableRedis redis =
        RestartableRedis.builder()
            .password("restartable-pw-0123")
            .appendFsync("everysec")
            .start()) {
      int port = redis.port();
      try (RespConnection connection = redis.connect()) {
        connection.command("XADD", "s", "*", "k", "v");
      }

      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      assertThat(RespConnection.answersPing(redis.host(), port, Duration.ofMillis(300))).isFalse();
      redis.startAgain();
      redis.restart();

      assertThat(redis.port()).isEqualTo(port);
      assertThat(redis.version()).matches("\\d+\\..*");
      try (RespConnection connection = redis.connect()) {
        assertThat(connection.command("XLEN", "s")).isEqualTo(1L);
      }
      try (RespConnection anonymous =
          RespConnection.open(redis.host(), port, Duration.ofSeconds(1))) {
        assertThatThrownBy(() -> anonymous.command("XLEN", "s"))
            .isInstanceOf(RespConnection.RedisErrorReply.class)
            .hasMessageContaining("NOAUTH");
      }
    }
  }
}

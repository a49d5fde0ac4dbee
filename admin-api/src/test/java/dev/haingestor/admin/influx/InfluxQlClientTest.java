package dev.haingestor.admin.influx;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.timeout.ReadTimeoutException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class InfluxQlClientTest {

  @Test
  void treatsTransportFailuresWhileReadingTheAnswerAsUnreachable() {
    // Netty's responseTimeout fires as an unwrapped ReadTimeoutException once the answer started.
    assertThat(InfluxQlClient.isUnreachable(ReadTimeoutException.INSTANCE)).isTrue();
    assertThat(InfluxQlClient.isUnreachable(new TimeoutException())).isTrue();
    assertThat(
            InfluxQlClient.isUnreachable(new java.io.IOException("Connection prematurely closed")))
        .isTrue();
  }

  @Test
  void leavesAnswersWithErrorsToTheirOwnMapping() {
    assertThat(InfluxQlClient.isUnreachable(new InfluxQueryException("bad query"))).isFalse();
    assertThat(InfluxQlClient.isUnreachable(new IllegalStateException())).isFalse();
  }
}

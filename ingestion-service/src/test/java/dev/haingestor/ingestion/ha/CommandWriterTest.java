package dev.haingestor.ingestion.ha;

import static dev.haingestor.ingestion.ha.HaFrames.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CommandWriterTest {

  @Test
  void writesIdsInStrictlyIncreasingOrderUnderConcurrency() throws Exception {
    CommandWriter writer = new CommandWriter(MAPPER);
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    // Consume as frames are queued, as the socket would; the bounded queue never fills.
    writer.frames().subscribe(frame -> written.add(MAPPER.readTree(frame).get("id").intValue()));
    int threads = 4;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Integer> returned = Collections.synchronizedList(new ArrayList<>());
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(
            () -> {
              awaitQuietly(start);
              for (int i = 0; i < perThread; i++) {
                returned.add(writer.send("ping"));
              }
            });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }

    assertThat(written).hasSize(threads * perThread);
    for (int i = 0; i < written.size(); i++) {
      assertThat(written.get(i)).isEqualTo(i + 1);
    }
    assertThat(returned).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void startsAtOneOnEveryConnection() {
    CommandWriter first = new CommandWriter(MAPPER);
    first.send("ping");
    first.send("ping");

    assertThat(new CommandWriter(MAPPER).send("ping")).isEqualTo(1);
  }

  @Test
  void writesTheCommandWithItsIdAndFields() {
    CommandWriter writer = new CommandWriter(MAPPER);
    List<String> frames = new ArrayList<>();
    writer.frames().subscribe(frames::add);

    writer.sendAuth(new AccessToken("secret-token"));
    writer.send("subscribe_events", command -> command.put("event_type", "state_changed"));

    JsonNode auth = MAPPER.readTree(frames.get(0));
    assertThat(auth.get("type").stringValue()).isEqualTo("auth");
    assertThat(auth.get("access_token").stringValue()).isEqualTo("secret-token");
    assertThat(auth.has("id")).isFalse();
    assertThat(MAPPER.readTree(frames.get(1)))
        .isEqualTo(
            MAPPER.readTree(
                "{\"id\":1,\"type\":\"subscribe_events\",\"event_type\":\"state_changed\"}"));
  }

  @Test
  void failsWhenTheConnectionStopsTakingFrames() {
    CommandWriter writer = new CommandWriter(MAPPER);
    for (int i = 0; i < CommandWriter.QUEUE_CAPACITY; i++) {
      writer.send("ping");
    }

    assertThatThrownBy(() -> writer.send("ping")).isInstanceOf(HaProtocolException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

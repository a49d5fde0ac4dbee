package dev.haingestor.ingestion.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.haingestor.common.event.EventSource;
import dev.haingestor.common.event.StateChangedEvent;
import dev.haingestor.ingestion.buffer.BackfillQueue;
import dev.haingestor.ingestion.buffer.BufferProperties;
import dev.haingestor.ingestion.buffer.EventBuffer;
import dev.haingestor.ingestion.ha.CommandResult;
import dev.haingestor.ingestion.ha.HaCommands;
import dev.haingestor.ingestion.ha.HaProperties;
import dev.haingestor.ingestion.shaping.AttributeProperties;
import dev.haingestor.ingestion.shaping.FilterProperties;
import dev.haingestor.ingestion.shaping.IngestionShapingProperties;
import dev.haingestor.ingestion.shaping.ShapingHolder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class StateSnapshotsTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:30Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EventBuffer buffer = new EventBuffer(new BufferProperties(100), registry);
  private final BackfillQueue queue = new BackfillQueue(buffer, registry);
  private final StateSnapshots snapshots =
      new StateSnapshots(
          new ShapingHolder(
              new FilterProperties(
                  List.of(), List.of(), List.of(), List.of("automation"), List.of(), List.of()),
              new AttributeProperties(List.of(), List.of(), Map.of()),
              new IngestionShapingProperties(0, true, Duration.ofMinutes(1))),
          queue,
          new HaProperties(
              "http://ha:8123",
              "token",
              null,
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              Duration.ofMinutes(5),
              Duration.ofSeconds(30),
              Duration.ofSeconds(10),
              Duration.ofSeconds(10),
              DataSize.ofMegabytes(16),
              List.of(),
              Duration.ofSeconds(5),
              Duration.ofSeconds(5)),
          MAPPER,
          registry,
          Clock.fixed(NOW, ZoneOffset.UTC));

  private final HaCommands ha =
      new HaCommands() {
        @Override
        public Mono<CommandResult> call(String type, Consumer<ObjectNode> body, Duration timeout) {
          String states =
              "["
                  + state("sensor.quiet", "5", "2024-05-01T08:00:00+00:00")
                  + ","
                  + state("sensor.busy", "7", "2024-05-01T11:59:50.000001+00:00")
                  + ","
                  + state("automation.skip", "on", "2024-05-01T08:00:00+00:00")
                  + "]";
          String frame =
              "{\"id\":3,\"type\":\"result\",\"success\":true,\"result\":" + states + "}";
          return Mono.just(new CommandResult(3, MAPPER.readTree(frame).get("result"), frame));
        }

        @Override
        public long connection() {
          return 1;
        }
      };

  @AfterEach
  void stop() {
    snapshots.stop();
  }

  @Test
  void snapshotPublishesEveryAdmittedStateAtItsOwnTime() {
    snapshots.start();
    CompletableFuture<Long> done = snapshots.snapshot(ha).toFuture();

    BackfillQueue.OutgoingBatch batch = awaitBatch();
    assertThat(batch.events())
        .extracting(StateChangedEvent::entityId)
        .containsExactly("sensor.quiet", "sensor.busy");
    assertThat(batch.events().get(0).timeFired()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    assertThat(batch.events())
        .allSatisfy(e -> assertThat(e.source()).isEqualTo(EventSource.BACKFILL));
    assertThat(batch.extraFields(0)).isEmpty();
    batch.confirmed();
    assertThat(done.join()).isEqualTo(2);
  }

  @Test
  void republishesOnlyStatesUnchangedForAnIntervalAtTheAlignedTickMarkedWithTheirRealTime() {
    snapshots.start();
    // The first tick after start only sets the schedule.
    assertThat(snapshots.republishIfDue(ha, NOW.minusSeconds(60)).blockOptional()).isEmpty();

    CompletableFuture<Long> done = snapshots.republishIfDue(ha, NOW).toFuture();

    BackfillQueue.OutgoingBatch batch = awaitBatch();
    Instant tick = Instant.parse("2024-05-01T12:00:00Z");
    assertThat(batch.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.entityId()).isEqualTo("sensor.quiet");
              assertThat(event.timeFired()).isEqualTo(tick);
              assertThat(event.newState().lastUpdated()).isEqualTo(tick);
              assertThat(event.newState().lastChanged())
                  .isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
            });
    assertThat(batch.extraFields(0))
        .containsEntry(StateSnapshots.REPUBLISHED_FROM, "2024-05-01T08:00:00+00:00");
    batch.confirmed();
    assertThat(done.join()).isEqualTo(1);
    // Same tick again: nothing more.
    assertThat(snapshots.republishIfDue(ha, NOW.plusSeconds(10)).blockOptional()).isEmpty();
  }

  private BackfillQueue.OutgoingBatch awaitBatch() {
    await().atMost(Duration.ofSeconds(5)).until(() -> !queue.isEmpty());
    return queue.poll();
  }

  private static String state(String entityId, String state, String lastUpdated) {
    return "{\"entity_id\":\""
        + entityId
        + "\",\"state\":\""
        + state
        + "\",\"attributes\":{},\"last_changed\":\""
        + lastUpdated
        + "\",\"last_updated\":\""
        + lastUpdated
        + "\"}";
  }
}

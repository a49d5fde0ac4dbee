package dev.haingestor.admin.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayabilityTest {

  private final Replayability replayability = new Replayability(DeadLetterEntries.JSON);
  private final Map<String, String> event =
      DeadLetterEntries.event("sensor.power", "12.5", Instant.parse("2024-05-01T10:00:00Z"));

  @Test
  void replaysTheOriginalEntryOfTheEnrichmentStageAsItWas() {
    Replayability.Verdict verdict =
        replayability.judge(DeadLetterEntries.enrichment(event, "influxdb_rejected"));

    assertThat(verdict.replayable()).isTrue();
    assertThat(verdict.fields()).isEqualTo(event);
    assertThat(verdict.entityId()).isEqualTo("sensor.power");
  }

  @Test
  void neverReplaysIngestionFrames() {
    Replayability.Verdict verdict =
        replayability.judge(DeadLetterEntries.ingestion("{\"type\":\"event\",\"event\":"));

    assertThat(verdict.replayable()).isFalse();
    assertThat(verdict.reason()).startsWith("stage ingestion");
  }

  @Test
  void refusesTruncatedEmptyOrUndecodableEntries() {
    String json = DeadLetterEntries.JSON.writeValueAsString(event);
    Map<String, String> wrongVersion = new HashMap<>(event);
    wrongVersion.put("v", "9");
    Map<String, String> numbers = Map.of("v", "1");

    assertThat(
            replayability
                .judge(DeadLetterEntries.enrichmentRaw(json.substring(0, 40), "x"))
                .reason())
        .contains("truncated");
    assertThat(replayability.judge(DeadLetterEntries.enrichmentRaw("{}", "x")).reason())
        .contains("empty");
    assertThat(replayability.judge(DeadLetterEntries.enrichment(wrongVersion, "x")).reason())
        .contains("not a valid event");
    assertThat(replayability.judge(DeadLetterEntries.enrichmentRaw("{\"v\":1}", "x")).replayable())
        .isFalse();
    assertThat(replayability.judge(DeadLetterEntries.enrichment(numbers, "x")).replayable())
        .isFalse();
  }
}

package dev.haingestor.ingestion.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.event.RejectionReason;
import dev.haingestor.common.stream.StreamFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterEntryTest {

  private static final Instant FAILED_AT = Instant.parse("2024-05-01T10:00:00.25Z");

  @Test
  void carriesReasonDetailStageRawAndTime() {
    Map<String, String> entry =
        DeadLetterEntry.of(
            new Rejection(RejectionReason.STATE_NOT_STRING, "state is NUMBER", "{\"x\":1}"),
            FAILED_AT);

    assertThat(entry)
        .containsExactly(
            Map.entry(StreamFields.REASON, "state_not_string"),
            Map.entry(StreamFields.DETAIL, "state is NUMBER"),
            Map.entry(StreamFields.STAGE, "ingestion"),
            Map.entry(StreamFields.RAW, "{\"x\":1}"),
            Map.entry(StreamFields.FAILED_AT, "2024-05-01T10:00:00.250000+00:00"));
  }

  @Test
  void truncatesRawInputTo64KibAndSaysSoInTheDetail() {
    String raw = "x".repeat(200_000);

    Map<String, String> entry =
        DeadLetterEntry.of(new Rejection(RejectionReason.INVALID_JSON, "bad", raw), FAILED_AT);

    assertThat(entry.get(StreamFields.RAW)).hasSize(64 * 1024);
    assertThat(entry.get(StreamFields.DETAIL)).isEqualTo("bad (raw truncated from 200000 bytes)");
  }

  @Test
  void neverSplitsAMultiByteCharacter() {
    String raw = "é".repeat(40_000) + "😀".repeat(10); // 2 bytes each, then 4 bytes each

    String truncated = DeadLetterEntry.truncateUtf8(raw, 65_535);

    assertThat(truncated.getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_534);
    assertThat(truncated).isEqualTo("é".repeat(32_767));
    assertThat(DeadLetterEntry.truncateUtf8("😀😀", 7)).isEqualTo("😀");
  }

  @Test
  void keepsShortInputUnchanged() {
    assertThat(DeadLetterEntry.truncateUtf8("short", 64 * 1024)).isEqualTo("short");
  }
}

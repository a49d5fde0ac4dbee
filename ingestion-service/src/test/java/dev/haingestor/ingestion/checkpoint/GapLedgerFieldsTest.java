package dev.haingestor.ingestion.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.common.stream.RedisKeys;
import dev.haingestor.ingestion.buffer.EventGap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GapLedgerFieldsTest {

  @Test
  void writesAndReadsAGapAsAnIsoIntervalField() {
    EventGap gap =
        new EventGap(
            Instant.parse("2024-05-01T10:00:00.000001Z"), Instant.parse("2024-05-01T10:05:00Z"), 7);

    String field = GapLedger.field(gap);

    assertThat(field).isEqualTo("2024-05-01T10:00:00.000001+00:00/2024-05-01T10:05:00+00:00");
    assertThat(GapLedger.parse(field, "7")).contains(gap);
  }

  @Test
  void skipsAnUnreadableField() {
    assertThat(GapLedger.parse("yesterday/today", "1")).isEmpty();
  }

  @Test
  void keepsGapsNextToTheCheckpointKey() {
    assertThat(GapLedger.key(new RedisKeys("p:"))).isEqualTo("p:checkpoint:gaps");
  }
}

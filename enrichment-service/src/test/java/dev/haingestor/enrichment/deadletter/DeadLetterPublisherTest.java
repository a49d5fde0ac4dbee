package dev.haingestor.enrichment.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterPublisherTest {

  @Test
  void shortRawEntryIsKept() {
    assertThat(DeadLetterPublisher.truncateUtf8("{\"a\":\"b\"}")).isEqualTo("{\"a\":\"b\"}");
  }

  @Test
  void longRawEntryIsCutToSixtyFourKibOnACharacterBoundary() {
    String text = "€".repeat(30_000); // 3 bytes each: 90,000 bytes

    String truncated = DeadLetterPublisher.truncateUtf8(text);

    byte[] bytes = truncated.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isLessThanOrEqualTo(64 * 1024).isGreaterThan(64 * 1024 - 3);
    assertThat(truncated).matches("€+");
  }
}

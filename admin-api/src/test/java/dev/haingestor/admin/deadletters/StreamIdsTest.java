package dev.haingestor.admin.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamIdsTest {

  @Test
  void acceptsOnlyCompleteIdsThatFit64Bits() {
    assertThat(StreamIds.isValid("1714557600123-0")).isTrue();
    assertThat(StreamIds.isValid("18446744073709551615-18446744073709551615")).isTrue();
    assertThat(StreamIds.isValid("18446744073709551616-0")).isFalse();
    assertThat(StreamIds.isValid("1714557600123")).isFalse();
    assertThat(StreamIds.isValid("-")).isFalse();
    assertThat(StreamIds.isValid("+")).isFalse();
    assertThat(StreamIds.isValid("1-0 OR 1")).isFalse();
    assertThat(StreamIds.isValid(null)).isFalse();
  }

  @Test
  void stepsToTheNeighbouringIds() {
    assertThat(StreamIds.predecessor("5-3")).isEqualTo("5-2");
    assertThat(StreamIds.predecessor("5-0")).isEqualTo("4-18446744073709551615");
    assertThat(StreamIds.predecessor("0-0")).isNull();
    assertThat(StreamIds.successor("5-3")).isEqualTo("5-4");
    assertThat(StreamIds.successor("5-18446744073709551615")).isEqualTo("6-0");
    assertThat(StreamIds.successor("18446744073709551615-18446744073709551615")).isNull();
  }
}

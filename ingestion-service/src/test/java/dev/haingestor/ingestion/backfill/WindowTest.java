package dev.haingestor.ingestion.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.ingestion.buffer.EventGap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void mergesOverlappingAndNearbyGapsAndKeepsDistantOnesApart() {
    EventGap a = new EventGap(T0, T0.plusSeconds(10), 3);
    EventGap b = new EventGap(T0.plusSeconds(5), T0.plusSeconds(20), 0);
    EventGap c = new EventGap(T0.plusSeconds(22), T0.plusSeconds(30), 1);
    EventGap d = new EventGap(T0.plusSeconds(100), T0.plusSeconds(110), 2);

    List<Backfiller.Window> windows =
        Backfiller.Window.merge(List.of(a, b, c, d), Duration.ofSeconds(5));

    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).from()).isEqualTo(T0);
    assertThat(windows.get(0).to()).isEqualTo(T0.plusSeconds(30));
    assertThat(windows.get(0).gaps()).containsExactly(a, b, c);
    assertThat(windows.get(1).gaps()).containsExactly(d);
  }

  @Test
  void noGapsNoWindows() {
    assertThat(Backfiller.Window.merge(List.of(), Duration.ZERO)).isEmpty();
  }
}

package dev.haingestor.admin.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.admin.problem.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsQueryTest {

  @Test
  void defaultsToFiveMinutesAndTenEntities() {
    assertThat(StatsQuery.parse(null, " ")).isEqualTo(new StatsQuery(StatsWindow.FIVE_MINUTES, 10));
  }

  @Test
  void acceptsTheThreeWindows() {
    assertThat(StatsQuery.parse("5m", null).window()).isEqualTo(StatsWindow.FIVE_MINUTES);
    assertThat(StatsQuery.parse("1h", "1").window()).isEqualTo(StatsWindow.ONE_HOUR);
    assertThat(StatsQuery.parse("24h", "100").window().minutes()).isEqualTo(1440);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "1d", "5M", "24H", "60m", "5m;", "5m' OR '1'='1", ".*"})
  void rejectsOtherWindows(String window) {
    assertThatThrownBy(() -> StatsQuery.parse(window, null))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("window"))
        .hasMessageContaining("5m, 1h, 24h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "ten", "1.5"})
  void rejectsTopOutsideOneToHundred(String top) {
    assertThatThrownBy(() -> StatsQuery.parse(null, top))
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("top"));
  }
}

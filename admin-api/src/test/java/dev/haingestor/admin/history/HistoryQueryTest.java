package dev.haingestor.admin.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haingestor.admin.problem.InvalidParameterException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class HistoryQueryTest {

  private static final Instant NOW = Instant.parse("2024-05-02T12:00:00Z");
  private static final HistoryProperties LIMITS =
      new HistoryProperties(
          2000,
          500,
          Duration.ofHours(1),
          Duration.ofDays(400),
          Duration.ofDays(2),
          1000,
          DataSize.ofMegabytes(16));

  private static HistoryQuery parse(String start, String end, String every, String fn) {
    return HistoryQuery.parse("sensor.power", start, end, every, fn, NOW, LIMITS);
  }

  private static void assertRejected(Runnable parse, String parameter) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(
            InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(parameter));
  }

  @Test
  void defaultsToTheLastDayDownsampledByMeanInRoundBuckets() {
    HistoryQuery query = parse(null, null, null, null);

    assertThat(query.start()).isNull();
    assertThat(query.end()).isNull();
    HistoryQuery.Resolved plan = query.resolve(NOW, LIMITS);
    assertThat(plan.start()).isEqualTo(NOW.minus(Duration.ofDays(1)));
    assertThat(plan.end()).isEqualTo(NOW);
    assertThat(plan.raw()).isFalse();
    // 24 h / 500 points = 172.8 s → the next round bucket.
    assertThat(plan.every()).isEqualTo(Duration.ofMinutes(5));
    assertThat(plan.fn()).isEqualTo(Aggregation.MEAN);
  }

  @Test
  void answersRawPointsForASmallRangeWithoutEveryOrFn() {
    HistoryQuery.Resolved plan =
        parse("2024-05-02T11:30:00Z", null, null, null).resolve(NOW, LIMITS);

    assertThat(plan.raw()).isTrue();
    assertThat(parse("2024-05-02T11:30:00Z", null, null, "max").resolve(NOW, LIMITS).raw())
        .isFalse();
    assertThat(parse("2024-05-02T11:30:00Z", null, "1m", null).resolve(NOW, LIMITS).raw())
        .isFalse();
  }

  @Test
  void takesEveryAndFnAsGiven() {
    HistoryQuery query = parse("2024-05-01T00:00:00Z", "2024-05-02T00:00:00+00:00", "90s", "last");

    assertThat(query.every()).isEqualTo(Duration.ofSeconds(90));
    assertThat(query.fn()).isEqualTo(Aggregation.LAST);
    assertThat(parse(null, null, "2h", "count").every()).isEqualTo(Duration.ofHours(2));
    assertThat(parse(null, null, "1d", "min").every()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void refusesAnEveryThatGivesTooManyPointsAndSaysWhatWouldWork() {
    assertThatThrownBy(() -> parse(null, null, "30s", null))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("2880 points")
        .hasMessageContaining("at least 44s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "5", "5ms", "1w", "1.5h", "-1m", "5m;", "time(1s)", "10000000s"})
  void rejectsMalformedEvery(String every) {
    assertRejected(() -> parse(null, null, every, null), "every");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MEAN", "median", "mean()", "mean;", "sum", "*"})
  void rejectsUnknownFunctions(String fn) {
    assertRejected(() -> parse(null, null, null, fn), "fn");
  }

  @ParameterizedTest
  @CsvSource({
    "start, yesterday",
    "end, 2024-05-02",
    "start, 2024-05-02T13:00:00Z",
    "start, 2022-01-01T00:00:00Z"
  })
  void rejectsBadOrTooLongRanges(String parameter, String value) {
    assertRejected(
        () ->
            parse(
                parameter.equals("start") ? value : null,
                parameter.equals("end") ? value : null,
                null,
                null),
        parameter);
  }

  @Test
  void rejectsAnEmptyRange() {
    assertRejected(
        () -> parse("2024-05-02T10:00:00Z", "2024-05-02T10:00:00Z", null, null), "start");
  }

  @Test
  void rejectsInvalidEntityIds() {
    assertRejected(
        () -> HistoryQuery.parse("sensor.x\" OR 1=1", null, null, null, null, NOW, LIMITS),
        "entity_id");
  }

  @Test
  void choosesTheSmallestRoundBucketWithinThePointBudget() {
    assertThat(HistoryQuery.autoBucket(Duration.ofMinutes(10), 500))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(HistoryQuery.autoBucket(Duration.ofDays(7), 500)).isEqualTo(Duration.ofMinutes(30));
    assertThat(HistoryQuery.autoBucket(Duration.ofDays(400), 500)).isEqualTo(Duration.ofDays(1));
    assertThat(HistoryQuery.autoBucket(Duration.ofDays(400), 10)).isEqualTo(Duration.ofDays(40));
  }
}

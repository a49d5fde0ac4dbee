package dev.haingestor.admin.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haingestor.admin.influx.InfluxSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pages through a simulated InfluxDB that answers exactly like the real one (the statement's time
 * condition with the cursor, ORDER BY time, LIMIT per measurement) and checks that the pages,
 * joined, are every event once in order, also when many events share one timestamp.
 */
class EventPagingTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final String START = "2024-05-01T09:00:00Z";
  private static final String END = "2024-05-01T11:00:00Z";

  /** measurement → rows of (time ns, entity object id, value). */
  private final Map<String, List<List<Object>>> stored = new TreeMap<>();

  private void store(String measurement, long secondsAfterT0, String objectId) {
    long nanos = (T0.getEpochSecond() + secondsAfterT0) * 1_000_000_000L;
    stored
        .computeIfAbsent(measurement, m -> new ArrayList<>())
        .add(Arrays.asList(nanos, "sensor", objectId, (double) secondsAfterT0));
  }

  /** What InfluxDB answers to {@link EventFinder#statement}. */
  private List<InfluxSeries> answer(EventQuery query) {
    List<InfluxSeries> series = new ArrayList<>();
    long limit = EventFinder.fetchLimit(query);
    for (Map.Entry<String, List<List<Object>>> measurement : stored.entrySet()) {
      Comparator<List<Object>> byTime = Comparator.comparing(row -> (Long) row.get(0));
      if (query.order() == SortOrder.DESC) {
        byTime = byTime.reversed();
      }
      List<List<Object>> rows =
          measurement.getValue().stream()
              .filter(row -> withinCursor(query, (Long) row.get(0)))
              .sorted(byTime)
              .limit(limit)
              .toList();
      if (!rows.isEmpty()) {
        series.add(
            new InfluxSeries(
                measurement.getKey(), null, List.of("time", "domain", "entity_id", "value"), rows));
      }
    }
    return series;
  }

  private static boolean withinCursor(EventQuery query, long nanos) {
    if (query.cursor() == null) {
      return true;
    }
    Instant position = query.cursor().time();
    long cursorNanos = position.getEpochSecond() * 1_000_000_000L + position.getNano();
    return query.order() == SortOrder.DESC ? nanos <= cursorNanos : nanos >= cursorNanos;
  }

  private List<String> pageThrough(String order, int limit) {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    for (int pages = 0; pages < 100; pages++) {
      EventQuery query =
          EventQuery.parse(null, "sensor", START, END, Integer.toString(limit), order, cursor, T0);
      EventPage page = EventFinder.page(query, EventMapper.sorted(answer(query), query.order()));
      page.events().forEach(e -> seen.add(e.time() + " " + e.entityId() + " " + e.measurement()));
      assertThat(page.count()).isLessThanOrEqualTo(limit);
      cursor = page.nextCursor();
      if (cursor == null) {
        return seen;
      }
    }
    throw new AssertionError("did not reach the last page");
  }

  private List<String> all(String order) {
    EventQuery query = EventQuery.parse(null, "sensor", START, END, "10000", order, null, T0);
    return EventFinder.page(query, EventMapper.sorted(answer(query), query.order()))
        .events()
        .stream()
        .map(e -> e.time() + " " + e.entityId() + " " + e.measurement())
        .toList();
  }

  @ParameterizedTest
  @CsvSource({"desc, 1", "desc, 2", "desc, 3", "asc, 1", "asc, 4", "desc, 50"})
  void returnsEveryEventOnceInOrderAcrossPages(String order, int limit) {
    // Seven events at one instant over two measurements, plus singles around them.
    for (String id : new String[] {"a", "b", "c", "d"}) {
      store("W", 5, id);
    }
    for (String id : new String[] {"a", "b", "c"}) {
      store("kW", 5, id);
    }
    store("W", 1, "a");
    store("W", 9, "z");
    store("kW", 7, "b");
    store("kW", 2, "c");

    List<String> paged = pageThrough(order, limit);

    assertThat(paged).hasSize(11).doesNotHaveDuplicates().containsExactlyElementsOf(all(order));
  }

  @ParameterizedTest
  @CsvSource({"desc", "asc"})
  void aNewerWriteDoesNotShiftLaterPages(String order) {
    for (int i = 0; i < 6; i++) {
      store("W", i, "a");
    }
    EventQuery first = EventQuery.parse(null, "sensor", START, END, "2", order, null, T0);
    EventPage page1 = EventFinder.page(first, EventMapper.sorted(answer(first), first.order()));

    // Written between the pages, inside the range.
    store("W", 3, "b");
    store("W", 100, "c");
    EventQuery second =
        EventQuery.parse(null, "sensor", START, END, "2", order, page1.nextCursor(), T0);
    EventPage page2 = EventFinder.page(second, EventMapper.sorted(answer(second), second.order()));

    List<String> seen = new ArrayList<>();
    page1.events().forEach(e -> seen.add(e.time() + " " + e.entityId()));
    page2.events().forEach(e -> seen.add(e.time() + " " + e.entityId()));
    assertThat(seen).doesNotHaveDuplicates().hasSize(4);
    // The event written after the first page's position never shows up on a later page.
    assertThat(seen).noneMatch(key -> key.endsWith("sensor.c") && order.equals("desc"));
  }
}

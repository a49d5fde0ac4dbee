package dev.haingestor.admin.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.haingestor.admin.influx.InfluxSeries;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMapperTest {

  private static final List<String> COLUMNS =
      List.of(
          "time",
          "battery",
          "device_class_str",
          "friendly_name_str",
          "state",
          "value",
          "domain",
          "entity_id");

  /** 2023-11-14T22:13:20.123456Z plus 789 ns, which HA's microsecond format drops. */
  private static final long T1 = 1_700_000_000_123_456_789L;

  private static final long T2 = 1_700_000_001_000_000_000L;
  private static final long T3 = 1_700_000_000_500_000_000L;

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private static InfluxSeries celsius() {
    return new InfluxSeries(
        "°C",
        null,
        COLUMNS,
        List.of(
            row(T2, null, null, "Living", null, 21.7, "sensor", "living_temp"),
            row(T1, 88, "temperature", "Living \"T\"", null, 21, "sensor", "living_temp")));
  }

  private static InfluxSeries fahrenheit() {
    return new InfluxSeries(
        "°F",
        null,
        COLUMNS,
        List.of(row(T3, null, null, "Living", null, 70.5, "sensor", "living_temp")));
  }

  @Test
  void mapsFieldsBackToValueStateAndAttributes() {
    List<Event> events = EventMapper.toEvents(List.of(celsius()), SortOrder.DESC, 10);

    Event oldest = events.get(1);
    assertThat(oldest.entityId()).isEqualTo("sensor.living_temp");
    assertThat(oldest.time()).isEqualTo("2023-11-14T22:13:20.123456+00:00");
    assertThat(oldest.measurement()).isEqualTo("°C");
    assertThat(oldest.value()).isEqualTo(21.0);
    assertThat(oldest.state()).isNull();
    assertThat(oldest.attributes())
        .containsExactly(
            entry("battery", 88.0),
            entry("device_class", "temperature"),
            entry("friendly_name", "Living \"T\""));
  }

  @Test
  void dropsColumnsThePointDoesNotHave() {
    Event newest = EventMapper.toEvents(List.of(celsius()), SortOrder.DESC, 10).get(0);

    assertThat(newest.attributes()).containsOnly(entry("friendly_name", "Living"));
  }

  @Test
  void keepsStateTextAndValueOfBinaryStates() {
    InfluxSeries lamp =
        new InfluxSeries(
            "switch",
            null,
            List.of("time", "domain", "entity_id", "friendly_name_str", "state", "value"),
            List.of(row(T1, "switch", "lamp", "Lamp", "on", 1)));

    Event event = EventMapper.toEvents(List.of(lamp), SortOrder.DESC, 10).get(0);

    assertThat(event.entityId()).isEqualTo("switch.lamp");
    assertThat(event.state()).isEqualTo("on");
    assertThat(event.value()).isEqualTo(1.0);
  }

  @Test
  void prefersTheTextOfAStringAttributeOverHasDigitCopy() {
    // HA writes "version": "v1.2" as version_str="v1.2" and version=1.2 (RE_DIGIT_TAIL).
    InfluxSeries series =
        new InfluxSeries(
            "update",
            null,
            List.of("time", "domain", "entity_id", "version", "version_str"),
            List.of(row(T1, "update", "core", 1.2, "v1.2")));

    Event event = EventMapper.toEvents(List.of(series), SortOrder.DESC, 10).get(0);

    assertThat(event.attributes()).containsExactly(entry("version", "v1.2"));
  }

  @Test
  void mergesMeasurementsSortedNewestFirstByDefault() {
    List<Event> events = EventMapper.toEvents(List.of(fahrenheit(), celsius()), SortOrder.DESC, 10);

    assertThat(events)
        .extracting(Event::time, Event::measurement)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("2023-11-14T22:13:21+00:00", "°C"),
            org.assertj.core.groups.Tuple.tuple("2023-11-14T22:13:20.500000+00:00", "°F"),
            org.assertj.core.groups.Tuple.tuple("2023-11-14T22:13:20.123456+00:00", "°C"));
  }

  @Test
  void sortsOldestFirstWhenAscending() {
    List<Event> events = EventMapper.toEvents(List.of(fahrenheit(), celsius()), SortOrder.ASC, 10);

    assertThat(events).extracting(Event::value).containsExactly(21.0, 70.5, 21.7);
  }

  @Test
  void appliesTheLimitAcrossAllMeasurements() {
    List<Event> events = EventMapper.toEvents(List.of(fahrenheit(), celsius()), SortOrder.DESC, 2);

    assertThat(events).extracting(Event::value).containsExactly(21.7, 70.5);
  }

  @Test
  void ordersEventsAtTheSameTimeByEntityThenMeasurement() {
    List<String> columns = List.of("time", "domain", "entity_id", "value");
    InfluxSeries b = new InfluxSeries("b", null, columns, List.of(row(T1, "sensor", "a", 1)));
    InfluxSeries a =
        new InfluxSeries(
            "a", null, columns, List.of(row(T1, "sensor", "b", 2), row(T1, "sensor", "a", 3)));

    List<Event> events = EventMapper.toEvents(List.of(b, a), SortOrder.DESC, 10);

    assertThat(events).extracting(Event::value).containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void answersNothingForNoSeries() {
    assertThat(EventMapper.toEvents(List.of(), SortOrder.DESC, 10)).isEmpty();
  }

  @Test
  void keepsAttributeNamesThatOnlyLookLikeSuffixes() {
    InfluxSeries series =
        new InfluxSeries(
            "x",
            null,
            List.of("time", "domain", "entity_id", "_str", "count_str"),
            List.of(row(T1, "sensor", "x", "odd", 3)));

    Map<String, Object> attributes =
        EventMapper.toEvents(List.of(series), SortOrder.DESC, 10).get(0).attributes();

    // "_str" alone has no key to restore; a number under a _str name is not a string attribute.
    assertThat(attributes).containsOnly(entry("_str", "odd"), entry("count_str", 3.0));
  }
}

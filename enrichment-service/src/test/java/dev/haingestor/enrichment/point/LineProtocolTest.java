package dev.haingestor.enrichment.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

  private static final Instant TIME = Instant.parse("2024-05-01T10:00:00.123456Z");

  @Test
  void writesMeasurementSortedTagsFieldsAndTime() {
    String line =
        encode(
            point(
                "°C",
                tags("entity_id", "living_temp", "domain", "sensor"),
                fields("value", 21.0, "friendly_name_str", "Living")));

    assertThat(line)
        .isEqualTo(
            "°C,domain=sensor,entity_id=living_temp value=21.0,friendly_name_str=\"Living\""
                + " 1714557600123456000\n");
  }

  @Test
  void escapesMeasurementCommasAndSpacesButNotEquals() {
    assertThat(encode(point("a b,c=d", tags(), fields("value", 1.0))))
        .startsWith("a\\ b\\,c=d value=1.0 ");
  }

  @Test
  void escapesTagKeysValuesAndFieldKeys() {
    String line =
        encode(point("m", tags("k y", "v,a=l ue"), fields("f=1 x,y", 1.0, "s", "say \"hi\" \\o/")));

    assertThat(line)
        .isEqualTo(
            "m,k\\ y=v\\,a\\=l\\ ue f\\=1\\ x\\,y=1.0,s=\"say \\\"hi\\\" \\\\o/\" 1714557600123456000\n");
  }

  @Test
  void aBackslashIsDoubledOnlyWhereItWouldEscapeWhatFollows() {
    String line = encode(point("C:\\", tags("k\\", "v\\,x", "p", "a\\b"), fields("f\\ g", 1.0)));

    // End of a name, before an escaped comma or space: doubled; before an ordinary letter: as is.
    assertThat(line).isEqualTo("C:\\\\,k\\\\=v\\\\\\,x,p=a\\b f\\\\\\ g=1.0 1714557600123456000\n");
  }

  @Test
  void newlinesInNamesBecomeEscapeSequencesButStayRawInStringFields() {
    String line = encode(point("m\n1", tags("t", "a\nb"), fields("s", "line1\nline2")));

    assertThat(line).isEqualTo("m\\n1,t=a\\nb s=\"line1\nline2\" 1714557600123456000\n");
  }

  @Test
  void leavesOutEmptyTagsAndFieldKeys() {
    Map<String, String> tags = tags("empty", "", "ok", "1");
    tags.put("none", null);
    String line = encode(point("m", tags, fields("", 1.0, "value", 2.0)));

    assertThat(line).isEqualTo("m,ok=1 value=2.0 1714557600123456000\n");
  }

  @Test
  void floatsAlwaysStayFloats() {
    StringBuilder out = new StringBuilder();
    LineProtocol.appendFloat(out, 21);
    out.append(' ');
    LineProtocol.appendFloat(out, 1e-5);
    out.append(' ');
    LineProtocol.appendFloat(out, -1.5e300);
    out.append(' ');
    LineProtocol.appendFloat(out, 12345678.9);

    assertThat(out).hasToString("21.0 1.0e-5 -1.5e300 1.23456789e7");
  }

  @Test
  void appendsManyPointsToOneBuffer() {
    StringBuilder out = new StringBuilder();
    LineProtocol.append(out, point("a", tags(), fields("value", 1.0)), TimestampPrecision.S);
    LineProtocol.append(out, point("b", tags(), fields("value", 2.0)), TimestampPrecision.S);

    assertThat(out).hasToString("a value=1.0 1714557600\nb value=2.0 1714557600\n");
  }

  private static String encode(InfluxPoint point) {
    StringBuilder out = new StringBuilder();
    LineProtocol.append(out, point, TimestampPrecision.NS);
    return out.toString();
  }

  private static InfluxPoint point(
      String measurement, Map<String, String> tags, Map<String, Object> fields) {
    return new InfluxPoint(measurement, tags, fields, TIME);
  }

  private static Map<String, String> tags(String... keysAndValues) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      tags.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return tags;
  }

  private static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return fields;
  }
}

package dev.haingestor.admin.influx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One series of an InfluxQL answer, as InfluxDB returns it: a measurement name, the GROUP BY tags,
 * column names and rows of values. With {@code epoch=ns} the {@code time} column holds epoch
 * nanoseconds as a {@link Long}; numbers are {@link Integer}, {@link Long} or {@link Double};
 * absent fields are {@code null}.
 */
public record InfluxSeries(
    String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {

  public InfluxSeries {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    columns = columns == null ? List.of() : List.copyOf(columns);
    // Rows hold nulls, which List.copyOf rejects.
    values = values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** The rows as column → value maps (nulls kept), in column order. */
  public List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>(values.size());
    for (List<Object> row : values) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        map.put(columns.get(i), i < row.size() ? row.get(i) : null);
      }
      rows.add(map);
    }
    return rows;
  }
}

package dev.haingestor.common.event;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectReader;

/**
 * A state's attributes as HA sent them: their JSON text, read into a map only when something looks
 * at them. On the live path nothing does unless an attribute filter applies, and the text is
 * written to the stream as it came, so that an event costs no map of attributes, no parsed values
 * and no second serialisation of them.
 *
 * <p>A map like any other (equal to a map of the same values); unmodifiable. The text must be one
 * valid JSON object, as a parser that read past it found it.
 */
public final class RawAttributes extends AbstractMap<String, Object> {

  private final String json;
  private final ObjectReader reader;
  private volatile Map<String, Object> parsed;

  RawAttributes(String json, ObjectReader reader) {
    this.json = json;
    this.reader = reader;
  }

  /** The attributes' JSON text, exactly as HA sent it. */
  public String json() {
    return json;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return parsed().entrySet();
  }

  @Override
  public boolean isEmpty() {
    // Without parsing: the live path asks this of every event. The text is one JSON object.
    for (int i = 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return c == '}';
      }
    }
    return true;
  }

  @Override
  public Object get(Object key) {
    return parsed().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return parsed().containsKey(key);
  }

  @Override
  public int size() {
    return parsed().size();
  }

  private Map<String, Object> parsed() {
    Map<String, Object> map = parsed;
    if (map == null) {
      // Read by the same reader as attributes that are parsed at once: the same values.
      map = Collections.unmodifiableMap(reader.readValue(json));
      parsed = map;
    }
    return map;
  }
}

package dev.haingestor.common.event;

import java.util.regex.Pattern;

/** HA entity ids: {@code <domain>.<object_id>}, lower-case letters, digits and underscores. */
public final class EntityIds {

  // homeassistant/core.py VALID_ENTITY_ID
  private static final Pattern VALID =
      Pattern.compile("(?!.+__)(?!_)[\\da-z_]+(?<!_)\\.(?!_)[\\da-z_]+(?<!_)");

  private EntityIds() {}

  public static boolean isValid(String entityId) {
    return entityId != null && entityId.length() <= 255 && matchesValidShape(entityId);
  }

  /**
   * {@link #VALID} without the regex engine (every event is checked several times): one dot between
   * two non-empty parts of {@code [0-9a-z_]} that neither start nor end with {@code _}, and no
   * {@code __} anywhere.
   */
  static boolean matchesValidShape(String id) {
    int dot = -1;
    char previous = '.';
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '.') {
        if (dot >= 0 || previous == '.' || previous == '_') {
          return false;
        }
        dot = i;
      } else if (c == '_') {
        if (previous == '.' || previous == '_') {
          return false; // a part starting with _, or __
        }
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
      previous = c;
    }
    return dot >= 0 && previous != '.' && previous != '_';
  }

  /** The regex itself, for tests that compare it with {@link #matchesValidShape}. */
  static boolean matchesPattern(String id) {
    return VALID.matcher(id).matches();
  }

  public static String requireValid(String entityId) {
    if (!isValid(entityId)) {
      throw new IllegalArgumentException("invalid entity_id: " + entityId);
    }
    return entityId;
  }

  public static String domain(String entityId) {
    return entityId.substring(0, entityId.indexOf('.'));
  }

  public static String objectId(String entityId) {
    return entityId.substring(entityId.indexOf('.') + 1);
  }
}

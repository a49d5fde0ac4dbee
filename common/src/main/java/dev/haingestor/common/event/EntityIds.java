package dev.haingestor.common.event;

import java.util.regex.Pattern;

/** HA entity ids: {@code <domain>.<object_id>}, lower-case letters, digits and underscores. */
public final class EntityIds {

  // homeassistant/core.py VALID_ENTITY_ID
  private static final Pattern VALID =
      Pattern.compile("(?!.+__)(?!_)[\\da-z_]+(?<!_)\\.(?!_)[\\da-z_]+(?<!_)");

  private EntityIds() {}

  public static boolean isValid(String entityId) {
    return entityId != null && entityId.length() <= 255 && VALID.matcher(entityId).matches();
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

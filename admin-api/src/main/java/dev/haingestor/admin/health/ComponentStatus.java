package dev.haingestor.admin.health;

/** The status of one component and of the whole pipeline, in increasing severity. */
public enum ComponentStatus {
  UP,
  DEGRADED,
  DOWN;

  public ComponentStatus worst(ComponentStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** Parses a status hash's {@code status} field; {@code null} for an unknown value. */
  static ComponentStatus parse(String text) {
    if (text == null) {
      return null;
    }
    for (ComponentStatus status : values()) {
      if (status.name().equalsIgnoreCase(text.strip())) {
        return status;
      }
    }
    return null;
  }
}

package dev.haingestor.common.config.store;

/**
 * A compare-and-set of the runtime configuration failed: the stored version is not the one the
 * change was based on (admin-api answers 412 / 409 with the current version).
 */
public final class ConfigVersionConflictException extends RuntimeException {

  private final long currentVersion;
  private final long expectedVersion;

  public ConfigVersionConflictException(long currentVersion, long expectedVersion) {
    super(
        "runtime configuration is at version "
            + currentVersion
            + ", the change was based on version "
            + expectedVersion);
    this.currentVersion = currentVersion;
    this.expectedVersion = expectedVersion;
  }

  /** The version stored now. */
  public long currentVersion() {
    return currentVersion;
  }

  /** The version the rejected change was based on. */
  public long expectedVersion() {
    return expectedVersion;
  }
}

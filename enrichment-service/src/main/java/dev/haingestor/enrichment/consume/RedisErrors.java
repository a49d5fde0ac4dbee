package dev.haingestor.enrichment.consume;

/** Recognises Redis error replies by their code, through Spring's exception translation. */
final class RedisErrors {

  private RedisErrors() {}

  /** XGROUP CREATE on an existing group. */
  static boolean isBusyGroup(Throwable error) {
    return hasCode(error, "BUSYGROUP");
  }

  /**
   * The group (or the stream) is gone: deleted, or Redis restarted without persistence. A read
   * blocked at that moment ends with {@code UNBLOCKED the stream key no longer exists}, the next
   * one with {@code NOGROUP}.
   */
  static boolean isNoGroup(Throwable error) {
    return hasCode(error, "NOGROUP") || hasCode(error, "UNBLOCKED");
  }

  private static boolean hasCode(Throwable error, String code) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(code)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message, which is the one that says what happened. */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}

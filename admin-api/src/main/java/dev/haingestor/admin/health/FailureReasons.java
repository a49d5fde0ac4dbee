package dev.haingestor.admin.health;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Turns a failed check into the one-line reason shown in the health report. */
final class FailureReasons {

  private static final int MAX_MESSAGE = 200;

  private FailureReasons() {}

  /**
   * A timeout says how long was waited; anything else names the innermost cause and the outer
   * message (Redis and InfluxDB client messages name hosts, never passwords or tokens).
   */
  static String describe(Throwable failure, Duration timeout) {
    if (failure instanceof TimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = failure.getMessage();
    String text =
        root == failure || message == null
            ? root.getClass().getSimpleName() + (message == null ? "" : ": " + message)
            : message + " (" + root.getClass().getSimpleName() + ")";
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
  }
}

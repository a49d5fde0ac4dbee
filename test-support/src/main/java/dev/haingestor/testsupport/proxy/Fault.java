package dev.haingestor.testsupport.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** What {@link FaultInjectingHttpProxy} does to a request instead of (or before) forwarding it. */
public sealed interface Fault {

  /** Forward unchanged. */
  static Fault passThrough() {
    return PassThrough.INSTANCE;
  }

  /**
   * Answer with this status and an InfluxDB-2-style JSON error body, without contacting the
   * upstream.
   */
  static Fault status(int code) {
    return new Status(
        code,
        Map.of("Content-Type", "application/json"),
        "{\"code\":\"injected\",\"message\":\"fault injected by test proxy: HTTP " + code + "\"}");
  }

  /** As {@link #status(int)} with a {@code Retry-After} header (e.g. for 429 and 503). */
  static Fault status(int code, Duration retryAfter) {
    Status plain = (Status) status(code);
    return new Status(
        code,
        Map.of("Content-Type", "application/json", "Retry-After", "" + retryAfter.toSeconds()),
        plain.body());
  }

  /** Wait, then forward unchanged (a slow upstream). */
  static Fault delay(Duration delay) {
    return new Delay(delay);
  }

  /** Close the connection without any answer (a crashed upstream or a network cut). */
  static Fault dropConnection() {
    return DropConnection.INSTANCE;
  }

  enum PassThrough implements Fault {
    INSTANCE
  }

  enum DropConnection implements Fault {
    INSTANCE
  }

  record Status(int code, Map<String, String> headers, String body) implements Fault {
    public Status {
      if (code < 100 || code > 599) {
        throw new IllegalArgumentException("not an HTTP status: " + code);
      }
      headers = Map.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }

  record Delay(Duration duration) implements Fault {
    public Delay {
      if (duration.isNegative()) {
        throw new IllegalArgumentException("negative delay: " + duration);
      }
    }
  }
}

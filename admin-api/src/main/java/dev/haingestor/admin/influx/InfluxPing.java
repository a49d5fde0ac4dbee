package dev.haingestor.admin.influx;

import java.time.Duration;

/**
 * The answer of {@code GET /ping}.
 *
 * @param status the HTTP status code (204 from a healthy server)
 * @param version the {@code X-Influxdb-Version} header, or {@code null}
 * @param latency how long the answer took
 */
public record InfluxPing(int status, String version, Duration latency) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}

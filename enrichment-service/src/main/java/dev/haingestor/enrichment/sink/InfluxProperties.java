package dev.haingestor.enrichment.sink;

import dev.haingestor.enrichment.point.TimestampPrecision;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach InfluxDB. {@code INFLUXDB_API_VERSION=2} (default) writes through the v2 API
 * (InfluxDB 2.x, 1.8+ and 3.x) with token, org and bucket; {@code 1} writes to InfluxDB 1.x's
 * {@code /write} with database, retention policy and optional user, as HA's {@code api_version: 1}.
 *
 * @param apiVersion {@code INFLUXDB_API_VERSION}: 1 or 2
 * @param url {@code INFLUXDB_URL}: base URL, e.g. {@code http://influxdb:8086}
 * @param token {@code INFLUXDB_TOKEN}: v2 API token (required for v2; never logged)
 * @param org {@code INFLUXDB_ORG}: v2 organisation (required for v2)
 * @param bucket {@code INFLUXDB_BUCKET}: v2 bucket (required for v2)
 * @param database {@code INFLUXDB_DATABASE}: v1 database, HA's default {@code home_assistant}
 * @param retentionPolicy {@code INFLUXDB_RETENTION_POLICY}: v1 retention policy; unset uses the
 *     database's default
 * @param username {@code INFLUXDB_USERNAME}: v1 user, sent as HTTP basic authentication
 * @param password {@code INFLUXDB_PASSWORD}: v1 password (never logged)
 * @param precision {@code INFLUXDB_PRECISION}: {@code ns} (default), {@code us}, {@code ms} or
 *     {@code s}; HA's timestamps have microseconds, so {@code ms} and {@code s} truncate
 * @param timeout {@code INFLUXDB_TIMEOUT}: upper bound of one write request (HA uses 10 s)
 * @param gzip {@code INFLUXDB_GZIP}: compress write bodies; off by default, because InfluxDB
 *     usually runs next to the service (compose), where compression only costs CPU on both sides —
 *     about 4 µs per point in this service, 16 % of its ceiling (docs/performance.md). Worth it for
 *     an InfluxDB across a slow or metered link
 */
@Validated
@ConfigurationProperties("influxdb")
public record InfluxProperties(
    @DefaultValue("2") @Min(1) @Max(2) int apiVersion,
    @DefaultValue("http://localhost:8086") @NotBlank String url,
    String token,
    String org,
    String bucket,
    @DefaultValue("home_assistant") String database,
    String retentionPolicy,
    String username,
    String password,
    @DefaultValue("ns") @NotNull TimestampPrecision precision,
    @DefaultValue("10s") @NotNull Duration timeout,
    @DefaultValue("false") boolean gzip) {

  public InfluxProperties {
    url = url == null ? null : stripTrailingSlash(url.trim());
  }

  /** Fails with the names of the missing variables when the chosen API lacks its settings. */
  void requireComplete() {
    int version = apiVersion;
    if (version == 2) {
      requireText(token, "INFLUXDB_TOKEN", version);
      requireText(org, "INFLUXDB_ORG", version);
      requireText(bucket, "INFLUXDB_BUCKET", version);
    } else {
      requireText(database, "INFLUXDB_DATABASE", version);
      if (hasText(username) != hasText(password)) {
        throw new IllegalStateException(
            "INFLUXDB_USERNAME and INFLUXDB_PASSWORD must be set together for INFLUXDB_API_VERSION=1");
      }
    }
  }

  /** Where points go, for logs and health details: never includes credentials. */
  public String target() {
    String shownUrl = withoutUserInfo(url);
    return apiVersion == 2
        ? "InfluxDB v2 API at " + shownUrl + " (org " + org + ", bucket " + bucket + ")"
        : "InfluxDB v1 API at " + shownUrl + " (database " + database + ")";
  }

  /** The URL without {@code user:password@}, should someone have put credentials there. */
  static String withoutUserInfo(String url) {
    if (url == null || !url.contains("@")) {
      return url;
    }
    try {
      URI uri = URI.create(url);
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (IllegalArgumentException | URISyntaxException e) {
      return "<unparseable URL>";
    }
  }

  @Override
  public String toString() {
    return "InfluxProperties[apiVersion=%d, url=%s, org=%s, bucket=%s, database=%s, retentionPolicy=%s, username=%s, precision=%s, timeout=%s, gzip=%s, token=%s, password=%s]"
        .formatted(
            apiVersion,
            withoutUserInfo(url),
            org,
            bucket,
            database,
            retentionPolicy,
            username,
            precision,
            timeout,
            gzip,
            hasText(token) ? "******" : "<unset>",
            hasText(password) ? "******" : "<unset>");
  }

  static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }

  private static void requireText(String value, String variable, int version) {
    if (!hasText(value)) {
      throw new IllegalStateException(
          variable + " is required when INFLUXDB_API_VERSION=" + version);
    }
  }

  private static String stripTrailingSlash(String url) {
    String stripped = url;
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }
}

package dev.haingestor.admin.influx;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How admin-api reads InfluxDB. The names are the enrichment service's (environment variables
 * {@code INFLUXDB_*} bind directly through relaxed binding), so one {@code .env} configures both.
 *
 * <p>admin-api only reads, with InfluxQL on the 1.x {@code /query} endpoint, which InfluxDB 1.x
 * answers natively and 2.x/3.x through their v1 compatibility API (DBRP mapping of the bucket).
 *
 * @param url {@code INFLUXDB_URL}: base URL of the server, e.g. {@code http://influxdb:8086}
 * @param apiVersion {@code INFLUXDB_API_VERSION}: {@code 1} = database + optional username/password
 *     (HTTP basic), {@code 2} = bucket + token ({@code Authorization: Token …}); default 2
 * @param token {@code INFLUXDB_TOKEN}: API token (version 2)
 * @param org {@code INFLUXDB_ORG}: organisation (version 2); not needed for reads, which use the
 *     token's organisation, accepted so both services share one configuration
 * @param bucket {@code INFLUXDB_BUCKET}: bucket queried as the InfluxQL database (version 2)
 * @param database {@code INFLUXDB_DATABASE}: database (version 1)
 * @param username {@code INFLUXDB_USERNAME}: user (version 1, optional)
 * @param password {@code INFLUXDB_PASSWORD}: password (version 1, optional)
 * @param retentionPolicy {@code INFLUXDB_RETENTION_POLICY}: retention policy to read (the {@code
 *     rp} parameter); empty = the database's default
 * @param connectTimeout {@code INFLUXDB_CONNECT_TIMEOUT}: TCP connect timeout
 * @param queryTimeout {@code INFLUXDB_QUERY_TIMEOUT}: the longest an events query may take
 * @param maxResponseSize {@code INFLUXDB_MAX_RESPONSE_SIZE}: the largest {@code /query} answer read
 *     into memory; a larger one is refused (502) instead of exhausting the heap
 * @param maxConcurrentQueries {@code INFLUXDB_MAX_CONCURRENT_QUERIES}: queries admin-api runs at
 *     once
 * @param maxQueuedQueries {@code INFLUXDB_MAX_QUEUED_QUERIES}: queries waiting for a free slot (in
 *     order, within {@code queryTimeout}); more are answered 503 at once
 */
@Validated
@ConfigurationProperties("influxdb")
public record InfluxProperties(
    @NotBlank @DefaultValue("http://localhost:8086") String url,
    @Min(1) @Max(2) @DefaultValue("2") int apiVersion,
    String token,
    String org,
    @DefaultValue("home_assistant") String bucket,
    @DefaultValue("home_assistant") String database,
    String username,
    String password,
    String retentionPolicy,
    @NotNull @DefaultValue("2s") Duration connectTimeout,
    @NotNull @DefaultValue("10s") Duration queryTimeout,
    @NotNull @DefaultValue("32MB") DataSize maxResponseSize,
    @Min(1) @Max(1000) @DefaultValue("8") int maxConcurrentQueries,
    @Min(0) @Max(100_000) @DefaultValue("500") int maxQueuedQueries) {

  /** The InfluxQL {@code db} parameter: the database (1.x) or the bucket (2.x). */
  public String queryDatabase() {
    return apiVersion == 1 ? database : bucket;
  }

  public boolean hasToken() {
    return token != null && !token.isBlank();
  }

  public boolean hasUsername() {
    return username != null && !username.isBlank();
  }

  public boolean hasRetentionPolicy() {
    return retentionPolicy != null && !retentionPolicy.isBlank();
  }

  /** The URL without a trailing slash, so that paths can be appended. */
  public String baseUrl() {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Never prints the token or the password: records print all components by default. */
  @Override
  public String toString() {
    return "InfluxProperties[url=%s, apiVersion=%d, org=%s, bucket=%s, database=%s, username=%s, token=%s, password=%s, retentionPolicy=%s]"
        .formatted(
            url,
            apiVersion,
            org,
            bucket,
            database,
            username,
            hasToken() ? "****" : "none",
            password == null || password.isEmpty() ? "none" : "****",
            retentionPolicy);
  }
}

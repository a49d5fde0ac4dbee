package dev.haingestor.testsupport;

import dev.haingestor.testsupport.proxy.InfluxV2ToV1Routes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small test client for InfluxDB's v1 API: InfluxQL queries (which 1.x and 2.x both answer) and
 * line-protocol writes for test data. Blocking, with a timeout on every call.
 */
public final class InfluxQl {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String url;
  private final String token;
  private final String v2Org;
  private final HttpClient http;

  private InfluxQl(String url, String token, String v2Org) {
    this.url = stripSlash(url);
    this.token = token;
    this.v2Org = v2Org;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** For InfluxDB 1.x without auth: writes go to {@code /write}. */
  public static InfluxQl v1(String url) {
    return new InfluxQl(url, null, null);
  }

  /**
   * For InfluxDB 2.x: token auth; writes go to {@code /api/v2/write} (whose precision names are
   * unambiguous), queries to the v1-compatible {@code /query} (database = bucket via DBRP).
   */
  public static InfluxQl v2(String url, String org, String token) {
    return new InfluxQl(
        url, Objects.requireNonNull(token, "token"), Objects.requireNonNull(org, "org"));
  }

  /**
   * Runs InfluxQL (one or more statements) and returns every series of every statement. Times come
   * back as {@link Instant} at full nanosecond precision; other numbers as {@link Long} when
   * integral in the JSON (InfluxDB prints the float 1.0 as {@code 1}) and {@link Double} otherwise.
   *
   * @throws InfluxQlException on a non-2xx status or an {@code "error"} in the body (an unknown
   *     database answers 200 with an error)
   */
  public List<Series> query(String database, String influxQl) {
    return query(database, influxQl, Map.of());
  }

  /** As {@link #query(String, String)}, with InfluxQL bind parameters ({@code $name}). */
  public List<Series> query(String database, String influxQl, Map<String, ?> params) {
    String form = "q=" + encode(influxQl);
    if (!params.isEmpty()) {
      form += "&params=" + encode(JSON.writeValueAsString(params));
    }
    String query = "epoch=ns" + (database == null ? "" : "&db=" + encode(database));
    HttpResponse<String> response =
        send(
            request("/query?" + query)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    if (response.statusCode() / 100 != 2) {
      throw new InfluxQlException(
          "InfluxQL "
              + influxQl
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    return parse(influxQl, response.body());
  }

  /**
   * Convenience for {@code SELECT COUNT(...)}: the first value (after {@code time}) of the first
   * series as a long, 0 when there is no series.
   */
  public long count(String database, String influxQl) {
    List<Series> series = query(database, influxQl);
    if (series.isEmpty() || series.get(0).values().isEmpty()) {
      return 0;
    }
    Series first = series.get(0);
    int column = !first.columns().isEmpty() && first.columns().get(0).equals("time") ? 1 : 0;
    Object value = first.values().get(0).get(column);
    if (!(value instanceof Number number)) {
      throw new InfluxQlException("InfluxQL " + influxQl + " returned a non-number: " + value);
    }
    return number.longValue();
  }

  /**
   * Writes line protocol (test data) and fails on any non-2xx answer.
   *
   * @param precision {@code ns}, {@code us}, {@code ms} or {@code s}
   */
  public void write(String database, String lineProtocol, String precision) {
    String path =
        v2Org == null
            ? "/write?db="
                + encode(database)
                + "&precision="
                + InfluxV2ToV1Routes.v1Precision(precision)
            : "/api/v2/write?org="
                + encode(v2Org)
                + "&bucket="
                + encode(database)
                + "&precision="
                + InfluxV2ToV1Routes.v2Precision(precision);
    HttpResponse<String> response =
        send(
            request(path)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(lineProtocol))
                .build());
    if (response.statusCode() / 100 != 2) {
      throw new InfluxQlException(
          "write to "
              + database
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  /** Runs a statement without a database, e.g. {@code CREATE DATABASE}; fails on any error. */
  void execute(String influxQl) {
    query(null, influxQl);
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(TIMEOUT);
    if (token != null) {
      builder.header("Authorization", "Token " + token);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new InfluxQlException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfluxQlException("interrupted: " + request.uri(), e);
    }
  }

  private static List<Series> parse(String influxQl, String body) {
    JsonNode root = JSON.readTree(body);
    if (root.hasNonNull("error")) {
      throw new InfluxQlException(
          "InfluxQL " + influxQl + " failed: " + root.get("error").asString());
    }
    List<Series> all = new ArrayList<>();
    for (JsonNode result : root.path("results")) {
      if (result.hasNonNull("error")) {
        throw new InfluxQlException(
            "InfluxQL " + influxQl + " failed: " + result.get("error").asString());
      }
      for (JsonNode series : result.path("series")) {
        all.add(toSeries(series));
      }
    }
    return List.copyOf(all);
  }

  private static Series toSeries(JsonNode node) {
    Map<String, String> tags = new LinkedHashMap<>();
    node.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
    List<String> columns = new ArrayList<>();
    node.path("columns").forEach(c -> columns.add(c.asString()));
    List<List<Object>> values = new ArrayList<>();
    for (JsonNode row : node.path("values")) {
      List<Object> cells = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        boolean isTime = i < columns.size() && columns.get(i).equals("time");
        cells.add(isTime ? toInstant(row.get(i)) : toValue(row.get(i)));
      }
      values.add(Collections.unmodifiableList(cells));
    }
    return new Series(
        node.path("name").asString(""),
        Collections.unmodifiableMap(tags),
        List.copyOf(columns),
        List.copyOf(values));
  }

  private static Object toInstant(JsonNode cell) {
    if (!cell.isIntegralNumber()) {
      return toValue(cell);
    }
    long nanos = cell.longValue();
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static Object toValue(JsonNode cell) {
    if (cell == null || cell.isNull()) {
      return null;
    }
    if (cell.isIntegralNumber()) {
      return cell.longValue();
    }
    if (cell.isNumber()) {
      return cell.doubleValue();
    }
    if (cell.isBoolean()) {
      return cell.booleanValue();
    }
    return cell.asString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** One series of a query result. Values keep their column order; see {@link #rows()}. */
  public record Series(
      String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {

    /** Each row as column → value (insertion-ordered); cells may be {@code null}. */
    public List<Map<String, Object>> rows() {
      List<Map<String, Object>> rows = new ArrayList<>(values.size());
      for (List<Object> row : values) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < columns.size() && i < row.size(); i++) {
          map.put(columns.get(i), row.get(i));
        }
        rows.add(Collections.unmodifiableMap(map));
      }
      return rows;
    }
  }

  /** A query or write that InfluxDB refused or that could not be sent. */
  public static final class InfluxQlException extends RuntimeException {
    InfluxQlException(String message) {
      super(message);
    }

    InfluxQlException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

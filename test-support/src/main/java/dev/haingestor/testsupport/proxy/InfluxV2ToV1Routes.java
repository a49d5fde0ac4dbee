package dev.haingestor.testsupport.proxy;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Routes that let v2 write clients (influxdb-client-java) write to InfluxDB 1.x, which has no
 * {@code /api/v2/write} before 1.8: {@code POST /api/v2/write?org=O&bucket=B&precision=P} becomes
 * {@code POST /write?db=B&precision=P'} (a bucket {@code db/rp} becomes {@code db=db&rp=rp}).
 * Everything else ({@code /ping}, {@code /query}, {@code /write}) passes unchanged; {@code
 * /health}, which 1.x before 1.8 lacks, is answered {@code pass} when the upstream has none.
 */
public final class InfluxV2ToV1Routes implements ProxyRoutes {

  private static final ProxyRoute.Answer HEALTH_PASS =
      ProxyRoute.json(200, "{\"name\":\"influxdb\",\"status\":\"pass\"}");

  @Override
  public ProxyRoute route(String method, String uri) {
    QueryStringDecoder decoder = new QueryStringDecoder(uri);
    return switch (decoder.path()) {
      case "/api/v2/write" -> v1Write(decoder.parameters());
      case "/health" -> ProxyRoute.forwardOr(uri, HEALTH_PASS);
      default -> ProxyRoute.forward(uri);
    };
  }

  private static ProxyRoute v1Write(Map<String, List<String>> parameters) {
    String bucket = first(parameters, "bucket");
    if (bucket == null || bucket.isEmpty()) {
      return ProxyRoute.json(400, "{\"code\":\"invalid\",\"message\":\"bucket is required\"}");
    }
    String precision;
    try {
      precision = v1Precision(first(parameters, "precision"));
    } catch (IllegalArgumentException e) {
      return ProxyRoute.json(400, "{\"code\":\"invalid\",\"message\":\"invalid precision\"}");
    }
    int slash = bucket.indexOf('/');
    String target =
        slash < 0
            ? "/write?db=" + encode(bucket)
            : "/write?db="
                + encode(bucket.substring(0, slash))
                + "&rp="
                + encode(bucket.substring(slash + 1));
    return ProxyRoute.forward(target + "&precision=" + precision);
  }

  /**
   * The v1 spelling of a write precision. InfluxDB 1.6 knows {@code n}, {@code u}, {@code ms},
   * {@code s} but silently reads the v2 spellings {@code ns}/{@code us} as nanoseconds — so {@code
   * us} would store timestamps 1000× too small. Verified against influxd 1.6.7.
   *
   * @param precision {@code ns}/{@code n}, {@code us}/{@code u}, {@code ms}, {@code s}, or null
   *     (nanoseconds)
   */
  public static String v1Precision(String precision) {
    if (precision == null || precision.isEmpty()) {
      return "n";
    }
    return switch (precision) {
      case "ns", "n" -> "n";
      case "us", "u" -> "u";
      case "ms" -> "ms";
      case "s" -> "s";
      default -> throw new IllegalArgumentException("unknown write precision: " + precision);
    };
  }

  /** The v2 spelling of a write precision ({@code ns}, {@code us}, {@code ms}, {@code s}). */
  public static String v2Precision(String precision) {
    return switch (v1Precision(precision)) {
      case "n" -> "ns";
      case "u" -> "us";
      default -> precision;
    };
  }

  private static String first(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

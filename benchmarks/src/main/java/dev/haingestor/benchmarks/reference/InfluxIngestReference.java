package dev.haingestor.benchmarks.reference;

import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.enrichment.point.LineProtocol;
import dev.haingestor.enrichment.point.TimestampPrecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The ceiling of the InfluxDB stage: line-protocol batches of real points (encoded by the
 * enrichment service's own encoder), sent one after another on one keep-alive connection. Only the
 * HTTP exchanges are timed — building and compressing a batch is client work that the pipeline pays
 * elsewhere — so the figure is what the server ingests from one writer.
 */
public final class InfluxIngestReference {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private InfluxIngestReference() {}

  /**
   * Where to write: a full write URL with its query ({@code /write?db=…} or {@code
   * /api/v2/write?…}) and the headers it needs ({@code Authorization}).
   */
  public record Target(String description, String writeUrl, Map<String, String> headers) {}

  /**
   * @param linesPerSecond lines acknowledged (2xx) per second of HTTP exchange time
   * @param averageBodyKb average request body, after compression when on
   */
  public record Result(
      String target,
      boolean gzip,
      long lines,
      double seconds,
      double linesPerSecond,
      int batchLines,
      double averageBodyKb) {}

  /**
   * Writes batches of {@code batchLines} lines for {@code duration}. Each line is one of {@code
   * points} (cycled) with a fresh, unique timestamp, so that every line is a new point.
   */
  public static Result measure(
      Target target, List<InfluxPoint> points, boolean gzip, int batchLines, Duration duration) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    // Nanosecond timestamps counting up from an hour ago: unique across all reference runs.
    long[] clock = {Instant.now().minusSeconds(3_600).toEpochMilli() * 1_000_000L};
    // One untimed batch first: connection set-up and the JIT are not the server's cost.
    send(http, target, body(points, batchLines, clock, gzip), gzip);
    long lines = 0;
    long bodyBytes = 0;
    long requests = 0;
    long exchangeNanos = 0;
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      byte[] body = body(points, batchLines, clock, gzip);
      long start = System.nanoTime();
      send(http, target, body, gzip);
      exchangeNanos += System.nanoTime() - start;
      lines += batchLines;
      bodyBytes += body.length;
      requests++;
    }
    double seconds = exchangeNanos / 1e9;
    return new Result(
        target.description(),
        gzip,
        lines,
        Math.round(seconds * 1000) / 1000.0,
        Math.round(lines / seconds),
        batchLines,
        Math.round(bodyBytes / 1024.0 / Math.max(1, requests) * 10) / 10.0);
  }

  private static byte[] body(List<InfluxPoint> points, int batchLines, long[] clock, boolean gzip) {
    StringBuilder out = new StringBuilder(batchLines * 200);
    for (int i = 0; i < batchLines; i++) {
      InfluxPoint template = points.get((int) (clock[0] % points.size()));
      long nanos = clock[0]++;
      InfluxPoint point =
          new InfluxPoint(
              template.measurement(),
              template.tags(),
              template.fields(),
              Instant.ofEpochSecond(0, nanos));
      LineProtocol.append(out, point, TimestampPrecision.NS);
    }
    byte[] plain = out.toString().getBytes(StandardCharsets.UTF_8);
    return gzip ? gzip(plain) : plain;
  }

  private static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(plain.length / 4);
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  private static void send(HttpClient http, Target target, byte[] body, boolean gzip) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target.writeUrl()))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    target.headers().forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            target.description()
                + " refused a batch: HTTP "
                + response.statusCode()
                + " "
                + response.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(target.description() + " write failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

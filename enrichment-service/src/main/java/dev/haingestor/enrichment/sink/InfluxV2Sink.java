package dev.haingestor.enrichment.sink;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import dev.haingestor.enrichment.point.TimestampPrecision;
import okhttp3.OkHttpClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes through InfluxDB's v2 API ({@code /api/v2/write}) with influxdb-client-java's blocking
 * write API on the bounded-elastic scheduler. Not the client's asynchronous {@code WriteApi}: it
 * buffers in memory and drops on overflow, so its success cannot gate an acknowledgement.
 */
final class InfluxV2Sink implements InfluxSink, AutoCloseable {

  private final InfluxDBClient client;
  private final WriteApiBlocking writeApi;
  private final String org;
  private final String bucket;
  private final String target;

  InfluxV2Sink(InfluxProperties properties) {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(properties.timeout())
            .readTimeout(properties.timeout())
            .writeTimeout(properties.timeout())
            .callTimeout(properties.timeout());
    InfluxDBClientOptions options =
        InfluxDBClientOptions.builder()
            .url(properties.url())
            .authenticateToken(properties.token().toCharArray())
            .org(properties.org())
            .bucket(properties.bucket())
            .okHttpClient(http)
            .build();
    this.client = InfluxDBClientFactory.create(options);
    if (properties.gzip()) {
      client.enableGzip();
    }
    this.writeApi = client.getWriteApiBlocking();
    this.org = properties.org();
    this.bucket = properties.bucket();
    this.target = properties.target();
  }

  @Override
  public Mono<Void> write(String lineProtocol, TimestampPrecision precision) {
    WritePrecision writePrecision = toWritePrecision(precision);
    return Mono.<Void>fromRunnable(
            () -> writeApi.writeRecord(bucket, org, writePrecision, lineProtocol))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(error -> !(error instanceof InfluxWriteException), InfluxV2Sink::classify);
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public void close() {
    client.close();
  }

  static InfluxWriteException classify(Throwable error) {
    if (error instanceof InfluxException influx && influx.status() > 0) {
      return InfluxWriteException.forStatus(influx.status(), influxErrorText(influx));
    }
    // No HTTP answer: connection refused, timeout, reset. InfluxException(status 0) wraps these.
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    return new RetryableWriteException(0, "no answer from InfluxDB: " + cause, error);
  }

  /** InfluxDB's own error text, without the client's "HTTP status code: N; Message: " prefix. */
  private static String influxErrorText(InfluxException error) {
    String message = String.valueOf(error.getMessage());
    int prefixEnd = message.startsWith("HTTP status code:") ? message.indexOf("; Message: ") : -1;
    return prefixEnd < 0 ? message : message.substring(prefixEnd + "; Message: ".length());
  }

  private static WritePrecision toWritePrecision(TimestampPrecision precision) {
    return switch (precision) {
      case NS -> WritePrecision.NS;
      case US -> WritePrecision.US;
      case MS -> WritePrecision.MS;
      case S -> WritePrecision.S;
    };
  }
}

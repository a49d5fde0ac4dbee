package dev.haingestor.benchmarks.jmh;

import dev.haingestor.enrichment.point.InfluxPoint;
import dev.haingestor.enrichment.point.LineBatch;
import dev.haingestor.enrichment.point.TimestampPrecision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Points → one line-protocol request body, as the enrichment service builds it: a {@link LineBatch}
 * (one buffer per batch, {@code LineProtocol} per point), its body, then UTF-8 and — with {@code
 * INFLUXDB_GZIP=true}, off by default — gzip. One invocation is one batch of 1,000 points; scores
 * are points per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineProtocolBenchmark {

  private HotPathEvents data;

  @Setup
  public void setUp() {
    data = new HotPathEvents();
  }

  @Benchmark
  @OperationsPerInvocation(HotPathEvents.COUNT)
  public String encodeBatch() {
    LineBatch batch = new LineBatch(TimestampPrecision.NS, data.points.size());
    for (InfluxPoint point : data.points) {
      batch.add(point);
    }
    return batch.body();
  }

  @Benchmark
  @OperationsPerInvocation(HotPathEvents.COUNT)
  public byte[] encodeBatchGzipped() {
    byte[] plain = encodeBatch().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(plain.length / 4);
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }
}

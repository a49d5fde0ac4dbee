package dev.haingestor.benchmarks.jmh;

import dev.haingestor.common.event.StateChangedEvent;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The stream contract both ways: event → stream entry ({@code EventCodec.encode}, the ingestion
 * service's publisher) and entry → event ({@code decode}, the enrichment service's first step).
 * Scores are events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventCodecBenchmark {

  private HotPathEvents data;

  @Setup
  public void setUp() {
    data = new HotPathEvents();
  }

  @Benchmark
  @OperationsPerInvocation(HotPathEvents.COUNT)
  public void encode(Blackhole blackhole) {
    for (StateChangedEvent event : data.events) {
      blackhole.consume(data.codec.encode(event));
    }
  }

  @Benchmark
  @OperationsPerInvocation(HotPathEvents.COUNT)
  public void decode(Blackhole blackhole) {
    for (Map<String, String> entry : data.entries) {
      blackhole.consume(data.codec.decode(entry));
    }
  }
}

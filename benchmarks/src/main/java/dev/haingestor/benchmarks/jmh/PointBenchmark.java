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
 * Stream entry → InfluxDB point, the enrichment service's per-event work: decode the entry, then
 * apply HA's schema ({@code HaPointMapper}). Scores are events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PointBenchmark {

  private HotPathEvents data;

  @Setup
  public void setUp() {
    data = new HotPathEvents();
  }

  /** Entry → event → point, as the consumer does for every entry. */
  @Benchmark
  @OperationsPerInvocation(HotPathEvents.COUNT)
  public void streamEntryToPoint(Blackhole blackhole) {
    for (Map<String, String> entry : data.entries) {
      blackhole.consume(data.mapper.toPoint(data.codec.decode(entry)));
    }
  }

  /** The schema mapping alone. */
  @Benchmark
  @OperationsPerInvocation(HotPathEvents.COUNT)
  public void eventToPoint(Blackhole blackhole) {
    for (StateChangedEvent event : data.events) {
      blackhole.consume(data.mapper.toPoint(event));
    }
  }
}

package dev.haingestor.ingestion.ha;

import dev.haingestor.benchmarks.sample.SampleEvents;
import dev.haingestor.simulator.EmittedEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * HA frame parsing, the ingestion service's first step on the WebSocket thread: the frame's UTF-8
 * bytes as Netty holds them (a direct buffer) → validated {@code StateChangedEvent}s. Lives in the
 * parser's package because {@code parse} is package-private. Scores are events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HaFrameParserBenchmark {

  static final int EVENTS = 1_000;
  static final int COALESCED = 100;

  private HaFrameParser parser;
  private List<ByteBuf> singleFrames;
  private List<ByteBuf> coalescedFrames;
  private Instant receivedAt;

  @Setup
  public void setUp() {
    List<EmittedEvent> events = SampleEvents.generate(EVENTS, 1_000, 7);
    parser = new HaFrameParser(JsonMapper.builder().build());
    singleFrames = events.stream().map(event -> direct(SampleEvents.frame(event, 2))).toList();
    coalescedFrames = new ArrayList<>();
    for (int i = 0; i < events.size(); i += COALESCED) {
      coalescedFrames.add(
          direct(
              SampleEvents.coalescedFrame(
                  events.subList(i, Math.min(events.size(), i + COALESCED)), 2)));
    }
    receivedAt = Instant.now();
  }

  @TearDown
  public void tearDown() {
    singleFrames.forEach(ByteBuf::release);
    coalescedFrames.forEach(ByteBuf::release);
  }

  private static ByteBuf direct(String frame) {
    byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
    return Unpooled.directBuffer(utf8.length).writeBytes(utf8);
  }

  /** One event per frame, as HA sends at low rates. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void singleEventFrames(Blackhole blackhole) {
    for (ByteBuf frame : singleFrames) {
      blackhole.consume(parser.parse(FrameText.utf8(frame), receivedAt));
    }
  }

  /** Coalesced frames of 100 events, as HA sends under load once coalescing is on. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void coalescedFramesOf100(Blackhole blackhole) {
    for (ByteBuf frame : coalescedFrames) {
      blackhole.consume(parser.parse(FrameText.utf8(frame), receivedAt));
    }
  }

  /**
   * As {@link #coalescedFramesOf100}, decoding each frame to a String first (as the service did
   * before it read frames from their bytes).
   */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void coalescedFramesOf100DecodedFirst(Blackhole blackhole) {
    for (ByteBuf frame : coalescedFrames) {
      blackhole.consume(parser.parse(frame.toString(StandardCharsets.UTF_8), receivedAt));
    }
  }
}

package dev.haingestor.enrichment.consume;

import dev.haingestor.enrichment.runtime.RuntimeSettings;
import dev.haingestor.enrichment.status.EnrichmentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This instance's consumers of the group: {@code concurrency} {@link ConsumerLoop}s, each with a
 * stable consumer name and connections of its own, sharing the writer (and so InfluxDB's circuit
 * breaker: an open breaker pauses every lane) and the recorders. Redis hands each new entry to one
 * of them; a lane's batches are acknowledged by that lane.
 */
@Component
class ConsumerLanes implements SmartLifecycle, DisposableBean {

  /** Separates the instance's name from a further lane's number: {@code host#2}. */
  static final String LANE_SEPARATOR = "#";

  private final List<ConsumerLoop> loops = new ArrayList<>();
  private final List<ConsumerGroupClient> ownClients = new ArrayList<>();

  ConsumerLanes(
      ConsumerGroupClient group,
      BatchProcessor processor,
      RuntimeSettings settings,
      EnrichmentStatus status,
      ConsumerProperties properties) {
    int lanes = properties.concurrency();
    for (int lane = 1; lane <= lanes; lane++) {
      ConsumerGroupClient client = group;
      if (lane > 1) {
        client = group.forConsumer(laneName(group.consumerName(), lane));
        ownClients.add(client);
      }
      loops.add(new ConsumerLoop(client, processor, settings, status, properties, lanes == 1));
    }
  }

  /** The consumer name of {@code lane} (1-based): the first lane has the instance's own name. */
  static String laneName(String instanceName, int lane) {
    return lane == 1 ? instanceName : instanceName + LANE_SEPARATOR + lane;
  }

  @Override
  public void start() {
    loops.forEach(ConsumerLoop::start);
  }

  /** Every lane finishes its batch in flight; the callback runs once all have stopped. */
  @Override
  public void stop(Runnable callback) {
    AtomicInteger running = new AtomicInteger(loops.size());
    for (ConsumerLoop loop : loops) {
      loop.stop(
          () -> {
            if (running.decrementAndGet() == 0) {
              callback.run();
            }
          });
    }
  }

  @Override
  public void stop() {
    stop(() -> {});
  }

  @Override
  public boolean isRunning() {
    return loops.stream().anyMatch(ConsumerLoop::isRunning);
  }

  @Override
  public void destroy() {
    ownClients.forEach(ConsumerGroupClient::close);
  }
}

package dev.haingestor.ingestion.shaping;

import dev.haingestor.common.config.store.RuntimeConfigStore;
import dev.haingestor.common.config.store.RuntimeConfigWatcher;
import dev.haingestor.common.stream.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * Follows the runtime configuration in Redis ({@link RuntimeConfigWatcher}: pub/sub plus polling,
 * surviving Redis restarts) and hands every new version to the {@link ShapingHolder}. Starts before
 * the HA client, so a stored configuration is usually in force before the first event.
 */
@Component
public class RuntimeConfigFollower implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RuntimeConfigFollower.class);

  private final RuntimeConfigWatcher watcher;
  private final ShapingHolder holder;
  private Disposable following;

  public RuntimeConfigFollower(
      ReactiveStringRedisTemplate redis, RedisKeys keys, ShapingHolder holder) {
    this.watcher = new RuntimeConfigWatcher(new RuntimeConfigStore(redis, keys));
    this.holder = holder;
  }

  @Override
  public synchronized void start() {
    if (following == null) {
      following =
          watcher
              .watch()
              .subscribe(
                  holder::apply,
                  e -> log.error("Stopped following the runtime configuration unexpectedly", e));
    }
  }

  @Override
  public synchronized void stop() {
    if (following != null) {
      following.dispose();
      following = null;
    }
  }

  @Override
  public boolean isRunning() {
    return following != null;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 400;
  }
}

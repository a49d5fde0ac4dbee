package dev.haingestor.admin.config;

import dev.haingestor.admin.cache.ResponseCache;
import dev.haingestor.common.config.store.RuntimeConfigWatcher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * Follows the runtime configuration like every service does ({@link RuntimeConfigWatcher}: pub/sub
 * within milliseconds, a poll as fallback) and invalidates the response cache with each version:
 * statistics, entities and history depend on filters and schema options, and other admin-api
 * instances change the configuration too.
 */
@Component
class CacheInvalidation implements SmartLifecycle {

  private final RuntimeConfigWatcher watcher;
  private final ResponseCache cache;
  private Disposable following;

  CacheInvalidation(RuntimeConfigWatcher watcher, ResponseCache cache) {
    this.watcher = watcher;
    this.cache = cache;
  }

  @Override
  public synchronized void start() {
    if (following == null) {
      // The watcher's flux never errors or completes; it logs its own Redis trouble.
      following = watcher.watch().subscribe(config -> cache.invalidateAll(config.version()));
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
  public synchronized boolean isRunning() {
    return following != null;
  }
}

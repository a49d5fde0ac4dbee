package dev.haingestor.enrichment.runtime;

import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.store.RuntimeConfigWatcher;
import dev.haingestor.enrichment.point.HaPointMapper;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * The settings in force: the environment's, with the sections of the stored runtime configuration
 * (admin-api) laid over them as they change. Each version is compiled once into an immutable {@link
 * EnrichmentSettings} and swapped in by reference, so readers never see half a change.
 *
 * <p>Override rule ({@code common/RUNTIME_CONFIG.md}): a section present in the runtime
 * configuration replaces the environment's section; an absent one leaves it. Sections read here:
 * {@code enrichment} (batching), {@code schema}, {@code filter} and {@code weather}.
 */
public final class RuntimeSettings implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RuntimeSettings.class);

  /** Started before the consumer (default phase), stopped after it. */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

  private final EnvironmentSettings environment;
  private final RuntimeConfigWatcher watcher;
  private final AtomicReference<EnrichmentSettings> current;
  private volatile Disposable following;

  public RuntimeSettings(EnvironmentSettings environment, RuntimeConfigWatcher watcher) {
    this.environment = environment;
    this.watcher = watcher;
    this.current = new AtomicReference<>(compile(RuntimeConfig.empty()));
  }

  /** The snapshot in force; read it once per batch. */
  public EnrichmentSettings current() {
    return current.get();
  }

  /**
   * Compiles and applies a configuration version. A version that cannot be compiled (which a
   * validated document never is) is logged and skipped: the last good one stays in force.
   */
  public void apply(RuntimeConfig config) {
    EnrichmentSettings next;
    try {
      next = compile(config);
    } catch (RuntimeException e) {
      log.warn(
          "Runtime configuration version {} cannot be applied ({}); version {} stays in force",
          config.version(),
          e.getMessage(),
          current.get().version());
      return;
    }
    current.set(next);
    log.info(
        "Applied runtime configuration version {}: batch size {}, schema {}, filter {}, weather {}",
        config.version(),
        next.batching().batchSize(),
        config.schema() != null ? "runtime" : "environment",
        config.filter() != null ? "runtime" : "environment",
        config.weather() != null ? "runtime" : "environment");
  }

  EnrichmentSettings compile(RuntimeConfig config) {
    Batching batching =
        config.enrichment() != null ? Batching.of(config.enrichment()) : environment.batching();
    HaPointMapper schema =
        HaPointMapper.of(
            config.schema() != null ? config.schema() : environment.schema(),
            config.filter() != null ? config.filter() : environment.filter(),
            environment.normalizeUnits());
    WeatherSettings weather =
        config.weather() != null
            ? WeatherSettings.of(config.weather(), environment.weather())
            : environment.weather();
    return new EnrichmentSettings(config.version(), batching, schema, weather);
  }

  @Override
  public void start() {
    if (watcher != null) {
      following = watcher.watch().subscribe(this::apply);
    }
  }

  @Override
  public void stop() {
    Disposable subscription = following;
    following = null;
    if (subscription != null) {
      subscription.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return following != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}

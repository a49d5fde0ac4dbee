package dev.haingestor.ingestion.shaping;

import dev.haingestor.common.config.AttributeConfig;
import dev.haingestor.common.config.ConfigViolation;
import dev.haingestor.common.config.FilterConfig;
import dev.haingestor.common.config.IngestionConfig;
import dev.haingestor.common.config.InvalidRuntimeConfigException;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigValidator;
import dev.haingestor.common.config.filter.AttributeFilter;
import dev.haingestor.common.config.filter.EntityFilter;
import dev.haingestor.ingestion.publish.PublishRate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The current {@link Shaping}: built from the environment at startup (and refused there if invalid,
 * naming the variable's section), then replaced atomically by every valid runtime configuration
 * version. Readers take one reference per event or batch.
 */
@Component
public class ShapingHolder implements PublishRate {

  private static final Logger log = LoggerFactory.getLogger(ShapingHolder.class);

  private final FilterConfig defaultFilter;
  private final AttributeConfig defaultAttributes;
  private final IngestionConfig defaultIngestion;
  private final RuntimeConfigValidator validator = new RuntimeConfigValidator();
  private final AtomicReference<Shaping> current = new AtomicReference<>();

  public ShapingHolder(
      FilterProperties filter,
      AttributeProperties attributes,
      IngestionShapingProperties ingestion) {
    this.defaultFilter = filter.toConfig();
    this.defaultAttributes = attributes.toConfig();
    this.defaultIngestion = ingestion.toConfig();
    RuntimeConfig environment =
        new RuntimeConfig(
            0, null, null, defaultFilter, defaultAttributes, defaultIngestion, null, null, null);
    List<ConfigViolation> violations = validator.validate(environment);
    if (!violations.isEmpty()) {
      // Paths like filter.include.entity_globs[0] name the FILTER_INCLUDE_ENTITY_GLOBS variable.
      throw new InvalidRuntimeConfigException(violations);
    }
    current.set(build(environment));
  }

  public Shaping current() {
    return current.get();
  }

  /**
   * Applies a runtime configuration version: its sections replace the environment's, absent ones
   * fall back to it. An invalid document is refused and the current shaping stays.
   *
   * @return whether it was applied
   */
  public boolean apply(RuntimeConfig config) {
    List<ConfigViolation> violations = validator.validate(config);
    if (!violations.isEmpty()) {
      log.warn(
          "Ignoring runtime configuration version {}: {}; version {} stays in force",
          config.version(),
          violations,
          current().configVersion());
      return false;
    }
    Shaping next = build(config);
    Shaping previous = current.getAndSet(next);
    if (previous.configVersion() != next.configVersion()) {
      log.info(
          "Applied runtime configuration version {} (filter {}, attributes {}, ingestion {})",
          config.version(),
          describe(config.filter()),
          describe(config.attributes()),
          describe(config.ingestion()));
    }
    return true;
  }

  private Shaping build(RuntimeConfig config) {
    FilterConfig filter = config.filter() == null ? defaultFilter : config.filter();
    AttributeConfig attributes =
        config.attributes() == null ? defaultAttributes : config.attributes();
    IngestionConfig ingestion = config.ingestion() == null ? defaultIngestion : config.ingestion();
    return Shaping.of(
        config.version(), EntityFilter.of(filter), AttributeFilter.of(attributes), ingestion);
  }

  private static String describe(Object section) {
    return section == null ? "from the environment" : "from the runtime configuration";
  }

  @Override
  public int maxEventsPerSecond() {
    return current().maxProcessingRate();
  }
}

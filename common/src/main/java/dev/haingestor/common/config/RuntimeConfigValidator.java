package dev.haingestor.common.config;

import static dev.haingestor.common.config.ConfigPaths.field;
import static dev.haingestor.common.config.ConfigPaths.index;
import static dev.haingestor.common.config.ConfigPaths.key;

import dev.haingestor.common.event.EntityIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Checks every constraint of a {@link RuntimeConfig} that its types do not already guarantee, and
 * reports all violations at once. Enumerations and value types are checked by {@link
 * RuntimeConfigJson#read} while parsing. Stateless and thread-safe.
 */
public final class RuntimeConfigValidator {

  /** Upper bound of every list and map in the document. */
  public static final int MAX_ITEMS = 1000;

  /** Upper bound of static tags. */
  public static final int MAX_TAGS = 100;

  /** Upper bound of every name (domain, entity id, glob, attribute, tag, measurement). */
  public static final int MAX_NAME_LENGTH = 255;

  /** Upper bound of {@code updated_by}. */
  public static final int MAX_UPDATED_BY_LENGTH = 128;

  public static final int MAX_PROCESSING_RATE = 1_000_000;
  public static final Duration MIN_REPUBLISH_INTERVAL = Duration.ofSeconds(10);
  public static final Duration MAX_REPUBLISH_INTERVAL = Duration.ofDays(7);
  public static final int MAX_BATCH_SIZE = 10_000;
  public static final int MAX_BATCH_TIMEOUT_SECONDS = 60;
  public static final Duration MIN_WEATHER_REFRESH = Duration.ofMinutes(1);
  public static final Duration MAX_WEATHER_REFRESH = Duration.ofHours(24);

  // homeassistant/core.py VALID_DOMAIN (the domain half of VALID_ENTITY_ID)
  private static final Pattern DOMAIN = Pattern.compile("(?!.+__)(?!_)[\\da-z_]+(?<!_)");

  // Entity ids are [a-z0-9_.]; '*', '?' and '[!a-z]' classes are fnmatch's. Anything else (upper
  // case, spaces) can never match an entity id and is a typo.
  private static final Pattern GLOB = Pattern.compile("[a-z0-9_.*?\\[\\]!-]+");

  private static final Pattern DEVICE_CLASS = Pattern.compile("[a-z0-9_]+");

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  /** Tag keys InfluxDB rejects or reserves. */
  private static final Set<String> RESERVED_TAG_KEYS = Set.of("time", "_field", "_measurement");

  private static final String WEATHER_DOMAIN = "weather";

  /** Every violation of {@code config}; empty when it is valid. */
  public List<ConfigViolation> validate(RuntimeConfig config) {
    Violations v = new Violations();
    if (config.version() < 0) {
      v.add("version", "must be 0 or more");
    }
    if (config.updatedBy() != null) {
      v.text("updated_by", config.updatedBy(), MAX_UPDATED_BY_LENGTH);
    }
    if (config.filter() != null) {
      filter(v, "filter", config.filter());
    }
    if (config.attributes() != null) {
      attributes(v, "attributes", config.attributes());
    }
    if (config.ingestion() != null) {
      ingestion(v, "ingestion", config.ingestion());
    }
    if (config.enrichment() != null) {
      enrichment(v, "enrichment", config.enrichment());
    }
    if (config.schema() != null) {
      schema(v, "schema", config.schema());
    }
    if (config.weather() != null) {
      weather(v, "weather", config.weather());
    }
    return v.list();
  }

  private static void filter(Violations v, String path, FilterConfig filter) {
    entityMatch(v, field(path, "include"), filter.include());
    entityMatch(v, field(path, "exclude"), filter.exclude());
  }

  private static void entityMatch(Violations v, String path, EntityMatch match) {
    v.items(field(path, "domains"), match.domains(), MAX_ITEMS, v::domain);
    v.items(field(path, "entities"), match.entities(), MAX_ITEMS, v::entityId);
    v.items(field(path, "entity_globs"), match.entityGlobs(), MAX_ITEMS, v::glob);
  }

  private static void attributes(Violations v, String path, AttributeConfig attributes) {
    v.items(field(path, "allow"), attributes.allow(), MAX_ITEMS, v::name);
    v.items(field(path, "ignore"), attributes.ignore(), MAX_ITEMS, v::name);
    v.entries(
        field(path, "per_domain"),
        attributes.perDomain(),
        v::domain,
        (rulesPath, rules) -> {
          v.items(field(rulesPath, "allow"), rules.allow(), MAX_ITEMS, v::name);
          v.items(field(rulesPath, "ignore"), rules.ignore(), MAX_ITEMS, v::name);
        });
  }

  private static void ingestion(Violations v, String path, IngestionConfig ingestion) {
    v.range(
        field(path, "max_processing_rate"), ingestion.maxProcessingRate(), 0, MAX_PROCESSING_RATE);
    Duration republish = ingestion.republishInterval();
    if (republish.isNegative()) {
      v.add(field(path, "republish_interval"), "must not be negative (0 turns it off)");
    } else if (!republish.isZero()
        && (republish.compareTo(MIN_REPUBLISH_INTERVAL) < 0
            || republish.compareTo(MAX_REPUBLISH_INTERVAL) > 0)) {
      v.add(
          field(path, "republish_interval"),
          "must be 0 (off) or between "
              + MIN_REPUBLISH_INTERVAL.toSeconds()
              + " s and "
              + MAX_REPUBLISH_INTERVAL.toDays()
              + " days");
    }
  }

  private static void enrichment(Violations v, String path, EnrichmentConfig enrichment) {
    v.range(field(path, "batch_size"), enrichment.batchSize(), 1, MAX_BATCH_SIZE);
    v.range(
        field(path, "batch_timeout_seconds"),
        enrichment.batchTimeoutSeconds(),
        0,
        MAX_BATCH_TIMEOUT_SECONDS);
    boolean batchSizeValid =
        enrichment.batchSize() >= 1 && enrichment.batchSize() <= MAX_BATCH_SIZE;
    if (enrichment.minBatchSize() < 1) {
      v.add(field(path, "min_batch_size"), "must be at least 1");
    } else if (batchSizeValid && enrichment.minBatchSize() > enrichment.batchSize()) {
      v.add(
          field(path, "min_batch_size"),
          "must not exceed batch_size (" + enrichment.batchSize() + ")");
    }
  }

  private static void schema(Violations v, String path, SchemaConfig schema) {
    v.optionalName(field(path, "default_measurement"), schema.defaultMeasurement());
    v.optionalName(field(path, "override_measurement"), schema.overrideMeasurement());
    String tagsPath = field(path, "tags");
    if (schema.tags().size() > MAX_TAGS) {
      v.add(tagsPath, "at most " + MAX_TAGS + " tags");
    } else {
      for (Map.Entry<String, String> tag : schema.tags().entrySet()) {
        String tagPath = key(tagsPath, tag.getKey());
        if (v.name(tagPath, tag.getKey()) && RESERVED_TAG_KEYS.contains(tag.getKey())) {
          v.add(tagPath, "is reserved by InfluxDB");
        }
        if (tag.getValue() == null) {
          v.add(tagPath, "tag value must not be null");
        } else {
          v.name(tagPath, tag.getValue());
        }
      }
    }
    v.items(field(path, "tags_attributes"), schema.tagsAttributes(), MAX_ITEMS, v::name);
    v.items(field(path, "ignore_attributes"), schema.ignoreAttributes(), MAX_ITEMS, v::name);
    v.entries(
        field(path, "component_config"),
        schema.componentConfig(),
        v::entityId,
        (p, c) -> componentConfig(v, p, c));
    v.entries(
        field(path, "component_config_domain"),
        schema.componentConfigDomain(),
        v::domain,
        (p, c) -> componentConfig(v, p, c));
    v.entries(
        field(path, "component_config_glob"),
        schema.componentConfigGlob(),
        v::glob,
        (p, c) -> componentConfig(v, p, c));
  }

  private static void componentConfig(Violations v, String path, ComponentConfig config) {
    v.optionalName(field(path, "override_measurement"), config.overrideMeasurement());
    if (config.ignoreAttributes() != null) {
      v.items(field(path, "ignore_attributes"), config.ignoreAttributes(), MAX_ITEMS, v::name);
    }
  }

  private static void weather(Violations v, String path, WeatherConfig weather) {
    String entityPath = field(path, "entity_id");
    if (weather.provider() == WeatherProvider.HA_ENTITY) {
      if (weather.entityId() == null) {
        v.add(entityPath, "is required when provider is ha_entity");
      } else if (v.entityId(entityPath, weather.entityId())
          && !EntityIds.domain(weather.entityId()).equals(WEATHER_DOMAIN)) {
        v.add(entityPath, "must be a weather.* entity");
      }
    } else if (weather.entityId() != null) {
      v.entityId(entityPath, weather.entityId());
    }
    Double latitude = weather.latitude();
    Double longitude = weather.longitude();
    if ((latitude == null) != (longitude == null)) {
      v.add(
          field(path, latitude == null ? "latitude" : "longitude"),
          "latitude and longitude go together (omit both to use HA's location)");
    }
    if (latitude != null && !(latitude >= -90 && latitude <= 90)) {
      v.add(field(path, "latitude"), "must be between -90 and 90");
    }
    if (longitude != null && !(longitude >= -180 && longitude <= 180)) {
      v.add(field(path, "longitude"), "must be between -180 and 180");
    }
    Duration refresh = weather.refreshInterval();
    if (refresh.compareTo(MIN_WEATHER_REFRESH) < 0 || refresh.compareTo(MAX_WEATHER_REFRESH) > 0) {
      v.add(field(path, "refresh_interval"), "must be between 1 min and 24 h");
    }
    v.items(
        field(path, "context_device_classes"),
        weather.contextDeviceClasses(),
        MAX_ITEMS,
        v::deviceClass);
  }

  /** Collects violations; each check returns whether its value was valid. */
  private static final class Violations {

    private final List<ConfigViolation> list = new ArrayList<>();

    List<ConfigViolation> list() {
      return List.copyOf(list);
    }

    void add(String path, String message) {
      list.add(new ConfigViolation(ConfigPaths.orDocument(path), message));
    }

    void range(String path, int value, int min, int max) {
      if (value < min || value > max) {
        add(path, "must be between " + min + " and " + max);
      }
    }

    <T> void items(String path, List<T> items, int max, Check<T> check) {
      if (items.size() > max) {
        add(path, "at most " + max + " items");
        return;
      }
      for (int i = 0; i < items.size(); i++) {
        T item = items.get(i);
        String itemPath = index(path, i);
        if (item == null) {
          add(itemPath, "must not be null");
        } else {
          check.test(itemPath, item);
        }
      }
    }

    <T> void entries(
        String path, Map<String, T> map, Check<String> keyCheck, BiConsumer<String, T> valueCheck) {
      if (map.size() > MAX_ITEMS) {
        add(path, "at most " + MAX_ITEMS + " entries");
        return;
      }
      for (Map.Entry<String, T> entry : map.entrySet()) {
        String entryPath = key(path, entry.getKey());
        keyCheck.test(entryPath, entry.getKey());
        if (entry.getValue() == null) {
          add(entryPath, "must not be null");
        } else {
          valueCheck.accept(entryPath, entry.getValue());
        }
      }
    }

    boolean text(String path, String value, int maxLength) {
      if (value.length() > maxLength) {
        add(path, "at most " + maxLength + " characters");
        return false;
      }
      if (CONTROL.matcher(value).find()) {
        add(path, "must not contain control characters");
        return false;
      }
      return true;
    }

    boolean name(String path, String value) {
      if (value.isBlank()) {
        add(path, "must not be blank");
        return false;
      }
      return text(path, value, MAX_NAME_LENGTH);
    }

    void optionalName(String path, String value) {
      if (value != null && value.isBlank()) {
        add(path, "must not be blank (omit it instead)");
      } else if (value != null) {
        name(path, value);
      }
    }

    boolean domain(String path, String value) {
      if (value.length() > MAX_NAME_LENGTH || !DOMAIN.matcher(value).matches()) {
        add(
            path,
            "not a valid domain (lower-case letters, digits, single underscores): " + shown(value));
        return false;
      }
      return true;
    }

    boolean entityId(String path, String value) {
      if (!EntityIds.isValid(value)) {
        add(path, "not a valid entity id (<domain>.<object_id>): " + shown(value));
        return false;
      }
      return true;
    }

    boolean glob(String path, String value) {
      if (value.length() > MAX_NAME_LENGTH || !GLOB.matcher(value).matches()) {
        add(
            path,
            "not a valid entity glob (a-z, 0-9, '_', '.', '*', '?', '[...]'): " + shown(value));
        return false;
      }
      try {
        EntityGlob.compile(value);
        return true;
      } catch (IllegalArgumentException e) {
        add(path, e.getMessage());
        return false;
      }
    }

    boolean deviceClass(String path, String value) {
      if (value.length() > MAX_NAME_LENGTH || !DEVICE_CLASS.matcher(value).matches()) {
        add(path, "not a valid device class (lower-case letters, digits, '_'): " + shown(value));
        return false;
      }
      return true;
    }

    private static String shown(String value) {
      return value.length() <= 64 ? "'" + value + "'" : "'" + value.substring(0, 64) + "…'";
    }
  }

  @FunctionalInterface
  private interface Check<T> {
    boolean test(String path, T value);
  }
}

package dev.haingestor.e2e.faults;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every secret the fault suite configures, each with a distinctive random value that cannot occur
 * by chance in a log line, a metric or an API answer — so a plain substring search finds any leak.
 */
record SuiteSecrets(
    String haToken,
    String influxToken,
    String adminApiKey,
    String readApiKey,
    String redisPassword) {

  static SuiteSecrets random() {
    return new SuiteSecrets(
        "ha-token-" + distinctive(),
        "influx-token-" + distinctive(),
        "admin-key-" + distinctive(),
        "read-key-" + distinctive(),
        "redis-pw-" + distinctive());
  }

  /** The same secrets with a given InfluxDB token (a server whose token cannot be chosen). */
  SuiteSecrets withInfluxToken(String token) {
    return new SuiteSecrets(haToken, token, adminApiKey, readApiKey, redisPassword);
  }

  /** Name → value, for the report of a leak (which secret, never its value). */
  Map<String, String> byName() {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("HA_TOKEN", haToken);
    all.put("INFLUXDB_TOKEN", influxToken);
    all.put("ADMIN_API_KEY", adminApiKey);
    all.put("READ_API_KEY", readApiKey);
    all.put("REDIS_PASSWORD", redisPassword);
    return all;
  }

  /** The names of the secrets that occur in {@code text}. */
  List<String> foundIn(String text) {
    return byName().entrySet().stream()
        .filter(secret -> text.contains(secret.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static String distinctive() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}

package dev.haingestor.admin.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the API. The keys are checked by {@link ApiKeys} (not by bean validation, whose
 * failure report would print the rejected value, i.e. the key, in the startup log).
 *
 * @param adminKey {@code ADMIN_API_KEY}: the key of the mutating endpoints (configuration, dead
 *     letters) and of every read; unset = the mutating endpoints answer 403, never open
 * @param readKey {@code READ_API_KEY}: the key of the read endpoints; unset = reads are open to
 *     every caller that reaches the port
 * @param healthOpen {@code ADMIN_HEALTH_OPEN}: {@code GET /api/v1/health} (and its probes) and
 *     {@code /actuator/health} answer without a key; default true, for container probes and uptime
 *     monitors
 */
@ConfigurationProperties("admin.security")
public record SecurityProperties(
    String adminKey, String readKey, @DefaultValue("true") boolean healthOpen) {

  /** Never prints the keys: records print all components by default. */
  @Override
  public String toString() {
    return "SecurityProperties[adminKey=%s, readKey=%s, healthOpen=%s]"
        .formatted(
            adminKey == null || adminKey.isEmpty() ? "none" : "****",
            readKey == null || readKey.isEmpty() ? "none" : "****",
            healthOpen);
  }
}

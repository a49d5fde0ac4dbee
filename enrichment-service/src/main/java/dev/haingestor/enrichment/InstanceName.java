package dev.haingestor.enrichment;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * This instance's stable name: its consumer name in the Redis consumer group and its heartbeat
 * instance. It must survive restarts, because the pending entries of a consumer are re-read only by
 * a consumer of the same name.
 *
 * @param value {@code ENRICHMENT_CONSUMER_NAME}, else {@code HOSTNAME} (a container's stable name),
 *     else the machine's host name
 */
public record InstanceName(String value) {

  public InstanceName {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("instance name must not be blank");
    }
  }

  static InstanceName resolve(String configured, Map<String, String> environment) {
    return resolve(configured, environment, InstanceName::localHostName);
  }

  static InstanceName resolve(
      String configured, Map<String, String> environment, Supplier<String> hostName) {
    if (configured != null && !configured.isBlank()) {
      return new InstanceName(configured.strip());
    }
    String hostnameVariable = environment.get("HOSTNAME");
    if (hostnameVariable != null && !hostnameVariable.isBlank()) {
      return new InstanceName(hostnameVariable.strip());
    }
    String host = hostName.get();
    // Only if the machine has no name at all: unique, but pending entries of a previous run then
    // wait for the (later) claiming of idle consumers' entries.
    return new InstanceName(
        host != null && !host.isBlank() ? host : "enrichment-" + UUID.randomUUID());
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}

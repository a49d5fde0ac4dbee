package dev.haingestor.ingestion.ha;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The connection to Home Assistant ({@code HA_*} environment variables).
 *
 * @param url HA's base URL ({@code http(s)://host:8123}), its WebSocket URL ({@code
 *     ws(s)://host:8123}) or the full {@code .../api/websocket} address ({@code HA_URL})
 * @param token a long-lived access token ({@code HA_TOKEN}); never logged
 * @param tokenFile a file holding the token, e.g. a Docker secret ({@code HA_TOKEN_FILE}); read
 *     again on every connection attempt, so fixing it heals an auth failure without a restart
 * @param reconnectMinDelay first delay after a lost connection ({@code HA_RECONNECT_MIN_DELAY})
 * @param reconnectMaxDelay cap of the exponential back-off ({@code HA_RECONNECT_MAX_DELAY})
 * @param authRetryDelay delay after HA refused the token ({@code HA_AUTH_RETRY_DELAY}); long,
 *     because failed logins count toward HA's IP ban
 * @param heartbeatInterval how often to send an application-level ping ({@code
 *     HA_HEARTBEAT_INTERVAL})
 * @param heartbeatTimeout how long to wait for its pong before declaring the connection dead
 *     ({@code HA_HEARTBEAT_TIMEOUT})
 * @param connectTimeout bound on connecting, authenticating and subscribing ({@code
 *     HA_CONNECT_TIMEOUT})
 * @param maxFrameSize largest WebSocket message accepted ({@code HA_MAX_FRAME_SIZE}); HA does not
 *     cap its outgoing frames and coalesced frames can be several MB
 * @param eventTypes further event types to subscribe to besides {@code state_changed} ({@code
 *     HA_EVENT_TYPES}, comma-separated); counted by type, not published
 * @param commandTimeout bound on waiting for the answer to {@code get_config} and {@code
 *     get_states} ({@code HA_COMMAND_TIMEOUT})
 * @param startupPollInterval while HA reports a {@code get_config.state} other than {@code
 *     RUNNING}, how often to ask again before backfill and snapshot start ({@code
 *     HA_STARTUP_POLL_INTERVAL})
 */
@Validated
@ConfigurationProperties(prefix = "ha")
public record HaProperties(
    @NotBlank(message = "HA_URL must be set, e.g. http://homeassistant.local:8123") String url,
    String token,
    Path tokenFile,
    @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration reconnectMinDelay,
    @NotNull @DurationMin(millis = 1) @DefaultValue("60s") Duration reconnectMaxDelay,
    @NotNull @DurationMin(millis = 1) @DefaultValue("5m") Duration authRetryDelay,
    @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration heartbeatInterval,
    @NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration heartbeatTimeout,
    @NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration connectTimeout,
    @NotNull @DefaultValue("16MB") DataSize maxFrameSize,
    @NotNull @DefaultValue List<@NotBlank String> eventTypes,
    @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration commandTimeout,
    @NotNull @DurationMin(millis = 1) @DefaultValue("5s") Duration startupPollInterval) {

  public HaProperties {
    eventTypes = eventTypes == null ? List.of() : List.copyOf(eventTypes);
  }

  @AssertTrue(
      message = "set HA_TOKEN (a long-lived access token) or HA_TOKEN_FILE (a file holding it)")
  public boolean isTokenConfigured() {
    return (token != null && !token.isBlank()) || tokenFile != null;
  }

  @AssertTrue(message = "HA_RECONNECT_MAX_DELAY must not be shorter than HA_RECONNECT_MIN_DELAY")
  public boolean isReconnectDelayRangeValid() {
    return reconnectMinDelay == null
        || reconnectMaxDelay == null
        || reconnectMaxDelay.compareTo(reconnectMinDelay) >= 0;
  }

  @AssertTrue(
      message =
          "HA_URL must be http(s)://host[:port], ws(s)://host[:port] or a .../api/websocket URL")
  public boolean isUrlValid() {
    if (url == null || url.isBlank()) {
      return true; // reported by @NotBlank
    }
    try {
      WebSocketUrl.derive(url);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @AssertTrue(message = "HA_MAX_FRAME_SIZE must be between 64KB and 2GB")
  public boolean isMaxFrameSizeValid() {
    return maxFrameSize == null
        || (maxFrameSize.toBytes() >= 64 * 1024 && maxFrameSize.toBytes() <= Integer.MAX_VALUE);
  }

  /** Never shows the token: records print every component by default. */
  @Override
  public String toString() {
    return "HaProperties[url="
        + url
        + ", token="
        + AccessToken.mask(token)
        + ", tokenFile="
        + tokenFile
        + ", reconnectMinDelay="
        + reconnectMinDelay
        + ", reconnectMaxDelay="
        + reconnectMaxDelay
        + ", authRetryDelay="
        + authRetryDelay
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", heartbeatTimeout="
        + heartbeatTimeout
        + ", connectTimeout="
        + connectTimeout
        + ", maxFrameSize="
        + maxFrameSize
        + ", eventTypes="
        + eventTypes
        + ", commandTimeout="
        + commandTimeout
        + ", startupPollInterval="
        + startupPollInterval
        + "]";
  }
}

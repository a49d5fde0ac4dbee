package dev.haingestor.ingestion.ha;

import java.time.Instant;
import java.util.Objects;

/**
 * The connection state with the reason it was entered.
 *
 * @param state the current state
 * @param reason why the connection is not (yet) subscribed; {@code null} when there is nothing to
 *     say
 * @param since when the state was entered
 */
public record ConnectionStatus(ConnectionState state, String reason, Instant since) {

  public ConnectionStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }
}

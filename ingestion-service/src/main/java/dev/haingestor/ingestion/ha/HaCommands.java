package dev.haingestor.ingestion.ha;

import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Commands sent over the current, subscribed connection ({@code get_states}, {@code get_config},
 * {@code history/history_during_period}). Valid for one connection only: when it ends, pending and
 * later calls fail with a {@link ConnectionClosedException}.
 */
public interface HaCommands {

  /**
   * Sends a command with the next id and waits for its result.
   *
   * @param body adds the command's fields besides {@code id} and {@code type}
   * @return the result; fails with {@link HaCommandException} when HA answered with an error, with
   *     {@link HaProtocolException} when no answer came within {@code timeout}, with {@link
   *     ConnectionClosedException} when the connection ended first
   */
  Mono<CommandResult> call(String type, Consumer<ObjectNode> body, Duration timeout);

  /** Which connection this is (1 for the first); changes on every reconnect. */
  long connection();
}
